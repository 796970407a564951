// The character classes and normal form behind every user-text rule: NFC, bidi controls,
// invisible characters and the sequences that legitimately use them, blank-looking text.
#include "core/Text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace marquee::text {
namespace {

// The code points Marquee must treat as bidi controls and as invisible (issue 9, item 9).
const std::vector<char32_t> kBidiControls = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
                                             0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C};
const std::vector<char32_t> kInvisible = {0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF,
                                          0x180E, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x00AD, 0xE0041, 0xFE0F};

std::string utf8(char32_t cp) { return encode_utf8(std::u32string(1, cp)); }

std::string hex(char32_t cp) {
  char out[16];
  std::snprintf(out, sizeof out, "U+%04X", static_cast<unsigned>(cp));
  return out;
}

TEST(Text, invalid_utf8_and_lone_surrogates_are_invalid) {
  for (const std::string& bad : {std::string("\xED\xA0\x80"),            // lone high surrogate D800
                                 std::string("\xED\xBF\xBF"),            // lone low surrogate DFFF
                                 std::string("\xED\xA0\xBD\xED\xB8\x80"),  // a CESU-8 surrogate pair
                                 std::string("\xC0\xAF"),                // overlong '/'
                                 std::string("\xE2\x80"),                // truncated
                                 std::string("\xFF"), std::string("\x80")}) {
    EXPECT_FALSE(is_valid_utf8(bad));
  }
  EXPECT_TRUE(is_valid_utf8("\U0001F469\u200D\U0001F4BB"));
}

TEST(Text, decode_and_encode_round_trip) {
  const std::string mixed = "a\u00E9\u6771\U0001F600";
  EXPECT_EQ(decode_utf8(mixed), (std::u32string{U'a', 0xE9, 0x6771, 0x1F600}));
  EXPECT_EQ(encode_utf8(decode_utf8(mixed)), mixed);
}

TEST(Text, nfc_composes_what_keyboards_decompose) {
  EXPECT_EQ(to_nfc("e\u0301"), "\u00E9");
  EXPECT_EQ(to_nfc("Cafe\u0301"), "Caf\u00E9");
  EXPECT_EQ(to_nfc("\u1100\u1161"), "\uAC00");              // Hangul jamo make one syllable
  EXPECT_EQ(to_nfc("\u212B"), "\u00C5");                    // ANGSTROM SIGN is Å
  EXPECT_EQ(to_nfc("a\u0307\u0323"), "\u1EA1\u0307");       // marks reordered, then composed
  EXPECT_EQ(to_nfc("\u0915\u093C"), "\u0915\u093C");        // a composition exclusion stays apart
  EXPECT_EQ(to_nfc("\u0958"), "\u0915\u093C");
  EXPECT_EQ(to_nfc("ﬁ ①"), "ﬁ ①");                          // NFC, not NFKC: compatibility forms stay
  const std::string already = "東京 \U0001F469\u200D\U0001F4BB caf\u00E9";
  EXPECT_EQ(to_nfc(already), already);
  EXPECT_EQ(to_nfc(""), "");
}

TEST(Text, bidi_controls_are_exactly_the_bidi_control_set) {
  for (char32_t cp : kBidiControls) {
    EXPECT_TRUE(is_bidi_control(cp)) << hex(cp);
    EXPECT_TRUE(has_bidi_controls("a" + utf8(cp) + "b")) << hex(cp);
    EXPECT_TRUE(is_invisible(cp)) << hex(cp);
  }
  EXPECT_FALSE(has_bidi_controls("\u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD abc"));  // RTL letters
}

TEST(Text, explicit_bidi_formatting_is_the_embeddings_overrides_and_isolates) {
  for (char32_t cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    EXPECT_TRUE(has_explicit_bidi_formatting("x" + utf8(cp))) << hex(cp);
  }
  for (char32_t cp : {0x200E, 0x200F, 0x061C}) {
    EXPECT_FALSE(has_explicit_bidi_formatting("x" + utf8(cp))) << hex(cp);
  }
}

