#include "core/LogSafe.h"

#include <cstdint>
#include <cstdio>

namespace marquee {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is not valid
// (truncated, overlong, a surrogate or beyond U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 < 0xE0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// Code points shown escaped: C0 and C1 controls, DEL, line and paragraph separators, and the
// bidi embedding, override and isolate controls (they reorder what follows on the terminal).
bool needs_escape(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

void append_escape(std::string& out, char32_t cp, LogStyle style) {
  char buf[16];
  if (cp == '\n') {
    out += "\\n";
  } else if (cp == '\r') {
    out += "\\r";
  } else if (cp == '\t') {
    out += "\\t";
  } else if (style == LogStyle::json) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
    out += buf;
  } else if (cp < 0x100) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
    out += buf;
  } else {
    std::snprintf(buf, sizeof buf, "\\u{%04x}", static_cast<unsigned>(cp));
    out += buf;
  }
}

}  // namespace

void append_log_safe(std::string& out, std::string_view message, LogStyle style) {
  out.reserve(out.size() + message.size());
  for (std::size_t i = 0; i < message.size();) {
    char32_t cp = 0;
    std::size_t len = decode(message, i, cp);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, style == LogStyle::json ? "\\\\x%02x" : "\\x%02x",
                    static_cast<unsigned>(static_cast<unsigned char>(message[i])));
      out += buf;
      ++i;
      continue;
    }
    if (needs_escape(cp)) {
      append_escape(out, cp, style);
    } else if (cp == '\\' || (style == LogStyle::json && cp == '"')) {
      // A literal backslash is doubled: a backslash and an "n" sent by a client never read as
      // an escaped newline.
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out.append(message.substr(i, len));
    }
    i += len;
  }
}

std::string log_safe(std::string_view message, LogStyle style) {
  std::string out;
  append_log_safe(out, message, style);
  return out;
}

}  // namespace marquee
