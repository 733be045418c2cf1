#include <catch2/catch.hpp>

#include "core/value.h"

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
