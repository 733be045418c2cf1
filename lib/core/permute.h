// Reordering a vector in place.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace ecsguard {

// Permutes `items` so that position i holds the item that was at order[i] (`order` is a
// permutation of 0..items.size()-1). Follows the permutation's cycles with one spare item: each
// item moves about once, and no second vector is needed (millions of results, or a large
// graph's nodes, are hundreds of megabytes).
template <typename T, typename Index>
void apply_permutation(std::vector<T>& items, const std::vector<Index>& order) {
  std::vector<bool> placed(order.size(), false);
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (placed[start] || order[start] == start) continue;
    T spare = std::move(items[start]);
    std::size_t to = start;
    for (;;) {
      placed[to] = true;
      std::size_t from = order[to];
      if (from == start) {
        items[to] = std::move(spare);
        break;
      }
      items[to] = std::move(items[from]);
      to = from;
    }
  }
}

}  // namespace ecsguard
