#include "feeds/TagProfile.h"

#include <algorithm>
#include <map>

namespace marquee::feeds {
namespace {

void keep_heaviest(std::vector<std::pair<std::string, int>>& weights) {
  std::erase_if(weights, [](const auto& entry) { return entry.second <= 0 || entry.first.empty(); });
  std::sort(weights.begin(), weights.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (weights.size() > kMaxProfileTags) weights.resize(kMaxProfileTags);
  std::sort(weights.begin(), weights.end());
}

}  // namespace

TagProfile::TagProfile(std::vector<std::pair<std::string, int>> weights) : weights_(std::move(weights)) {
  for (auto& entry : weights_) entry.second = std::min(entry.second, kMaxTagWeight);
  std::sort(weights_.begin(), weights_.end());
  weights_.erase(std::unique(weights_.begin(), weights_.end(),
                             [](const auto& a, const auto& b) { return a.first == b.first; }),
                 weights_.end());
  keep_heaviest(weights_);
}

void TagProfile::add(const std::vector<std::string>& tags, int weight) {
  for (const auto& tag : tags) {
    auto it = std::lower_bound(weights_.begin(), weights_.end(), tag,
                               [](const auto& entry, const std::string& t) { return entry.first < t; });
    if (it != weights_.end() && it->first == tag) {
      it->second = std::min(it->second + weight, kMaxTagWeight);
    } else {
      weights_.insert(it, {tag, std::min(weight, kMaxTagWeight)});
    }
  }
}

void TagProfile::finish() { keep_heaviest(weights_); }

double TagProfile::match(const std::vector<std::string>& video_tags) const {
  if (weights_.empty() || video_tags.empty()) return 0.0;
  std::vector<std::string> tags = video_tags;
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  int heaviest = 0;
  for (const auto& entry : weights_) heaviest = std::max(heaviest, entry.second);

  double shared = 0;
  double profile_only = 0;
  for (const auto& [tag, weight] : weights_) {
    const double normalized = static_cast<double>(weight) / heaviest;
    if (std::binary_search(tags.begin(), tags.end(), tag)) {
      shared += normalized;
    } else {
      profile_only += normalized;
    }
  }
  return shared / (static_cast<double>(tags.size()) + profile_only);
}

}  // namespace marquee::feeds
