#include "review/changes.h"

#include <algorithm>
#include <map>
#include <utility>

namespace ecsguard::review {

std::size_t keep_changes_only(std::vector<policy::Result>& results,
                              const std::vector<Graph>& graphs) {
  // (input, address) of resources the plan leaves as they are. Containers share their task
  // definition's address, so dropping by address keeps a resource's results together.
  std::map<std::pair<std::string, std::string>, bool> unchanged;
  for (const auto& g : graphs) {
    for (const auto& n : g.nodes()) {
      if (n.action.empty()) continue;
      bool changed = n.action == "create" || n.action == "update" || n.action == "replace";
      auto key = std::make_pair(g.info().file, n.address.str());
      auto it = unchanged.find(key);
      if (it == unchanged.end()) {
        unchanged.emplace(key, !changed);
      } else {
        it->second = it->second && !changed;
      }
    }
  }
  std::size_t before = results.size();
  results.erase(std::remove_if(results.begin(), results.end(),
                               [&](const policy::Result& r) {
                                 auto it = unchanged.find({r.file().str(), r.address().str()});
                                 return it != unchanged.end() && it->second;
                               }),
                results.end());
  return before - results.size();
}

}  // namespace ecsguard::review
