#pragma once
// Log lines carry text that clients chose (paths, ids, error messages quoting input). Written
// verbatim, a `%0a` in a path forges a whole log line and `\x1b[` or a C1 control reaches the
// operator's terminal. Every log message goes through one of these before it is written, so
// no call site has to remember: each byte that could end a line, move the cursor, start a
// terminal escape or reorder text (bidi controls) is written as a visible escape instead.
#include <string>
#include <string_view>

namespace marquee {

enum class LogStyle {
  text,  // \n \r \t as themselves escaped, other controls as \xNN / \u{NNNN}, \ doubled
  json,  // the body of a JSON string: " and \ escaped, controls as \u00NN
};

// Appends `message`, made safe for `style`, to `out`. Invalid UTF-8 bytes become \xNN.
void append_log_safe(std::string& out, std::string_view message, LogStyle style);
std::string log_safe(std::string_view message, LogStyle style);

}  // namespace marquee
