#pragma once
// How the home feed interleaves its three sources. Every position of the feed belongs to a
// source by a fixed repeating pattern (4 of 10 subscriptions, 4 trending, 2 fresh); when that
// source has nothing left the position goes to the next source that has. The sources never
// share a video (FeedService keeps them disjoint), so the blend has no duplicates, and since
// it depends only on the absolute position, page boundaries do not change it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace marquee::feeds {

enum class HomeSource { subscriptions = 0, trending = 1, fresh = 2 };

inline constexpr std::size_t kHomeSources = 3;

// The source that owns absolute position `position` (0-based) of the home feed.
HomeSource scheduled_source(std::int64_t position);

// The sources of positions start, start+1, … for at most `limit` positions, given how many
// items each source can still give (indexed by HomeSource). Shorter than `limit` only when
// every source ran out.
std::vector<HomeSource> blend(std::int64_t start, std::array<std::size_t, kHomeSources> available, std::size_t limit);

}  // namespace marquee::feeds
