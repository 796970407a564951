// AgeGate::old_enough: a stated birth date against an age, on the calendar (UTC).
#include <gtest/gtest.h>

#include "accounts/AgeGate.h"

namespace marquee::accounts {
namespace {

Millis at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

TEST(AgeGateAge, a_birthday_counts_from_its_first_moment) {
  EXPECT_FALSE(AgeGate::old_enough("2008-12-05", 18, at("2026-12-04T23:59:59Z")));
  EXPECT_TRUE(AgeGate::old_enough("2008-12-04", 18, at("2026-12-04T00:00:00Z")));
  EXPECT_TRUE(AgeGate::old_enough("1990-06-30", 21, at("2026-12-04T12:00:00Z")));
}

TEST(AgeGateAge, a_leap_day_birthday_comes_of_age_on_the_first_of_march) {
  EXPECT_FALSE(AgeGate::old_enough("2008-02-29", 18, at("2026-02-28T12:00:00Z")));
  EXPECT_TRUE(AgeGate::old_enough("2008-02-29", 18, at("2026-03-01T00:00:00Z")));
}

TEST(AgeGateAge, anything_but_a_real_calendar_day_is_no_age) {
  for (const char* bad : {"", "1990-02-30", "1990-13-01", "1990-1-1", "+990-01-01", " 990-01-01", "1990/01/01",
                          "19900101xx", "1990-01-0a", "yesterday!"}) {
    EXPECT_FALSE(AgeGate::old_enough(bad, 0, at("2026-12-04T00:00:00Z"))) << bad;
  }
}

}  // namespace
}  // namespace marquee::accounts
