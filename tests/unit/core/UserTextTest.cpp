// The two kinds of user text: names (titles, display names, tags) that must look like what
// they are, and prose (comments, descriptions, bios) that keeps what writing needs.
#include "core/UserText.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "support/DomainFixtures.h"

namespace marquee::text {
namespace {

using marquee::testing::error_from;
using marquee::testing::field_of;
using marquee::testing::repeat;

void expect_refused(const std::function<void()>& action, const std::string& field, const std::string& input) {
  Error e = error_from(action);
  EXPECT_EQ(e.code(), ErrorCode::validation_failed) << input;
  EXPECT_EQ(field_of(e), field) << input;
  EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
}

TEST(UserText, names_refuse_hostile_text_naming_the_field) {
  const std::vector<std::string> refused = {
      "\xED\xA0\x80",                      // a lone surrogate
      "bad \xFF byte",
      "invoice \u202E4pm.exe",             // RIGHT-TO-LEFT OVERRIDE
      "a \u2066b\u2069",                   // LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE
      "\u2067Jane\u2069",                  // RIGHT-TO-LEFT ISOLATE
      "\u2068x",                           // FIRST STRONG ISOLATE
      "a\u200Eb", "a\u200Fb", "a\u061Cb",  // the bidi marks too: a name needs none
      "\u200B",                            // ZERO WIDTH SPACE only
      "\u200B\u200B\u200B",
      "ad\u200Dmin",                       // a joiner that joins nothing
      "\uFEFF\u200B\uFEFF",
      "\u3164",                            // HANGUL FILLER
      "\u2800\u2800",                      // BRAILLE PATTERN BLANK
      "",
      " \u3000 ",
      "two\nlines", "tab\tbed", "line\u2028separator", "c1 \u0085 control",
      std::string("nul\0", 4),
  };
  for (const auto& name : refused) expect_refused([&] { clean_name(name, "title", 200); }, "title", name);
}

TEST(UserText, names_are_stored_trimmed_in_nfc_and_counted_after_composition) {
  EXPECT_EQ(clean_name("  Cafe\u0301  ", "title", 200), "Caf\u00E9");
  EXPECT_EQ(clean_name("\uFEFFPasted title\u00A0", "title", 200), "Pasted title");
  EXPECT_EQ(clean_name(repeat("e\u0301", 10), "title", 10), repeat("\u00E9", 10));
  expect_refused([] { clean_name(repeat("\u00E9", 11), "title", 10); }, "title", "11 characters");
  EXPECT_EQ(clean_name("\u0645\u0631\u062D\u0628\u0627", "display_name", 50), "\u0645\u0631\u062D\u0628\u0627");
}

// Titles keep emoji built with zero-width joiners and the joiners Persian and Hindi
// spelling needs; a joiner anywhere else is refused (see Text.h, has_stray_invisible_chars).
TEST(UserText, names_keep_emoji_zwj_sequences_and_script_joiners) {
  for (const std::string& name : {std::string("Coding \U0001F469\u200D\U0001F4BB"),
                                  std::string("\U0001F468\u200D\U0001F469\u200D\U0001F467 family"),
                                  std::string("I \u2764\uFE0F this"),
                                  std::string("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"),
                                  std::string("\u0915\u094D\u200D\u0937")}) {
    EXPECT_EQ(clean_name(name, "title", 200), name);
  }
}

TEST(UserText, optional_names_with_nothing_in_them_become_empty) {
  EXPECT_EQ(clean_name("   ", "category", 50, Presence::optional), "");
  EXPECT_EQ(clean_name("", "category", 50, Presence::optional), "");
  expect_refused([] { clean_name("\u200B", "category", 50, Presence::optional); }, "category", "ZWSP");
}

TEST(UserText, prose_refuses_reordering_controls_and_invisible_only_text) {
  const std::vector<std::string> refused = {
      "\xED\xBF\xBF",  // a lone surrogate
      "see \u202Etxt.exe",
      "\u202Dforced ltr",
      "\u202Aembedded\u202C",
      "\u2066isolated\u2069",
      "\u2067isolated",
      "\u200B",
      "\u200B\u200C\u200D\u2060\uFEFF",
      " \n\u200B\n ",
      "\u3164\u115F",
      "",
      "bell \a",
  };
  for (const auto& text : refused) {
    expect_refused([&] { clean_prose(text, "text", 5000, Presence::required); }, "text", text);
  }
}

TEST(UserText, prose_keeps_what_writing_needs) {
  const std::vector<std::string> kept = {
      "\U0001F469\u200D\U0001F4BB",                                   // ZWJ inside an emoji
      "great video \U0001F469\u200D\U0001F4BB\U0001F44D",
      "\u05E9\u05DC\u05D5\u05DD (Hello)\u200F!",                      // RIGHT-TO-LEFT MARK
      "\u0645\u0631\u062D\u0628\u0627 \u061C123",                     // ARABIC LETTER MARK
      "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u200B\u0E04\u0E23\u0E31\u0E1A",  // ZWSP as a Thai word break
      "hy\u00ADphen\u00ADation",                                      // soft hyphens
      "line one\nline two\ttabbed",
  };
  for (const auto& text : kept) EXPECT_EQ(clean_prose(text, "text", 5000, Presence::required), text);
  EXPECT_EQ(clean_prose("a\r\nb\rc", "text", 5000, Presence::required), "a\nb\nc");
  EXPECT_EQ(clean_prose(" Cafe\u0301\n", "text", 5000, Presence::required), "Caf\u00E9");
}

TEST(UserText, optional_prose_with_nothing_visible_becomes_empty) {
  EXPECT_EQ(clean_prose("\u200B\u200B", "description", 5000, Presence::optional), "");
  EXPECT_EQ(clean_prose(" \n ", "bio", 1000, Presence::optional), "");
  expect_refused([] { clean_prose("\u202E", "bio", 1000, Presence::optional); }, "bio", "RLO");
  expect_refused([] { clean_prose(repeat("a", 1001), "bio", 1000, Presence::optional); }, "bio", "1001 a");
}

}  // namespace
}  // namespace marquee::text
