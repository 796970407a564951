#pragma once
// Process-wide logging setup. Text lines for humans by default; `--log-format json` writes
// one JSON object per line for log shippers. Call once at start, before threads exist.
#include <string>

namespace marquee {

void init_logging(const std::string& format, const std::string& level);

}  // namespace marquee
