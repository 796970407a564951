// Business days for the DMCA's waiting period: weekdays that are not US federal holidays (as
// observed), counted from the day after receipt.
#include <gtest/gtest.h>

#include "dmca/BusinessDays.h"

namespace marquee::dmca {
namespace {

Millis at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

TEST(BusinessDays, weekends_and_federal_holidays_as_observed_are_not_business_days) {
  EXPECT_TRUE(is_business_day(at("2026-12-04T00:00:00Z")));    // a Friday
  EXPECT_FALSE(is_business_day(at("2026-12-05T00:00:00Z")));   // Saturday
  EXPECT_FALSE(is_business_day(at("2026-12-25T00:00:00Z")));   // Christmas
  EXPECT_FALSE(is_business_day(at("2026-07-03T00:00:00Z")));   // Independence Day falls on a Saturday
  EXPECT_FALSE(is_business_day(at("2026-11-26T00:00:00Z")));   // Thanksgiving, the fourth Thursday
  EXPECT_FALSE(is_business_day(at("2026-05-25T00:00:00Z")));   // Memorial Day, the last Monday of May
  EXPECT_FALSE(is_business_day(at("2027-12-31T00:00:00Z")));   // New Year's Day 2028 falls on a Saturday
  EXPECT_TRUE(is_business_day(at("2026-11-27T00:00:00Z")));    // the day after Thanksgiving
}

TEST(BusinessDays, the_waiting_period_ends_at_midnight_after_the_last_business_day) {
  // Received on a Thursday: ten business days are 4, 7–11 and 14–17 December.
  EXPECT_EQ(after_business_days(at("2026-12-03T15:30:00Z"), 10), at("2026-12-18T00:00:00Z"));
  // Over Christmas and New Year's Day 2027 (a Friday each).
  EXPECT_EQ(after_business_days(at("2026-12-17T09:00:00Z"), 10), at("2027-01-05T00:00:00Z"));
  // Fourteen, the law's most.
  EXPECT_EQ(after_business_days(at("2026-12-03T15:30:00Z"), 14), at("2026-12-24T00:00:00Z"));
}

}  // namespace
}  // namespace marquee::dmca
