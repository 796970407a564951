#pragma once
// Text rules shared by every feature that accepts user text: UTF-8 validity, length in
// Unicode code points (what a person counts), trimming, normalization (NFC), and the
// character classes that make text look different from what it is (bidi controls,
// invisible characters). The policy each kind of field follows is in core/UserText.h.
// Functions taking `valid_utf8` expect text that passed is_valid_utf8.
#include <cstddef>
#include <string>
#include <string_view>

namespace marquee::text {

bool is_valid_utf8(std::string_view s);
// Code points in a valid UTF-8 string.
std::size_t code_points(std::string_view s);
// Trims ASCII white space (protocol text: headers, metadata).
std::string trim(std::string_view s);
std::string lower_ascii(std::string_view s);
// True when s has ASCII control characters other than \n and \t.
bool has_control_chars(std::string_view s);

std::u32string decode_utf8(std::string_view valid_utf8);
std::string encode_utf8(std::u32string_view code_points);

// Canonical composition (Unicode NFC), so "e" + U+0301 and "é" are one string: what is
// compared, counted and shown is the same whichever way a keyboard produced it.
std::string to_nfc(std::string_view valid_utf8);

// Unicode White_Space, and U+FEFF, the byte order mark pasted text brings along.
bool is_white_space(char32_t cp);
// Trims is_white_space characters from both ends (user text).
std::string trim_white_space(std::string_view valid_utf8);
// Unicode general category Cc: C0, DEL and C1.
bool is_control(char32_t cp);

// Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069. They reorder how
// text around them is shown ("Trojan Source", "exe.gpj" shown as "jpg.exe").
bool is_bidi_control(char32_t cp);
bool has_bidi_controls(std::string_view valid_utf8);
// The explicit embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): the bidi
// controls that reorder a whole run, unlike the marks U+200E, U+200F and U+061C, which act
// as one invisible strong letter.
bool has_explicit_bidi_formatting(std::string_view valid_utf8);

// Default_Ignorable_Code_Point: characters drawn as nothing — zero-width space and joiners
// (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064), U+FEFF, U+180E,
// U+034F, the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), U+00AD, the bidi controls,
// variation selectors and tag characters among them.
bool is_invisible(char32_t cp);
bool has_invisible_chars(std::string_view valid_utf8);
// True when an invisible character is not part of a sequence Unicode gives a visible
// meaning: a variation selector right after a visible character, a ZWJ inside an emoji
// ZWJ sequence (UTS #51: 👩‍💻), a ZWJ or ZWNJ where Indic and Arabic scripts need it
// (RFC 5892 appendix A, CONTEXTJ), tag characters inside an emoji tag sequence (the flag
// of Scotland). Everything else invisible is stray: ZWSP, joiners between Latin letters,
// U+FEFF, fillers, soft hyphens, bidi controls.
bool has_stray_invisible_chars(std::string_view valid_utf8);

// True when nothing would be seen: only white space, invisible characters and U+2800
// BRAILLE PATTERN BLANK (drawn as an empty cell, the usual way to fake a blank name).
bool is_blank_when_visible(std::string_view valid_utf8);

}  // namespace marquee::text
