#pragma once
// The days a studio analytics report covers: UTC calendar dates written YYYY-MM-DD, an
// inclusive range of at most kMaxAnalyticsDays, by default the last kDefaultAnalyticsDays
// up to today.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "views/ViewRecords.h"

namespace marquee::analytics {

inline constexpr std::int64_t kDefaultAnalyticsDays = 28;
inline constexpr std::int64_t kMaxAnalyticsDays = 366;

struct DayRange {
  views::UtcDay from = 0;
  views::UtcDay to = 0;  // inclusive

  std::int64_t days() const { return to - from + 1; }
};

// A YYYY-MM-DD date of years 1970 to 9999 that exists in the calendar; nullopt otherwise.
std::optional<views::UtcDay> parse_utc_date(std::string_view text);
// The day as YYYY-MM-DD.
std::string utc_date_name(views::UtcDay day);

// The range `from`..`to` asks for (absent or empty: `to` is today, `from` is
// kDefaultAnalyticsDays - 1 days before `to`). Throws Error(validation_failed) naming the
// parameter for a malformed date, `from` after `to`, or more than kMaxAnalyticsDays days.
DayRange resolve_day_range(const std::optional<std::string>& from, const std::optional<std::string>& to,
                           views::UtcDay today);

}  // namespace marquee::analytics
