#pragma once
// Text rules shared by every feature that accepts user text: UTF-8 validity, length in
// Unicode code points (what a person counts), and trimming.
#include <cstddef>
#include <string>
#include <string_view>

namespace marquee::text {

bool is_valid_utf8(std::string_view s);
// Code points in a valid UTF-8 string.
std::size_t code_points(std::string_view s);
std::string trim(std::string_view s);
std::string lower_ascii(std::string_view s);
// True when s has ASCII control characters other than \n and \t.
bool has_control_chars(std::string_view s);

}  // namespace marquee::text
