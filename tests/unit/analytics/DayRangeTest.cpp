// The days a studio report covers: strict YYYY-MM-DD dates, the 28-day default, the
// 366-day ceiling, and the parameter each refusal names.
#include <gtest/gtest.h>

#include "analytics/DayRange.h"
#include "support/DomainFixtures.h"

namespace marquee::analytics {
namespace {

using testing::error_from;
using testing::field_of;

const views::UtcDay kJan1 = *parse_utc_date("2026-01-01");

TEST(DayRange, dates_are_days_since_the_epoch_and_back) {
  EXPECT_EQ(parse_utc_date("1970-01-01"), 0);
  EXPECT_EQ(kJan1, 20'454);
  EXPECT_EQ(parse_utc_date("2024-02-29"), 19'782);
  EXPECT_EQ(utc_date_name(0), "1970-01-01");
  EXPECT_EQ(utc_date_name(kJan1), "2026-01-01");
  EXPECT_EQ(utc_date_name(19'782), "2024-02-29");
  EXPECT_EQ(utc_date_name(*parse_utc_date("9999-12-31")), "9999-12-31");
}

TEST(DayRange, anything_but_a_real_calendar_date_is_refused) {
  for (const char* text : {"", "2026-1-01", "2026-01-1", "20260101", "2026/01/01", "2026-13-01", "2026-00-10",
                           "2026-02-29", "2026-04-31", "1969-12-31", "0000-01-01", "2026-01-01T00:00:00Z",
                           "+026-01-01", "2026-01-0a", " 2026-01-01", "２０２６-01-01"}) {
    EXPECT_FALSE(parse_utc_date(text)) << text;
  }
  EXPECT_FALSE(parse_utc_date(std::string_view("2026-01-01\0", 11)));
}

TEST(DayRange, the_default_is_the_last_28_days_up_to_today) {
  DayRange range = resolve_day_range(std::nullopt, std::nullopt, kJan1);
  EXPECT_EQ(range.to, kJan1);
  EXPECT_EQ(range.days(), 28);
  EXPECT_EQ(utc_date_name(range.from), "2025-12-05");
  EXPECT_EQ(resolve_day_range(std::string(""), std::string(""), kJan1).days(), 28);  // empty reads as absent
}

TEST(DayRange, one_end_given_sets_the_other_by_the_default) {
  DayRange to_only = resolve_day_range(std::nullopt, std::string("2025-06-30"), kJan1);
  EXPECT_EQ(utc_date_name(to_only.from), "2025-06-03");
  EXPECT_EQ(utc_date_name(to_only.to), "2025-06-30");
  DayRange from_only = resolve_day_range(std::string("2025-12-25"), std::nullopt, kJan1);
  EXPECT_EQ(utc_date_name(from_only.from), "2025-12-25");
  EXPECT_EQ(from_only.to, kJan1);
}

TEST(DayRange, a_single_day_and_exactly_366_days_are_fine) {
  EXPECT_EQ(resolve_day_range(std::string("2026-01-01"), std::string("2026-01-01"), kJan1).days(), 1);
  EXPECT_EQ(resolve_day_range(std::string("2024-01-01"), std::string("2024-12-31"), kJan1).days(), 366);
}

TEST(DayRange, bad_dates_reversed_and_too_long_ranges_are_400_naming_the_parameter) {
  auto field = [](std::optional<std::string> from, std::optional<std::string> to) {
    Error e = error_from([&] { resolve_day_range(from, to, kJan1); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    return field_of(e);
  };
  EXPECT_EQ(field(std::string("yesterday"), std::nullopt), "from");
  EXPECT_EQ(field(std::nullopt, std::string("2026-02-30")), "to");
  EXPECT_EQ(field(std::string("2026-01-02"), std::string("2026-01-01")), "from");
  EXPECT_EQ(field(std::string("2024-01-01"), std::string("2025-01-01")), "from");  // 367 days
  EXPECT_EQ(field(std::string("1970-01-01"), std::string("9999-12-31")), "from");
  EXPECT_EQ(field(std::string("2020-01-01"), std::nullopt), "from");  // to today: too long
  EXPECT_EQ(field(std::string("2026-06-01"), std::nullopt), "from");  // after today
}

}  // namespace
}  // namespace marquee::analytics
