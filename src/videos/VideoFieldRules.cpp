#include "videos/VideoFieldRules.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

#include "core/Error.h"
#include "core/Text.h"
#include "core/UserText.h"

namespace marquee::videos {
namespace {

// Simple Unicode lower-casing from the C library's built-in C.UTF-8 tables, so "Ünï" and
// "üNÏ" are one tag. Falls back to ASCII when that locale is missing.
char32_t to_lower(char32_t cp) {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (cp < 0x80 || !utf8) return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), utf8));
}

}  // namespace

std::string normalized_title(std::string_view raw) { return text::clean_name(raw, "title", kMaxTitleLength); }

std::string normalized_description(std::string_view raw) {
  return text::clean_prose(raw, "description", kMaxDescriptionLength, text::Presence::optional);
}

std::string normalized_category(std::string_view raw) {
  return text::clean_name(raw, "category", kMaxCategoryLength, text::Presence::optional);
}

std::string normalized_tag(std::string_view raw, const std::string& field) {
  std::string cleaned = text::clean_name(raw, field, text::kNoLengthLimit, text::Presence::optional);
  if (cleaned.empty()) throw_validation(field, field + " must not contain empty tags");
  std::u32string tag = text::decode_utf8(cleaned);
  if (tag.size() > kMaxTagLength) {
    throw_validation(field, "each tag must be at most " + std::to_string(kMaxTagLength) + " characters long");
  }
  for (char32_t& cp : tag) cp = to_lower(cp);
  return text::to_nfc(text::encode_utf8(tag));
}

std::vector<std::string> normalized_tags(const std::vector<std::string>& raw) {
  std::vector<std::string> tags;
  for (const auto& item : raw) {
    std::string tag = normalized_tag(item, "tags");
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
    if (tags.size() > kMaxTags) {
      throw_validation("tags", "a video may have at most " + std::to_string(kMaxTags) + " tags");
    }
  }
  return tags;
}

Visibility checked_visibility(std::string_view raw) {
  auto visibility = parse_visibility(raw);
  if (!visibility) throw_validation("visibility", "visibility must be public, unlisted or private");
  return *visibility;
}

}  // namespace marquee::videos
