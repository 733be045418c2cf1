#include <catch2/catch.hpp>

#include "read/json.h"

using namespace ecsguard;

TEST_CASE("located JSON knows the line and column of every value", "[json]") {
  std::string text =
      "{\n"
      "  \"a\": \"x\\\"y\",\n"
      "  \"n\": 512,\n"
      "  \"list\": [true, null, -1.5e3]\n"
      "}\n";
  JNode root;
  JsonError err;
  REQUIRE(parse_json_text(text, Limits{}, root, err));
  REQUIRE(root.is_object());
  CHECK(root.line == 1);
  CHECK(root.column == 1);
  const JNode* a = root.get("a");
  REQUIRE(a != nullptr);
  CHECK(a->text == "x\"y");
  CHECK(a->line == 2);
  CHECK(a->column == 8);
  const JNode* n = root.get("n");
  REQUIRE(n != nullptr);
  CHECK(n->text == "512");
  CHECK(n->line == 3);
  CHECK(n->column == 8);
  const JNode* list = root.get("list");
  REQUIRE(list != nullptr);
  CHECK(list->column == 11);
  REQUIRE(list->items.size() == 3);
  CHECK(list->items[0].column == 12);
  CHECK(list->items[1].column == 18);
  CHECK(list->items[2].column == 24);
  CHECK(list->items[2].number == -1500);
}

TEST_CASE("malformed JSON is an error with a position and what was expected", "[json]") {
  JNode root;
  JsonError err;
  REQUIRE_FALSE(parse_json_text("{\"a\": [1, 2}", Limits{}, root, err));
  CHECK(err.line == 1);
  CHECK(err.column == 12);
  CHECK(err.message == "syntax error while parsing array - unexpected '}'; expected ']'");

  REQUIRE_FALSE(parse_json_text("{\n  \"a\": \n", Limits{}, root, err));
  CHECK(err.line == 3);
  CHECK(err.message.find("unexpected end of input") != std::string::npos);
}

TEST_CASE("nesting beyond the limit is refused", "[json]") {
  Limits limits;
  limits.depth = 4;
  JNode root;
  JsonError err;
  CHECK(parse_json_text("[[[[]]]]", limits, root, err));
  REQUIRE_FALSE(parse_json_text("[[[[[]]]]]", limits, root, err));
  CHECK(err.message == "nesting deeper than 4 levels (limit depth = 4; raise it with --limit depth=N)");
  CHECK(err.limit == "depth");
  CHECK(err.column == 5);
}

TEST_CASE("token starts are recovered from the parser's read position", "[json]") {
  std::string s = R"({"k": "a\\\"b", "n": 12})";
  const char* b = s.data();
  // The string value "a\\\"b" ends at its closing quote.
  std::size_t close = s.find("\", \"n\"");
  CHECK(string_token_start(b, b + close + 1) - b == 6);
  std::size_t num_end = s.find('}') + 1;  // the lexer read the '}' after 12
  CHECK(number_token_start(b, b + num_end, b + s.size()) - b == static_cast<long>(s.find("12")));
}

TEST_CASE("json_to_value keeps pointers below a base", "[json]") {
  JNode root;
  JsonError err;
  REQUIRE(parse_json_text(R"({"a/b": [1, {"c": "d"}]})", Limits{}, root, err));
  Value v = json_to_value(root, nullptr, "/base");
  const Value* list = v.find("a/b");
  REQUIRE(list != nullptr);
  CHECK(list->pos().pointer == "/base/a~1b");
  CHECK(list->items()[1].find("c")->pos().pointer == "/base/a~1b/1/c");
  SourcePos fixed{9, 2, "/str"};
  Value w = json_to_value(root, &fixed);
  CHECK(w.find("a/b")->items()[0].pos() == fixed);
}

