// Log lines never carry a client's control characters as themselves.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/LogSafe.h"

namespace marquee {
namespace {

TEST(LogSafe, text_style_escapes_what_could_forge_a_line_or_drive_a_terminal) {
  EXPECT_EQ(log_safe("GET /a\nINFO forged", LogStyle::text), "GET /a\\nINFO forged");
  EXPECT_EQ(log_safe("\r\t", LogStyle::text), "\\r\\t");
  EXPECT_EQ(log_safe(std::string_view("a\x1b[31mb\0c", 9), LogStyle::text), "a\\x1b[31mb\\x00c");
  EXPECT_EQ(log_safe("\x7f", LogStyle::text), "\\x7f");
  EXPECT_EQ(log_safe("\xc2\x9b" "2J", LogStyle::text), "\\x9b2J");              // C1 CSI
  EXPECT_EQ(log_safe("abc\xe2\x80\xae" "gnp.exe", LogStyle::text), "abc\\u{202e}gnp.exe");  // RLO
  EXPECT_EQ(log_safe("\xe2\x80\xa8", LogStyle::text), "\\u{2028}");
  EXPECT_EQ(log_safe("\xff\xc3", LogStyle::text), "\\xff\\xc3");                // invalid UTF-8
  // Ordinary text, UTF-8 included, is untouched.
  EXPECT_EQ(log_safe("vidéo 🎬 \"quoted\" ok", LogStyle::text), "vidéo 🎬 \"quoted\" ok");
  // A literal backslash is doubled, so a client's "\n" text never reads as an escaped newline.
  EXPECT_EQ(log_safe("a\\nb", LogStyle::text), "a\\\\nb");
}

TEST(LogSafe, json_style_is_always_one_valid_json_string) {
  const std::string hostile = std::string("a\"b\\c\nd\x01\x1b[0m\x7f\xc2\x85\xe2\x80\xae\xff", 20) + std::string(1, '\0');
  const std::string escaped = log_safe(hostile, LogStyle::json);
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
  EXPECT_EQ(escaped.find('\x1b'), std::string::npos);
  boost::system::error_code ec;
  auto value = boost::json::parse("\"" + escaped + "\"", ec);
  ASSERT_FALSE(ec) << escaped;
  EXPECT_TRUE(value.as_string().starts_with("a\"b\\c\nd\x01"));
}

}  // namespace
}  // namespace marquee
