#include "analytics/DayRange.h"

#include <chrono>
#include <cstdio>

#include "core/Error.h"

namespace marquee::analytics {
namespace {

int digits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

views::UtcDay checked_date(const std::string& text, const char* name) {
  auto day = parse_utc_date(text);
  if (!day) throw_validation(name, std::string(name) + " must be a date, YYYY-MM-DD (UTC)");
  return *day;
}

}  // namespace

std::optional<views::UtcDay> parse_utc_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int year = digits(text.substr(0, 4));
  const unsigned month = static_cast<unsigned>(digits(text.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(digits(text.substr(8, 2)));
  if (year < 1970) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date).time_since_epoch().count();
}

std::string utc_date_name(views::UtcDay day) {
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(day))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

DayRange resolve_day_range(const std::optional<std::string>& from, const std::optional<std::string>& to,
                           views::UtcDay today) {
  const std::optional<views::UtcDay> first = present(from) ? std::optional(checked_date(*from, "from")) : std::nullopt;
  DayRange range;
  range.to = present(to) ? checked_date(*to, "to") : today;
  range.from = first.value_or(range.to - (kDefaultAnalyticsDays - 1));
  if (range.from > range.to) throw_validation("from", "from must not be after to");
  if (range.days() > kMaxAnalyticsDays) {
    throw_validation(present(from) ? "from" : "to",
                     "the range covers at most " + std::to_string(kMaxAnalyticsDays) + " days");
  }
  return range;
}

}  // namespace marquee::analytics
