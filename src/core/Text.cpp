#include "core/Text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace marquee::text {
namespace {

constexpr char32_t kZeroWidthNonJoiner = 0x200C;
constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kBlackFlag = 0x1F3F4;
constexpr char32_t kCancelTag = 0xE007F;
constexpr char32_t kBraillePatternBlank = 0x2800;
constexpr std::uint8_t kViramaCombiningClass = 9;

bool has(std::string_view valid_utf8, bool (*predicate)(char32_t)) {
  std::u32string cps = decode_utf8(valid_utf8);
  return std::any_of(cps.begin(), cps.end(), predicate);
}

bool is_variation_selector(char32_t cp) {
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_VARIATION_SELECTOR);
}

bool is_tag_spec(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007E; }

bool is_pictographic(char32_t cp) {
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EXTENDED_PICTOGRAPHIC);
}

bool is_virama(char32_t cp) { return u_getCombiningClass(static_cast<UChar32>(cp)) == kViramaCombiningClass; }

int joining_type(char32_t cp) { return u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_JOINING_TYPE); }

bool is_visible(char32_t cp) { return !is_white_space(cp) && !is_invisible(cp) && !is_control(cp); }

// UTS #51 ED-16: a ZWJ joins two emoji; the one before may carry VS16 or a skin tone.
bool joins_emoji(const std::u32string& s, std::size_t zwj) {
  if (zwj == 0 || zwj + 1 >= s.size() || !is_pictographic(s[zwj + 1])) return false;
  char32_t before = s[zwj - 1];
  return is_pictographic(before) || before == 0xFE0F ||
         u_hasBinaryProperty(static_cast<UChar32>(before), UCHAR_EMOJI_MODIFIER);
}

// RFC 5892 A.1: (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D}).
bool in_joining_context(const std::u32string& s, std::size_t zwnj) {
  std::size_t before = zwnj;
  while (before > 0 && joining_type(s[before - 1]) == U_JT_TRANSPARENT) --before;
  std::size_t after = zwnj + 1;
  while (after < s.size() && joining_type(s[after]) == U_JT_TRANSPARENT) ++after;
  if (before == 0 || after >= s.size()) return false;
  int left = joining_type(s[before - 1]);
  int right = joining_type(s[after]);
  return (left == U_JT_LEFT_JOINING || left == U_JT_DUAL_JOINING) &&
         (right == U_JT_RIGHT_JOINING || right == U_JT_DUAL_JOINING);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range code points are invalid.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t count = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool has_control_chars(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  }
  return false;
}

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

std::string to_nfc(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::length_error("text too long to normalize");
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFC data unavailable: ") + u_errorName(status));
  const icu::StringPiece piece(s.data(), static_cast<std::int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<std::int32_t>(s.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("NFC normalization failed: ") + u_errorName(status));
  return out;
}

bool is_white_space(char32_t cp) { return cp == 0xFEFF || u_isUWhiteSpace(static_cast<UChar32>(cp)); }

std::string trim_white_space(std::string_view s) {
  std::u32string cps = decode_utf8(s);
  auto first = std::find_if_not(cps.begin(), cps.end(), is_white_space);
  auto last = std::find_if_not(cps.rbegin(), cps.rend(), is_white_space).base();
  if (first >= last) return {};
  return encode_utf8(std::u32string_view(&*first, static_cast<std::size_t>(last - first)));
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_bidi_control(char32_t cp) { return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_BIDI_CONTROL); }

bool has_bidi_controls(std::string_view s) { return has(s, is_bidi_control); }

bool has_explicit_bidi_formatting(std::string_view s) {
  return has(s, [](char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); });
}

bool is_invisible(char32_t cp) {
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool has_invisible_chars(std::string_view s) { return has(s, is_invisible); }

bool has_stray_invisible_chars(std::string_view s) {
  const std::u32string cps = decode_utf8(s);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t cp = cps[i];
    if (cp == kBlackFlag) {
      // UTS #51 ED-14a: black flag, one or more tag characters, cancel tag.
      std::size_t end = i + 1;
      while (end < cps.size() && is_tag_spec(cps[end])) ++end;
      if (end > i + 1 && end < cps.size() && cps[end] == kCancelTag) i = end;
      continue;
    }
    if (!is_invisible(cp)) continue;
    const bool after_visible = i > 0 && is_visible(cps[i - 1]);
    if (is_variation_selector(cp) && after_visible) continue;
    if (cp == kZeroWidthJoiner && (joins_emoji(cps, i) || (i > 0 && is_virama(cps[i - 1])))) continue;
    if (cp == kZeroWidthNonJoiner && ((i > 0 && is_virama(cps[i - 1])) || in_joining_context(cps, i))) continue;
    return true;
  }
  return false;
}

bool is_blank_when_visible(std::string_view s) {
  std::u32string cps = decode_utf8(s);
  return std::all_of(cps.begin(), cps.end(),
                     [](char32_t cp) { return is_white_space(cp) || is_invisible(cp) || cp == kBraillePatternBlank; });
}

}  // namespace marquee::text