TEST(Text, invisible_characters_include_zero_width_fillers_and_tags) {
  for (char32_t cp : kInvisible) {
    EXPECT_TRUE(is_invisible(cp)) << hex(cp);
    EXPECT_TRUE(has_invisible_chars("a" + utf8(cp))) << hex(cp);
  }
  for (char32_t cp : {U'a', U' ', char32_t{0x3000}, char32_t{0x0301}, char32_t{0x1F600}, char32_t{0x2800}}) {
    EXPECT_FALSE(is_invisible(cp)) << hex(cp);
  }
}

TEST(Text, joiners_and_selectors_that_build_something_visible_are_not_stray) {
  const std::vector<std::string> legitimate = {
      "plain text",
      "\U0001F469\u200D\U0001F4BB",                                // 👩‍💻
      "\U0001F468\u200D\U0001F469\u200D\U0001F467",                // 👨‍👩‍👧
      "\U0001F9D1\U0001F3FD\u200D\U0001F4BB",                      // 🧑🏽‍💻, a skin tone before the ZWJ
      "\U0001F3F3\uFE0F\u200D\u26A7\uFE0F",                        // 🏳️‍⚧️, VS16 before the ZWJ
      "\u2764\uFE0F",                                              // ❤️
      "#\uFE0F\u20E3",                                             // keycap #️⃣
      "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",  // flag of Scotland
      "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",          // Persian: ZWNJ between joining letters
      "\u0915\u094D\u200D\u0937",                                  // Devanagari: ZWJ after a virama
      "\u0915\u094D\u200C\u0937",                                  // Devanagari: ZWNJ after a virama
      "\u845B\U000E0100",                                          // Japanese ideographic variation sequence
  };
  for (const auto& s : legitimate) EXPECT_FALSE(has_stray_invisible_chars(s)) << s;
}

TEST(Text, invisible_characters_anywhere_else_are_stray) {
  const std::vector<std::string> stray = {
      "\u200B",
      "a\u200Bb",
      "ad\u200Dmin",                          // ZWJ between Latin letters joins nothing
      "\u200D\U0001F4BB",                     // ZWJ at the start
      "\U0001F469\u200D",                     // ZWJ at the end
      "\U0001F469\u200D\u200D\U0001F4BB",     // two ZWJs
      "pay\u200Cpal",                         // ZWNJ between Latin letters
      "a\uFE0F\uFE0F",                        // a selector after a selector
      "\uFE0F",                               // a selector with nothing before it
      "hi\U000E0041\U000E0042",               // tag characters outside a flag: hidden text
      "\U0001F3F4\U000E0067",                 // a flag tag sequence never cancelled
      "x\uFEFFy", "x\u00ADy", "x\u2060y", "x\u034Fy", "x\u180Ey", "\u3164", "\u115F\u1160", "\uFFA0",
      "a\u202Eb", "a\u2066b\u2069", "a\u200Fb",
  };
  for (const auto& s : stray) EXPECT_TRUE(has_stray_invisible_chars(s)) << s;
}

TEST(Text, blank_when_visible_sees_through_white_space_and_invisible_characters) {
  for (const std::string& blank : {std::string(""), std::string(" \t\n"), std::string("\u200B\u200B"),
                                   std::string("\u3000\u200D\uFEFF"), std::string("\u3164\uFFA0"),
                                   std::string("\u2800\u2800"), std::string("\u202E\u2066")}) {
    EXPECT_TRUE(is_blank_when_visible(blank)) << blank;
  }
  for (const std::string& seen : {std::string("a"), std::string("\u200Ba"), std::string("\U0001F469\u200D\U0001F4BB"),
                                  std::string(".")}) {
    EXPECT_FALSE(is_blank_when_visible(seen)) << seen;
  }
}

TEST(Text, white_space_trimming_is_unicode_aware) {
  EXPECT_EQ(trim_white_space("\u3000\u00A0 a b \uFEFF\u2029"), "a b");
  EXPECT_EQ(trim_white_space("\u200Ba\u200B"), "\u200Ba\u200B");  // invisible is not white space
  EXPECT_EQ(trim_white_space(" \u3000 "), "");
}

}  // namespace
}  // namespace marquee::text
