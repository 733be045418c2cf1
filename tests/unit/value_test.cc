#include "core/value.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "core/arena.h"

using ecsguard::Value;

TEST_CASE("values have three states", "[value]") {
  Value known = Value::string("awsvpc");
  Value absent = Value::absent(Value::string("bridge"));
  Value bare_absent = Value::absent();
  Value unknown = Value::unknown("known after apply: aws_iam_role.exec.arn");

  CHECK(known.is_known());
  CHECK(known.is_string());
  CHECK(absent.is_absent());
  REQUIRE(absent.default_value() != nullptr);
  CHECK(absent.default_value()->text() == "bridge");
  CHECK(bare_absent.default_value() == nullptr);
  CHECK(unknown.is_unknown());
  CHECK(unknown.reason() == "known after apply: aws_iam_role.exec.arn");

  CHECK(known.render() == "\"awsvpc\"");
  CHECK(absent.render() == "absent (default \"bridge\")");
  CHECK(bare_absent.render() == "absent");
  CHECK(unknown.render() == "unknown (known after apply: aws_iam_role.exec.arn)");
}

TEST_CASE("maps keep keys sorted and support dotted paths", "[value]") {
  Value m = Value::map();
  m.set("zeta", Value::number(1));
  m.set("alpha", Value::boolean(true));
  m.set_path("log_configuration.log_driver", Value::string("awslogs"));
  REQUIRE(m.keys().size() == 3);
  CHECK(m.keys()[0] == "alpha");
  CHECK(m.keys()[1] == "log_configuration");
  CHECK(m.keys()[2] == "zeta");
  const Value* driver = m.find_path("log_configuration.log_driver");
  REQUIRE(driver != nullptr);
  CHECK(driver->text() == "awslogs");
  CHECK(m.find_path("log_configuration.options") == nullptr);
  CHECK(m.find_path("alpha.beta") == nullptr);
  m.set("zeta", Value::number(2));
  CHECK(m.find("zeta")->as_number() == 2);
  CHECK(m.erase("zeta"));
  CHECK_FALSE(m.erase("zeta"));
  CHECK(m.render() == "{\"alpha\":true,\"log_configuration\":{\"log_driver\":\"awslogs\"}}");
}

TEST_CASE("sensitive values never render their content", "[value]") {
  Value env = Value::map();
  env.set("name", Value::string("DB_PASSWORD"));
  env.set("value", Value::string("hunter2"));
  Value list = Value::list({env});
  list.mark_sensitive_deep();
  CHECK(list.render() == "<sensitive>");
  CHECK(list.items()[0].find("value")->render() == "<sensitive>");
  CHECK(list.items()[0].find("value")->text() == "hunter2");  // still evaluable
}

TEST_CASE("equality ignores positions but not state or defaults", "[value]") {
  Value a = Value::string("x");
  a.set_pos({3, 7, "/a"});
  Value b = Value::string("x");
  CHECK(a == b);
  CHECK(Value::absent(Value::boolean(false)) == Value::absent(Value::boolean(false)));
  CHECK(Value::absent(Value::boolean(false)) != Value::absent());
  CHECK(Value::absent() != Value::null());
  CHECK(Value::number(512) == Value::number(512.0, "512"));
  CHECK(Value::number(512) != Value::string("512"));
  CHECK(Value::unknown("a") == Value::unknown("b"));
}

TEST_CASE("texts up to 11 bytes are kept inline, longer ones on the heap, all intact", "[value]") {
  for (std::size_t n : {0, 1, 10, 11, 12, 15, 16, 17, 100, 5000}) {
    std::string s(n, 'a');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    Value v = Value::string(s);
    CHECK(v.text() == s);
    Value copy = v;
    Value moved = std::move(v);
    CHECK(copy.text() == s);
    CHECK(moved.text() == s);
    copy = moved;
    copy = copy;  // self-assignment keeps the text
    CHECK(copy.text() == s);
    CHECK(Value::unknown(s).reason() == s);
    CHECK(Value::number(1, s.empty() ? "1" : s).text() == (s.empty() ? "1" : s));
  }
  CHECK(sizeof(Value) <= 32);
}

TEST_CASE("numbers read back from their spelling", "[value]") {
  CHECK(Value::number(512).text() == "512");
  CHECK(Value::number(512).as_number() == 512);
  CHECK(Value::number(0.5).text() == "0.5");
  CHECK(Value::number(0.1).as_number() == 0.1);
  CHECK(Value::number(1000, "1e3").as_number() == 1000);
  CHECK(Value::number(1000, "1e3").text() == "1e3");
  CHECK(Value::number(1000, "1e3") == Value::number(1000));  // by value, not spelling
  CHECK(Value::number(-0.0, "-0").as_number() == 0);
  CHECK(std::signbit(Value::number(-0.0, "-0").as_number()));
  // Integers past 2^53 keep their digits and read as the double nearest them.
  CHECK(Value::number(9007199254740993.0, "9007199254740993").as_number() == 9007199254740992.0);
  const double third = 1.0 / 3;
  CHECK(Value::number(third).as_number() == third);
  CHECK(Value::number(123456789.125).as_number() == 123456789.125);  // a spelling on the heap
  CHECK(Value::number(1.5, "1.5000000000000000000000").as_number() == 1.5);
  // Past a double's range, as strtod reads it; not finite: spelt null, read as NaN.
  CHECK(std::isinf(Value::number(HUGE_VAL, "1e999").as_number()));
  CHECK(Value::number(std::nan("")).text() == "null");
  CHECK(std::isnan(Value::number(std::nan("")).as_number()));
  CHECK(Value::string("512").as_number() == 0);
  CHECK(Value::unknown("512").as_number() == 0);
  Value copy = Value::number(2048, "2048.0");
  Value moved = std::move(copy);
  CHECK(moved.as_number() == 2048);
  CHECK(moved.text() == "2048.0");
}

