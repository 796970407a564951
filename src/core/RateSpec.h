#pragma once
// A rate as an operator writes it in the configuration: "25/5m" (25 requests per five
// minutes), "10/h", "120/1m", "2/s", "1000/1d", or "off" (no limit). The count is also the
// burst: an idle key may spend the whole count at once, then regains one request every
// period/count.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace marquee {

struct RateSpec {
  std::int64_t count = 0;      // 0: off
  std::int64_t period_ms = 0;

  bool off() const { return count == 0; }
};

// nullopt when `text` is not a rate as above (count 1..1e9, period 1 s .. 365 d).
std::optional<RateSpec> parse_rate_spec(std::string_view text);

}  // namespace marquee
