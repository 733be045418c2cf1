// The parsers ecsguard is measured against (docs/performance.md), on the same file and in the
// same run: nlohmann's SAX parser with a handler that does nothing, nlohmann::json::parse into a
// DOM, and yaml-cpp's YAML::Load. The file is read into memory first and that is not timed; the
// time printed (seconds, on stdout) is the best of REPEAT runs.
//
//   parse_baseline sax|dom|yaml FILE [REPEAT]
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

// Accepts every event: the cost measured is nlohmann's lexer and parser alone.
struct NoOp : nlohmann::json_sax<nlohmann::json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

bool parse(const std::string& mode, const std::string& text) {
  if (mode == "sax") {
    NoOp handler;
    return nlohmann::json::sax_parse(text, &handler);
  }
  if (mode == "dom") {
    nlohmann::json doc = nlohmann::json::parse(text);
    return !doc.is_discarded();
  }
  YAML::Node doc = YAML::Load(text);
  return doc.IsDefined();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: parse_baseline sax|dom|yaml FILE [REPEAT]\n";
    return 2;
  }
  std::string mode = argv[1];
  if (mode != "sax" && mode != "dom" && mode != "yaml") {
    std::cerr << "parse_baseline: unknown mode '" << mode << "'\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "parse_baseline: cannot read " << argv[2] << "\n";
    return 2;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!parse(mode, text)) {
      std::cerr << "parse_baseline: " << argv[2] << " did not parse\n";
      return 1;
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  std::printf("%.6f\n", best);
  return 0;
}
