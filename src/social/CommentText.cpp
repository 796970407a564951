#include "social/CommentText.h"

#include <utility>

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::social {
namespace {

std::string with_unix_newlines(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      out.push_back(raw[i]);
    } else if (i + 1 >= raw.size() || raw[i + 1] != '\n') {
      out.push_back('\n');
    }
  }
  return out;
}

// U+0080–U+009F, the C1 controls; in valid UTF-8 they are exactly C2 80 … C2 9F.
bool has_c1_controls(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    auto lead = static_cast<unsigned char>(s[i]);
    auto next = static_cast<unsigned char>(s[i + 1]);
    if (lead == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
  }
  return false;
}

// White space as Unicode defines it, plus the zero-width no-break space pasted text
// brings along: a comment of nothing but these is empty. The same set VideoFieldRules trims.
bool is_unicode_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

// The code point starting at s[i] of valid UTF-8, and its length in bytes.
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
  auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, length};
}

// Drops white space at both ends of valid UTF-8.
std::string_view unicode_trimmed(std::string_view s) {
  while (!s.empty()) {
    auto [cp, length] = code_point_at(s, 0);
    if (!is_unicode_space(cp)) break;
    s.remove_prefix(length);
  }
  while (!s.empty()) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (!is_unicode_space(code_point_at(s, start).first)) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

}  // namespace

std::string normalized_comment_text(std::string_view raw) {
  if (!text::is_valid_utf8(raw)) throw_validation("text", "text must be valid UTF-8");
  const std::string unix_text = with_unix_newlines(raw);
  std::string text(unicode_trimmed(unix_text));
  if (text::has_control_chars(text) || has_c1_controls(text)) {
    throw_validation("text", "text must not contain control characters other than line breaks and tabs");
  }
  const std::size_t length = text::code_points(text);
  if (length == 0) throw_validation("text", "text must not be empty");
  if (length > kMaxCommentLength) {
    throw_validation("text", "text must be at most " + std::to_string(kMaxCommentLength) + " characters long");
  }
  return text;
}

}  // namespace marquee::social
