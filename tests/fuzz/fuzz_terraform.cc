// Fuzz target: the Terraform plan/state reader on arbitrary bytes. Also checks that the fast JSON
// reader and nlohmann's parser agree on the plan index and on located trees: the fast reader may
// hand a document back, but never accept one nlohmann refuses or read it differently; that a
// plan read by two readers at once gives what one reader gives; and that a read keeping only some
// attributes (as a scan does) reports the same diagnostics, nodes and kept values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <sstream>
#include <string>

#include "graph/dump.h"
#include "read/input.h"
#include "read/json.h"
#include "terraform/normalise.h"
#include "terraform/plan_index.h"
#include "terraform/reader.h"

namespace {

void same_tree(const ecsguard::JNode& a, const ecsguard::JNode& b) {
  bool same = a.type == b.type && a.boolean == b.boolean && a.text == b.text &&
              a.keys == b.keys && a.offset == b.offset && a.line == b.line &&
              a.column == b.column && a.items.size() == b.items.size() &&
              (a.number == b.number || (a.number != a.number && b.number != b.number));
  if (!same) std::abort();
  for (std::size_t i = 0; i < a.items.size(); ++i) same_tree(a.items[i], b.items[i]);
}

void same_outcome(const std::string& text) {
  using namespace ecsguard;
  Limits limits;
  Deadline never;
  terraform::PlanIndex fast, reference;
  terraform::IndexError fast_error, reference_error;
  bool a = terraform::index_plan(text, terraform::is_modelled_type, limits, never, fast, fast_error);
  bool b = terraform::index_plan_reference(text, terraform::is_modelled_type, limits, never,
                                           reference, reference_error);
  if (a != b || fast.changes.size() != reference.changes.size() ||
      fast.top_keys != reference.top_keys || fast.config.size() != reference.config.size() ||
      fast_error.message != reference_error.message || fast_error.offset != reference_error.offset) {
    std::abort();
  }
  for (std::size_t i = 0; i < fast.changes.size(); ++i) {
    if (fast.changes[i].range.begin != reference.changes[i].range.begin ||
        fast.changes[i].range.end != reference.changes[i].range.end ||
        fast.changes[i].address != reference.changes[i].address) {
      std::abort();
    }
  }
  JNode x, y;
  JsonError ex, ey;
  LineCounter lx(text), ly(text);
  bool c = parse_json_range(text, 0, text.size(), lx, limits, x, ex);
  bool d = parse_json_range_reference(text, 0, text.size(), ly, limits, y, ey);
  if (c != d || ex.message != ey.message || ex.offset != ey.offset) std::abort();
  if (c) same_tree(x, y);
}

// The graph, diagnostics and removed resources of a read, as text.
std::string everything(const ecsguard::Graph& g) {
  std::ostringstream out;
  ecsguard::write_graph_text(out, {&g});
  for (const auto& d : g.info().diagnostics) {
    out << d.code << " " << d.location.line << ":" << d.location.column << " " << d.message
        << "\n";
  }
  for (const auto& r : g.info().removed) out << r.address << " " << r.action << "\n";
  return out.str();
}

// Keeps what side resources write, a few attributes of every kind whole, a few paths below
// others, and some values only as being set, as a scan's policies would.
const std::shared_ptr<const ecsguard::KeptAttributes>& some_attributes() {
  using namespace ecsguard;
  static const std::shared_ptr<const KeptAttributes> kept = [] {
    auto k = std::make_shared<KeptAttributes>();
    k->keep_presence(NodeKind::kEcrRepository, "lifecycle_policy");
    for (int kind = 0; kind < kNodeKindCount; ++kind) {
      for (const char* name : {"name", "environment", "privileged", "network_mode",
                               "enable_execute_command", "network_configuration", "cluster",
                               "log_configuration.log_driver", "linux_parameters.capabilities.drop",
                               "configuration.execute_command_configuration.logging"}) {
        k->keep(static_cast<NodeKind>(kind), name);
      }
      k->keep_presence(static_cast<NodeKind>(kind), "tags");
    }
    keep_folded_attributes(*k);
    return k;
  }();
  return kept;
}

ecsguard::PendingKeptAttributes pending(std::shared_ptr<const ecsguard::KeptAttributes> kept) {
  std::promise<std::shared_ptr<const ecsguard::KeptAttributes>> p;
  p.set_value(std::move(kept));
  return p.get_future().share();
}

void same_kept(const ecsguard::Graph& all, const ecsguard::Graph& some) {
  using namespace ecsguard;
  if (all.nodes().size() != some.nodes().size() ||
      all.info().diagnostics.size() != some.info().diagnostics.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < all.info().diagnostics.size(); ++i) {
    const Diagnostic& a = all.info().diagnostics[i];
    const Diagnostic& b = some.info().diagnostics[i];
    if (a.code != b.code || a.message != b.message || !(a.location == b.location)) std::abort();
  }
  for (std::size_t i = 0; i < all.nodes().size(); ++i) {
    const Node& a = all.nodes()[i];
    const Node& b = some.nodes()[i];
    if (a.address != b.address || a.element != b.element) std::abort();
    // What is kept is the full read's value, pruned as the filter prunes it.
    for (const SharedText& key : b.attributes.keys()) {
      const Value* full = a.attributes.find(key.view());
      const Value* kept = b.attributes.find(key.view());
      if (full == nullptr) std::abort();
      Value expected = *full;
      some_attributes()->prune_attribute(a.kind, key.view(), expected);
      if (expected.to_json() != kept->to_json()) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  same_outcome(text);
  auto buffer = ecsguard::InputBuffer::from_string("fuzz.json", std::move(text));
  ecsguard::Graph g = ecsguard::terraform::read(*buffer);
  // Two readers at once (the split forced whatever the size) read what one reader reads.
  ecsguard::terraform::ReadOptions two;
  two.threads = 2;
  two.split_from = 0;
  if (everything(ecsguard::terraform::read(*buffer, two)) != everything(g)) std::abort();
  ecsguard::terraform::ReadOptions kept;
  kept.kept = pending(some_attributes());
  same_kept(g, ecsguard::terraform::read(*buffer, kept));
  return 0;
}
