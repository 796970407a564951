#include "core/UserText.h"

#include <algorithm>

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::text {
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

// Control characters, and for names also U+2028 and U+2029, the Unicode line and paragraph
// separators; `allowed` lists the controls a field keeps.
bool has_breaking_chars(std::string_view valid_utf8, std::u32string_view allowed, bool line_separators) {
  std::u32string cps = decode_utf8(valid_utf8);
  return std::any_of(cps.begin(), cps.end(), [&](char32_t cp) {
    if (line_separators && (cp == 0x2028 || cp == 0x2029)) return true;
    return is_control(cp) && allowed.find(cp) == std::u32string_view::npos;
  });
}

void check_length(const std::string& value, const std::string& field, std::size_t max_code_points) {
  if (code_points(value) > max_code_points) {
    throw_validation(field, field + " must be at most " + std::to_string(max_code_points) + " characters long");
  }
}

void check_utf8(std::string_view raw, const std::string& field) {
  if (!is_valid_utf8(raw)) throw_validation(field, field + " must be valid UTF-8");
}

}  // namespace

std::string clean_name(std::string_view raw, const std::string& field, std::size_t max_code_points,
                       Presence presence) {
  check_utf8(raw, field);
  std::string value = trim_white_space(to_nfc(raw));
  if (has_breaking_chars(value, {}, true)) {
    throw_validation(field, field + " must be one line without control characters");
  }
  if (has_bidi_controls(value)) {
    throw_validation(field, field + " must not contain bidirectional control characters (U+202A-U+202E, "
                                    "U+2066-U+2069, U+200E, U+200F, U+061C)");
  }
  // Zero-width joiners stay where they build an emoji (👩‍💻) or a conjunct in Indic and
  // Arabic scripts; anywhere else they only make two names that look alike differ.
  if (has_stray_invisible_chars(value)) {
    throw_validation(field, field + " must not contain invisible characters such as zero-width spaces");
  }
  if (is_blank_when_visible(value)) {
    if (presence == Presence::required) throw_validation(field, field + " must not be empty");
    return {};
  }
  check_length(value, field, max_code_points);
  return value;
}

std::string clean_prose(std::string_view raw, const std::string& field, std::size_t max_code_points,
                        Presence presence) {
  check_utf8(raw, field);
  std::string value = trim_white_space(to_nfc(with_unix_newlines(raw)));
  if (has_breaking_chars(value, U"\n\t", false)) {
    throw_validation(field, field + " must not contain control characters other than line breaks and tabs");
  }
  // Embeddings, overrides and isolates reorder a whole run, and one left open reorders
  // whatever a client shows after it in the same paragraph ("Trojan Source"); keyboards do
  // not type them. The marks U+200E, U+200F and U+061C stay: each acts as one invisible
  // strong letter that settles where the neutral characters next to it go, which text
  // mixing Arabic or Hebrew with Latin needs.
  if (has_explicit_bidi_formatting(value)) {
    throw_validation(field, field + " must not contain bidirectional embedding, override or isolate characters "
                                    "(U+202A-U+202E, U+2066-U+2069)");
  }
  // Invisible characters inside prose are kept (zero-width spaces mark where Thai may
  // break, joiners build emoji); text made of nothing else is empty.
  if (is_blank_when_visible(value)) {
    if (presence == Presence::required) throw_validation(field, field + " must not be empty");
    return {};
  }
  check_length(value, field, max_code_points);
  return value;
}

}  // namespace marquee::text
