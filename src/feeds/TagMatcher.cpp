#include "feeds/TagMatcher.h"

#include <algorithm>

namespace marquee::feeds {

std::uint32_t TagDictionary::intern(const std::string& tag) {
  return ids_.try_emplace(tag, static_cast<std::uint32_t>(ids_.size())).first->second;
}

std::optional<std::uint32_t> TagDictionary::find(const std::string& tag) const {
  auto it = ids_.find(tag);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::uint32_t> TagDictionary::intern_all(const std::vector<std::string>& tags) {
  std::vector<std::uint32_t> numbers;
  numbers.reserve(tags.size());
  for (const auto& tag : tags) numbers.push_back(intern(tag));
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

TagMatcher::TagMatcher(const TagProfile& profile, const TagDictionary& dictionary) {
  int heaviest = 0;
  for (const auto& [tag, weight] : profile.weights()) heaviest = std::max(heaviest, weight);
  for (const auto& [tag, weight] : profile.weights()) {
    const double normalized = static_cast<double>(weight) / heaviest;
    total_ += normalized;
    if (auto number = dictionary.find(tag)) {
      // Sized lazily: a viewer whose tags are all outside the dictionary costs nothing.
      if (weights_.empty()) weights_.assign(dictionary.size(), 0.0);
      weights_[*number] = normalized;
    }
  }
}

// A table lookup per tag of the video: a thousand reels are ranked per request.
double TagMatcher::match(const std::vector<std::uint32_t>& sorted_tag_ids) const {
  if (total_ == 0 || sorted_tag_ids.empty()) return 0.0;
  double shared = 0;
  if (!weights_.empty()) {
    for (std::uint32_t id : sorted_tag_ids) {
      if (id < weights_.size()) shared += weights_[id];
    }
  }
  return shared / (static_cast<double>(sorted_tag_ids.size()) + total_ - shared);
}

}  // namespace marquee::feeds
