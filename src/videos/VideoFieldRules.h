#pragma once
// What users may type into a video's fields, and the one normal form it is stored in:
// title, category and tags follow the name rules of core/UserText.h, the description the
// prose rules (NFC, trimmed, lengths counted in code points); tags are also lower-cased.
// Each function throws Error(validation_failed) naming the field it refuses.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "videos/Video.h"

namespace marquee::videos {

// Lengths in code points.
inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 5000;
inline constexpr std::size_t kMaxTagLength = 50;
inline constexpr std::size_t kMaxCategoryLength = 50;
inline constexpr std::size_t kMaxTags = 30;

std::string normalized_title(std::string_view raw);
std::string normalized_description(std::string_view raw);
std::string normalized_category(std::string_view raw);
// One tag: trimmed and lower-cased. `field` names it in errors ("tags" or "tag").
std::string normalized_tag(std::string_view raw, const std::string& field);
// Normalizes each tag and drops later duplicates, keeping the first spelling's position.
std::vector<std::string> normalized_tags(const std::vector<std::string>& raw);
Visibility checked_visibility(std::string_view raw);

}  // namespace marquee::videos
