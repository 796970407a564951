// Rates as operators write them: accepted forms, refused ones, and the round trip.
#include <gtest/gtest.h>

#include "core/RateSpec.h"

namespace marquee {
namespace {

TEST(RateSpec, ReadsCountPerPeriod) {
  EXPECT_EQ(parse_rate_spec("25/5m")->count, 25);
  EXPECT_EQ(parse_rate_spec("25/5m")->period_ms, 300'000);
  EXPECT_EQ(parse_rate_spec("10/h")->period_ms, 3'600'000);
  EXPECT_EQ(parse_rate_spec("2/s")->period_ms, 1'000);
  EXPECT_EQ(parse_rate_spec("1000/1d")->period_ms, 86'400'000);
  EXPECT_TRUE(parse_rate_spec("off")->off());
  EXPECT_TRUE(parse_rate_spec("0")->off());
}

TEST(RateSpec, RefusesWhatIsNotARate) {
  for (const char* bad : {"", "25", "25/", "/5m", "25/5", "25/5x", "-1/m", "0/m", "25/0m", "x/m", "25/m5", "1/400d",
                          "25 /5m", "99999999999/m", "25/5m/", "on"}) {
    EXPECT_FALSE(parse_rate_spec(bad)) << bad;
  }
}

}  // namespace
}  // namespace marquee
