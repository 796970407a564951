#pragma once
// A viewer's taste as weights over tags, from the tags of what they recently watched and
// liked, and how well a video's tags match it (a weighted Jaccard index). Small enough to
// travel inside a reels cursor, so every page of a session ranks with the same taste.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace marquee::feeds {

inline constexpr std::size_t kMaxProfileTags = 16;
inline constexpr int kMaxTagWeight = 1'000'000;

class TagProfile {
 public:
  TagProfile() = default;
  // Keeps positive weights only, at most kMaxProfileTags of the heaviest (ties: by tag).
  explicit TagProfile(std::vector<std::pair<std::string, int>> weights);

  // Each list is one video's tags; `weight` is what one occurrence adds (a like counts more
  // than a watch).
  void add(const std::vector<std::string>& tags, int weight);
  // Trims to kMaxProfileTags; call once every list is in.
  void finish();

  bool empty() const { return weights_.empty(); }
  // Sorted by tag.
  const std::vector<std::pair<std::string, int>>& weights() const { return weights_; }

  // Weighted Jaccard of the video's tag set (weight 1 each) and the profile normalized to
  // its heaviest tag: Σ_{t∈V∩P} a_t / (|V| + Σ_{t∈P∖V} a_t), in [0, 1]; 0 when either is empty.
  double match(const std::vector<std::string>& video_tags) const;

 private:
  std::vector<std::pair<std::string, int>> weights_;
};

}  // namespace marquee::feeds
