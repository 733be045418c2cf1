// Golden graph dumps: every input listed in testdata/golden/graph/INPUTS is read and its text
// dump compared with testdata/golden/graph/<input>.txt. UPDATE_GOLDEN=1 rewrites the files.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "graph/dump.h"
#include "inputs/inputs.h"

namespace fs = std::filesystem;
using namespace ecsguard;

namespace {

std::vector<std::string> listed_inputs() {
  std::ifstream list("testdata/golden/graph/INPUTS");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (fs::is_directory(line)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(line)) {
        if (e.is_regular_file() && e.path().extension() == ".json") {
          found.push_back(e.path().generic_string());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(line);
    }
  }
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("graph dumps match the golden files", "[golden]") {
  bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
  auto inputs = listed_inputs();
  REQUIRE(inputs.size() >= 40);
  for (const auto& input : inputs) {
    INFO("input: " << input);
    Graph g;
    REQUIRE(read_input(InputFile{input, true}, InputOptions{}, g));
    std::ostringstream out;
    write_graph_text(out, {&g});
    fs::path golden = fs::path("testdata/golden/graph") / (input + ".txt");
    if (update) {
      fs::create_directories(golden.parent_path());
      std::ofstream(golden, std::ios::binary) << out.str();
      continue;
    }
    REQUIRE(fs::exists(golden));
    CHECK(out.str() == slurp(golden));
  }
}

TEST_CASE("graph dumps of many graphs are written in parts, the same text", "[golden]") {
  // Every golden input at once: the text and JSON dumps are written a few nodes at a time, and
  // the text of several graphs is the text of each, one after the other.
  std::vector<Graph> graphs;
  for (const auto& input : listed_inputs()) {
    graphs.emplace_back();
    REQUIRE(read_input(InputFile{input, true}, InputOptions{}, graphs.back()));
  }
  std::vector<const Graph*> all;
  std::string each;
  for (const Graph& g : graphs) {
    all.push_back(&g);
    std::ostringstream one;
    write_graph_text(one, {&g});
    each += one.str();
  }
  std::ostringstream text, json;
  write_graph_text(text, all);
  REQUIRE(text.str().size() > 4 * (std::size_t{1} << 16));
  CHECK(text.str() == each);
  write_graph_json(json, all);
  CHECK(json.str().size() > 4 * (std::size_t{1} << 16));
  nlohmann::json parsed = nlohmann::json::parse(json.str());
  CHECK(parsed["inputs"].size() == graphs.size());
}
