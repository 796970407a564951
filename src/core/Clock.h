#pragma once
// Time in Marquee: integer milliseconds since the Unix epoch everywhere inside, RFC 3339
// at the API edge. Services take a Clock so tests can move time instead of sleeping.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace marquee {

using Millis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now_ms() const override;
};

// A clock that stands still until a test advances it (from any thread).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis now_ms() const override { return now_.load(); }
  void advance(Millis delta) { now_ += delta; }

 private:
  std::atomic<Millis> now_;
};

Millis wall_clock_ms();
// 2026-11-21T09:02:10.123Z
std::string to_rfc3339(Millis ms);
std::optional<Millis> parse_rfc3339(std::string_view text);

}  // namespace marquee
