#include "core/RateSpec.h"

#include <charconv>

namespace marquee {
namespace {

std::optional<std::int64_t> parse_count(std::string_view text, std::int64_t max) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size() || n < 1 || n > max) return std::nullopt;
  return n;
}

std::int64_t unit_ms(char unit) {
  switch (unit) {
    case 's': return 1'000;
    case 'm': return 60'000;
    case 'h': return 3'600'000;
    case 'd': return 86'400'000;
    default: return 0;
  }
}

}  // namespace

std::optional<RateSpec> parse_rate_spec(std::string_view text) {
  if (text == "off" || text == "0") return RateSpec{};
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash + 2 > text.size()) return std::nullopt;
  const auto count = parse_count(text.substr(0, slash), 1'000'000'000);
  std::string_view period = text.substr(slash + 1);
  const std::int64_t unit = unit_ms(period.back());
  if (!count || unit == 0) return std::nullopt;
  period.remove_suffix(1);
  std::int64_t units = 1;
  if (!period.empty()) {
    const auto n = parse_count(period, 365 * 86'400);
    if (!n) return std::nullopt;
    units = *n;
  }
  const std::int64_t period_ms = units * unit;
  if (period_ms > 365ll * 86'400'000) return std::nullopt;
  return RateSpec{*count, period_ms};
}

}  // namespace marquee
