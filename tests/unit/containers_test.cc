// The small value containers results are made of: SharedText, JsonPointer and SmallVector.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/json_pointer.h"
#include "core/permute.h"
#include "core/shared_text.h"
#include "core/small_vector.h"
#include "core/value.h"

namespace ecsguard {
namespace {

TEST_CASE("SharedText: copies share one buffer and compare by content", "[containers]") {
  SharedText empty;
  CHECK(empty.empty());
  CHECK(empty.size() == 0);
  CHECK(std::string(empty.data()).empty());
  CHECK(empty == "");
  CHECK(SharedText("").empty());

  SharedText a = std::string("/Resources/Web/Properties");
  SharedText b = a;
  CHECK(a.data() == b.data());  // one buffer
  CHECK(a == b);
  CHECK(a == "/Resources/Web/Properties");
  CHECK(a == std::string("/Resources/Web/Properties"));
  CHECK(a != "/Resources/Web");
  CHECK(a.str() == "/Resources/Web/Properties");
  CHECK(a + "/Image" == "/Resources/Web/Properties/Image");
  CHECK(std::string(a.data()) == a.str());  // NUL-terminated

  SharedText c("/Resources/Web/Properties");  // equal content, another buffer
  CHECK(c.data() != a.data());
  CHECK(c == a);
  CHECK_FALSE(c < a);
  CHECK(SharedText("a") < SharedText("b"));
  CHECK(SharedTextHash()(a) == SharedTextHash()(c));

  SharedText moved = std::move(b);
  CHECK(moved == a);
  CHECK(b.empty());  // NOLINT: a moved-from SharedText is empty
  b = moved;
  CHECK(b.data() == a.data());
  const SharedText& same = b;
  b = same;  // self-assignment keeps the text
  CHECK(b == a);
  b = SharedText("other");
  CHECK(b == "other");
  CHECK(a == "/Resources/Web/Properties");
}

TEST_CASE("SharedText: copies made and dropped on several threads", "[containers]") {
  SharedText shared("/planned_values/root_module/resources/0/values/container_definitions");
  std::vector<std::thread> threads;
  std::atomic<int> elsewhere{0};  // Catch's assertions are not for other threads: counted here
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared, &elsewhere] {
      std::vector<SharedText> copies;
      for (int i = 0; i < 10000; ++i) copies.push_back(shared);
      for (const auto& c : copies) {
        if (c.data() != shared.data()) ++elsewhere;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(elsewhere == 0);
  CHECK(shared == "/planned_values/root_module/resources/0/values/container_definitions");
}

TEST_CASE("JsonPointer: whole texts, and links in an arena from their parents", "[containers]") {
  JsonPointer empty;
  CHECK(empty.empty());
  CHECK(empty.str().empty());
  CHECK(JsonPointer("").empty());
  JsonPointer a("/resource_changes/3/change/after");
  JsonPointer b = a;
  CHECK(a == b);
  CHECK(a == "/resource_changes/3/change/after");
  CHECK(a.size() == 32);
  CHECK(a + "/tags" == "/resource_changes/3/change/after/tags");
  CHECK(std::string("at ") + a == "at /resource_changes/3/change/after");

  Arena arena;
  ArenaPointers pointers(arena);
  JsonPointer parent = a;
  pointers.move(parent, JsonPointer(), std::string_view());
  CHECK(parent.in_arena());
  CHECK(parent == a);
  CHECK(parent.str() == a.str());
  // A child that goes on from its parent is a link: its text is put together when asked.
  JsonPointer child("/resource_changes/3/change/after/tags/Name");
  JsonPointer copy = child;  // moved once: the copy is moved to the same arena pointer
  pointers.move(child, parent, a.str());
  CHECK(child.in_arena());
  CHECK(child == "/resource_changes/3/change/after/tags/Name");
  CHECK(child == JsonPointer("/resource_changes/3/change/after/tags/Name"));
  CHECK(child.hash() == JsonPointer("/resource_changes/3/change/after/tags/Name").hash());
  CHECK(child != parent);
  std::string out = "#";
  child.append_to(out);
  CHECK(out == "#/resource_changes/3/change/after/tags/Name");
  pointers.move(copy, parent, a.str());
  CHECK(copy == child);
  // One that does not (a prefix of its text that stops inside a token, another parent): a link
  // from its own prefix, which the pointers moved with it share.
  JsonPointer odd("/resource_changes/3/change/afterwards");
  pointers.move(odd, parent, a.str());
  CHECK(odd == "/resource_changes/3/change/afterwards");
  JsonPointer sibling("/resource_changes/3/change/before");
  pointers.move(sibling, JsonPointer(), std::string_view());
  CHECK(sibling == "/resource_changes/3/change/before");
  JsonPointer top("/x");
  pointers.move(top, JsonPointer(), std::string_view());
  CHECK(top == "/x");
  CHECK(top.size() == 2);
  pointers.clear();  // the moved pointers stay valid: they are the arena's
  CHECK(child.str() == "/resource_changes/3/change/after/tags/Name");
}

TEST_CASE("JsonPointer: a frozen value's pointers read as they did", "[containers]") {
  Arena arena;  // first: it outlives the values kept in it
  Value v = Value::map();
  v.set_pos(SourcePos{1, 2, "/a"});
  Value list = Value::list();
  list.set_pos(SourcePos{1, 3, "/a/b~1c"});
  for (int i = 0; i < 3; ++i) {
    Value item = Value::string("x");
    item.set_pos(SourcePos{1, 4, "/a/b~1c/" + std::to_string(i)});
    list.push_back(std::move(item));
  }
  Value shared = Value::string("y");
  shared.set_pos(SourcePos{1, 5, "/a/b~1c"});  // the same pointer as its parent's
  list.push_back(shared);
  v.set("b/c", std::move(list));
  ArenaPointers pointers(arena);
  v.freeze(arena, &pointers);
  pointers.clear();
  CHECK(v.pos().pointer == "/a");
  const Value& frozen = *v.find("b/c");
  CHECK(frozen.pos().pointer == "/a/b~1c");
  CHECK(frozen.items()[2].pos().pointer == "/a/b~1c/2");
  CHECK(frozen.items()[3].pos().pointer == "/a/b~1c");
  Value copy = v;  // a copy's pointers are the arena's too: the arena must outlive it
  CHECK(copy.find("b/c")->items()[0].pos().pointer.str() == "/a/b~1c/0");
}

TEST_CASE("SmallVector: inline up to N, on the heap beyond, like a vector", "[containers]") {
  using Strings = SmallVector<std::string, 1>;
  Strings v;
  CHECK(v.empty());
  CHECK(v.begin() == v.end());
  v.push_back("a long string that does not fit the small-string buffer");
  CHECK(v.size() == 1);
  CHECK(v.front() == "a long string that does not fit the small-string buffer");
  v.emplace_back("b");
  v.push_back(std::string("c"));
  REQUIRE(v.size() == 3);
  CHECK(v[0] == "a long string that does not fit the small-string buffer");
  CHECK(v[1] == "b");
  CHECK(v.back() == "c");
  CHECK(std::vector<std::string>(v.begin(), v.end()) ==
        std::vector<std::string>{"a long string that does not fit the small-string buffer", "b",
                                 "c"});

  SECTION("copies are deep") {
    Strings copy = v;
    copy[1] = "changed";
    CHECK(v[1] == "b");
    CHECK(copy.size() == 3);
    Strings assigned;
    assigned.push_back("x");
    assigned = copy;
    CHECK(assigned == copy);
    const Strings& same = assigned;
    assigned = same;  // self-assignment
    CHECK(assigned == copy);
  }
  SECTION("moves take the heap buffer or the inline element") {
    Strings moved = std::move(v);
    CHECK(moved.size() == 3);
    CHECK(v.empty());  // NOLINT: moved-from is empty and usable
    v.push_back("again");
    CHECK(v.front() == "again");

    Strings one;
    one.push_back("only one, inline, with a long enough text to allocate");
    Strings taken(std::move(one));
    CHECK(taken.size() == 1);
    CHECK(taken.front() == "only one, inline, with a long enough text to allocate");
    CHECK(one.empty());  // NOLINT
    Strings target;
    target.push_back("x");
    target.push_back("y");
    target = std::move(taken);
    CHECK(target.size() == 1);
    CHECK(target.front() == "only one, inline, with a long enough text to allocate");
  }
  SECTION("clear and reuse") {
    v.clear();
    CHECK(v.empty());
    for (int i = 0; i < 100; ++i) v.push_back(std::to_string(i));
    CHECK(v.size() == 100);
    CHECK(v[99] == "99");
  }
  SECTION("in a std::vector that reallocates") {
    std::vector<Strings> many;
    for (int i = 0; i < 1000; ++i) {
      Strings s;
      s.push_back(std::to_string(i));
      if (i % 3 == 0) s.push_back("second");
      many.push_back(std::move(s));
    }
    for (int i = 0; i < 1000; ++i) {
      REQUIRE(many[static_cast<std::size_t>(i)].front() == std::to_string(i));
      REQUIRE(many[static_cast<std::size_t>(i)].size() == (i % 3 == 0 ? 2u : 1u));
    }
  }
}

}  // namespace
}  // namespace ecsguard

TEST_CASE("apply_permutation puts each item where the order says, in place", "[containers]") {
  uint32_t seed = 7;
  for (std::size_t n : {0, 1, 2, 3, 10, 1000}) {
    std::vector<uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    for (std::size_t i = n; i > 1; --i) {  // a seeded shuffle
      seed = seed * 1103515245 + 12345;
      std::swap(order[i - 1], order[(seed >> 8) % i]);
    }
    std::vector<std::string> items(n);
    for (std::size_t i = 0; i < n; ++i) items[i] = "item " + std::to_string(i);
    std::vector<std::string> expected(n);
    for (std::size_t i = 0; i < n; ++i) expected[i] = items[order[i]];
    ecsguard::apply_permutation(items, order);
    CHECK(items == expected);
  }
}
