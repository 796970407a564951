#include "feeds/HomeBlend.h"

namespace marquee::feeds {
namespace {

using enum HomeSource;

constexpr std::array<HomeSource, 10> kPattern = {subscriptions, trending, subscriptions, trending, fresh,
                                                 subscriptions, trending, subscriptions, trending, fresh};
// When a position's source is empty: the others, in this order.
constexpr std::array<HomeSource, kHomeSources> kFallbackOrder = {subscriptions, trending, fresh};

}  // namespace

HomeSource scheduled_source(std::int64_t position) {
  const auto size = static_cast<std::int64_t>(kPattern.size());
  return kPattern[static_cast<std::size_t>(((position % size) + size) % size)];
}

std::vector<HomeSource> blend(std::int64_t start, std::array<std::size_t, kHomeSources> available,
                              std::size_t limit) {
  std::vector<HomeSource> sources;
  for (std::int64_t position = start; sources.size() < limit; ++position) {
    HomeSource chosen = scheduled_source(position);
    if (available[static_cast<std::size_t>(chosen)] == 0) {
      bool found = false;
      for (HomeSource fallback : kFallbackOrder) {
        if (available[static_cast<std::size_t>(fallback)] > 0) {
          chosen = fallback;
          found = true;
          break;
        }
      }
      if (!found) break;
    }
    --available[static_cast<std::size_t>(chosen)];
    sources.push_back(chosen);
  }
  return sources;
}

}  // namespace marquee::feeds
