#include "core/Clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace marquee {

Millis wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Millis SystemClock::now_ms() const { return wall_clock_ms(); }

std::string to_rfc3339(Millis ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    secs -= 1;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::optional<Millis> parse_rfc3339(std::string_view text) {
  int y, mo, d, h, mi, s;
  char tail[32] = {0};
  std::string copy(text.substr(0, 40));
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%31s", &y, &mo, &d, &h, &mi, &s, tail) < 6) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  Millis ms = static_cast<Millis>(timegm(&tm)) * 1000;
  std::string_view rest(tail);
  if (!rest.empty() && rest[0] == '.') {
    int frac = 0, digits = 0;
    std::size_t i = 1;
    for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
      if (digits < 3) {
        frac = frac * 10 + (rest[i] - '0');
        ++digits;
      }
    }
    while (digits < 3) {
      frac *= 10;
      ++digits;
    }
    ms += frac;
    rest.remove_prefix(i);
  }
  if (rest == "Z" || rest.empty()) return ms;
  int oh = 0, om = 0;
  if ((rest[0] == '+' || rest[0] == '-') && std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) == 2) {
    Millis offset = (oh * 60 + om) * 60 * 1000;
    return rest[0] == '+' ? ms - offset : ms + offset;
  }
  return std::nullopt;
}

}  // namespace marquee
