#pragma once
// TagProfile::match for many videos at once: tags become small integers (TagDictionary, one
// per reel snapshot) and the profile is normalized once, so ranking a thousand reels for a
// viewer compares integers instead of strings. Gives exactly TagProfile::match's value.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "feeds/TagProfile.h"

namespace marquee::feeds {

class TagDictionary {
 public:
  // The tag's number, giving it the next one when new.
  std::uint32_t intern(const std::string& tag);
  std::optional<std::uint32_t> find(const std::string& tag) const;
  std::size_t size() const { return ids_.size(); }
  // Sorted, unique numbers of `tags`.
  std::vector<std::uint32_t> intern_all(const std::vector<std::string>& tags);

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
};

class TagMatcher {
 public:
  TagMatcher(const TagProfile& profile, const TagDictionary& dictionary);

  // Σ_{t∈V∩P} a_t / (|V| + Σ_{t∈P∖V} a_t) for a video's sorted, unique tag numbers.
  double match(const std::vector<std::uint32_t>& sorted_tag_ids) const;

 private:
  std::vector<double> weights_;  // a_t by tag number (0 for tags outside the profile)
  double total_ = 0;             // Σ a_t over the whole profile
};

}  // namespace marquee::feeds