TEST_CASE("members left out are validated but not built", "[json]") {
  std::string text =
      "{\"change\": {\"before\": {\"a\": [1, {\"b\": 2}]}, \"after\": {\"before\": [3]},\n"
      " \"before_sensitive\": false}, \"before\": [4, 5]}";
  const std::vector<JsonPath> leave_out{{"change", "before"}, {"change", "before_sensitive"}};
  JNode root;
  JsonError err;
  LineCounter lines(text);
  REQUIRE(parse_json_range(text, 0, text.size(), lines, Limits{}, root, err, &leave_out));
  const JNode* change = root.get("change");
  REQUIRE(change != nullptr);
  const JNode* before = change->get("before");
  REQUIRE(before != nullptr);
  CHECK(before->is_object());  // an empty object stands in its place, where it was
  CHECK(before->items.empty());
  CHECK(before->column == 23);
  // Only the named paths: the same key elsewhere is built, and so is a scalar at the path.
  REQUIRE(change->get("after")->get("before") != nullptr);
  CHECK(change->get("after")->get("before")->items.size() == 1);
  CHECK(change->get("before_sensitive")->is_bool());
  CHECK(root.get("before")->items.size() == 2);
  // What is left out does not count against the nodes limit.
  Limits tight;
  tight.nodes = 10;
  LineCounter again(text);
  CHECK(parse_json_range(text, 0, text.size(), again, tight, root, err, &leave_out));
  LineCounter all(text);
  CHECK_FALSE(parse_json_range(text, 0, text.size(), all, tight, root, err));
  // It is still read: a syntax error inside it is reported.
  std::string bad = "{\"change\": {\"before\": {\"a\": [1,, 2]}}}";
  LineCounter bad_lines(bad);
  REQUIRE_FALSE(parse_json_range(bad, 0, bad.size(), bad_lines, Limits{}, root, err, &leave_out));
  CHECK(err.column == 32);
}

namespace {

// parse_json_value against parse_json_text + json_to_value: the same value (positions and
// sensitivity included, which Value's == leaves out, so both are rendered too) or the same error.
void same_as_tree(const std::string& text, const Limits& limits = Limits{}) {
  INFO(text.substr(0, 200));
  const ecsguard::SourcePos pos{7, 9, "/resource_changes/0/change/after/container_definitions"};
  ecsguard::JNode doc;
  ecsguard::JsonError tree_error, value_error;
  bool tree_ok = ecsguard::parse_json_text(text, limits, doc, tree_error);
  ecsguard::Value value;
  bool value_ok = ecsguard::parse_json_value(text, limits, pos, value, value_error);
  REQUIRE(value_ok == tree_ok);
  if (!tree_ok) {
    CHECK(value_error.message == tree_error.message);
    CHECK(value_error.limit == tree_error.limit);
    CHECK(value_error.offset == tree_error.offset);
    CHECK(value_error.line == tree_error.line);
    CHECK(value_error.column == tree_error.column);
    return;
  }
  ecsguard::Value expected = ecsguard::json_to_value(doc, &pos);
  CHECK(value == expected);
  CHECK(value.to_json() == expected.to_json());
  // Every value, however deep, carries the string's position.
  std::vector<const ecsguard::Value*> todo{&value};
  while (!todo.empty()) {
    const ecsguard::Value* v = todo.back();
    todo.pop_back();
    CHECK(v->pos() == pos);
    for (const auto& item : v->items()) todo.push_back(&item);
  }
}

}  // namespace

TEST_CASE("JSON in a string becomes the values its tree would give", "[json]") {
  for (const char* text :
       {R"([{"name":"web","image":"nginx:1.25","cpu":256,"memory":512.5,"essential":true,)"
        R"("portMappings":[{"containerPort":80,"hostPort":0}],"environment":[],)"
        R"("secrets":null,"command":["sh","-c","echo \"hi\" \u00e9"]}])",
        R"({"b":1,"a":2,"b":3})",  // a repeated key: the last
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
        R"("just a string")", "42", "-7", "18446744073709551615", "1e3", "-0.5", "1.0E-2",
        "true", "null", "[]", "{}", "\xEF\xBB\xBF[1]", " [ 1 , 2 ] ",
        // faults: syntax, trailing bytes, a number that overflows, empty
        "[1,]", "{\"a\":1} x", "1e999", "", "[\"\x01\"]", "{\"a\" 1}"}) {
    same_as_tree(text);
  }
  Limits tight;
  tight.depth = 3;
  tight.nodes = 10;
  tight.string_length = 8;
  for (const char* text :
       {"[[[[1]]]]", "[[[1]]]", "[[1]]", "[1,2,3,4,5,6,7,8,9]", "[1,2,3,4,5,6,7,8,9,10]",
        R"(["12345678"])", R"(["123456789"])", R"({"123456789":1})",
        R"({"a":[1,2,3,4,5,6,7,8]})"}) {
    same_as_tree(text, tight);
  }
}
