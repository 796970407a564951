#include "videos/VideoFieldRules.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::videos {
namespace {

// Decodes valid UTF-8 (callers check text::is_valid_utf8 first).
std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k <= extra && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// White space as Unicode defines it (White_Space property), plus the zero-width no-break
// space that editors leave at the start of pasted text.
bool is_unicode_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::u32string trimmed(std::u32string s) {
  auto first = std::find_if_not(s.begin(), s.end(), is_unicode_space);
  auto last = std::find_if_not(s.rbegin(), s.rend(), is_unicode_space).base();
  return first < last ? std::u32string(first, last) : std::u32string();
}

// Simple Unicode lower-casing from the C library's built-in C.UTF-8 tables, so "Ünï" and
// "üNÏ" are one tag. Falls back to ASCII when that locale is missing.
char32_t to_lower(char32_t cp) {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (cp < 0x80 || !utf8) return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), utf8));
}

// Decodes `raw` after checking it is UTF-8, trimmed; refuses control characters except
// those in `allowed_controls`.
std::u32string checked_text(std::string_view raw, const std::string& field, std::u32string_view allowed_controls = {}) {
  if (!text::is_valid_utf8(raw)) throw_validation(field, field + " must be valid UTF-8");
  std::u32string decoded = trimmed(decode_utf8(raw));
  for (char32_t cp : decoded) {
    if (is_control(cp) && allowed_controls.find(cp) == std::u32string_view::npos) {
      throw_validation(field, field + " must not contain control characters");
    }
  }
  return decoded;
}

void check_length(const std::u32string& value, std::size_t min, std::size_t max, const std::string& field) {
  if (value.size() < min || value.size() > max) {
    std::string range = min == 0 ? "at most " + std::to_string(max) : std::to_string(min) + " to " + std::to_string(max);
    throw_validation(field, field + " must be " + range + " characters long");
  }
}

}  // namespace

std::string normalized_title(std::string_view raw) {
  auto title = checked_text(raw, "title");
  if (title.empty()) throw_validation("title", "title must not be empty");
  check_length(title, 1, kMaxTitleLength, "title");
  return encode_utf8(title);
}

std::string normalized_description(std::string_view raw) {
  std::string unix_newlines;
  unix_newlines.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      unix_newlines.push_back(raw[i]);
    } else if (i + 1 >= raw.size() || raw[i + 1] != '\n') {
      unix_newlines.push_back('\n');
    }
  }
  auto description = checked_text(unix_newlines, "description", U"\n\t");
  check_length(description, 0, kMaxDescriptionLength, "description");
  return encode_utf8(description);
}

std::string normalized_category(std::string_view raw) {
  auto category = checked_text(raw, "category");
  check_length(category, 0, kMaxCategoryLength, "category");
  return encode_utf8(category);
}

std::string normalized_tag(std::string_view raw, const std::string& field) {
  auto tag = checked_text(raw, field);
  if (tag.empty()) throw_validation(field, field + " must not contain empty tags");
  if (tag.size() > kMaxTagLength) {
    throw_validation(field, "each tag must be at most " + std::to_string(kMaxTagLength) + " characters long");
  }
  for (char32_t& cp : tag) cp = to_lower(cp);
  return encode_utf8(tag);
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