TEST_CASE("a value becomes another kind of value with all it holds", "[value]") {
  Value v = Value::string("a text longer than fifteen bytes");
  v.set("key", Value::string("value"));  // a string becomes a map
  CHECK(v.is_map());
  CHECK(v.text().empty());
  CHECK(v.find("key")->text() == "value");
  v = Value::unknown("known after apply: aws_iam_role.exec.arn");
  CHECK(v.size() == 0);
  CHECK(v.reason() == "known after apply: aws_iam_role.exec.arn");
  v.push_back(Value::number(1));  // an unknown value becomes a list
  CHECK(v.is_list());
  CHECK(v.items()[0].as_number() == 1);
  v = Value::absent(Value::string("a default longer than fifteen bytes"));
  Value copy = v;
  CHECK(copy.default_value()->text() == "a default longer than fifteen bytes");
  v = Value::number(7);
  CHECK(v.default_value() == nullptr);
  CHECK(copy.default_value()->text() == "a default longer than fifteen bytes");
}

TEST_CASE("lists and maps grow, copy and move as values", "[value]") {
  Value list = Value::list();
  for (int i = 0; i < 1000; ++i) list.push_back(Value::string("item-number-" + std::to_string(i)));
  REQUIRE(list.size() == 1000);
  CHECK(list.items()[999].text() == "item-number-999");
  Value copy = list;
  copy.items()[0] = Value::number(7);
  CHECK(list.items()[0].text() == "item-number-0");  // copies share nothing
  CHECK(copy.items()[0].as_number() == 7);
  Value moved = std::move(copy);
  CHECK(moved.size() == 1000);
  CHECK(moved.items()[0].as_number() == 7);

  // Keys in any order, replaced, erased: the map agrees with std::map after every step.
  std::map<std::string, int> model;
  Value m = Value::map();
  uint32_t seed = 12345;
  for (int step = 0; step < 5000; ++step) {
    seed = seed * 1103515245 + 12345;
    std::string key = "k" + std::to_string((seed >> 8) % 300);
    if ((seed >> 20) % 4 == 0) {
      CHECK(m.erase(key) == (model.erase(key) == 1));
    } else {
      m.set(key, Value::number(step));
      model[key] = step;
    }
  }
  REQUIRE(m.size() == model.size());
  std::size_t i = 0;
  for (const auto& [key, step] : model) {
    CHECK(m.keys()[i] == key);
    CHECK(m.items()[i].as_number() == step);
    CHECK(m.find(key) == &m.items()[i]);
    ++i;
  }
  Value m2 = m;
  CHECK(m2 == m);
  m2.merge_missing({{"a-first", &list}, {"zz-last", &list}});
  CHECK(m2.size() == m.size() + 2);
  CHECK(m2.keys()[0] == "a-first");
  CHECK(m2.find("zz-last")->size() == 1000);
  CHECK(m2.find("k1") != nullptr);
  CHECK(m != m2);

  // An absent value's default is shared by copies and outlives the original.
  Value absent = Value::absent(Value::string("a default longer than fifteen bytes"));
  Value absent_copy = absent;
  absent = Value::null();
  REQUIRE(absent_copy.default_value() != nullptr);
  CHECK(absent_copy.default_value()->text() == "a default longer than fifteen bytes");

  // Setting a key on a value that is not a map makes it one; a number keeps its value when
  // copied and moved.
  Value scalar = Value::number(3.5, "3.5");
  Value scalar_copy = scalar;
  Value scalar_moved = std::move(scalar_copy);
  CHECK(scalar_moved.as_number() == 3.5);
  CHECK(scalar_moved.items().empty());
  scalar.set("x", Value::boolean(true));
  CHECK(scalar.is_map());
  CHECK(scalar.find("x")->as_bool());
}

TEST_CASE("retain keeps the map entries asked for, in order, changed as asked", "[value]") {
  ecsguard::Arena arena;  // first: it outlives the frozen map
  for (bool frozen : {false, true}) {
    INFO("frozen: " << frozen);
    Value m = Value::map();
    for (int i = 0; i < 10; ++i) {
      Value inner = Value::map();
      inner.set("n", Value::number(i));
      inner.set("drop", Value::boolean(true));
      m.set("k" + std::to_string(i), std::move(inner));
    }
    if (frozen) m.freeze(arena);
    std::vector<std::string> shown;
    m.retain([&](const ecsguard::SharedText& key, Value& item) {
      shown.emplace_back(key.view());
      item.erase("drop");
      const auto n = static_cast<int>(item.find("n")->as_number());
      return n % 3 != 0;
    });
    CHECK(shown.size() == 10);  // each entry once, in key order
    CHECK(std::is_sorted(shown.begin(), shown.end()));
    CHECK(m.render() == "{\"k1\":{\"n\":1},\"k2\":{\"n\":2},\"k4\":{\"n\":4},\"k5\":{\"n\":5},"
                        "\"k7\":{\"n\":7},\"k8\":{\"n\":8}}");
    CHECK(m.find("k4") == &m.items()[2]);
    m.retain([](const ecsguard::SharedText&, Value&) { return false; });
    CHECK(m.size() == 0);
    CHECK(m.is_map());
  }
  Value scalar = Value::string("x");  // not a map: nothing to do
  scalar.retain([](const ecsguard::SharedText&, Value&) { return false; });
  CHECK(scalar.text() == "x");
}
