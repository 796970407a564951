// The beacon's traffic sources: every name round-trips, anything else is external.
#include <gtest/gtest.h>

#include "views/TrafficSource.h"

namespace marquee::views {
namespace {

TEST(TrafficSource, every_source_round_trips_through_its_name) {
  for (TrafficSource source : kTrafficSources) {
    EXPECT_EQ(find_traffic_source(traffic_source_name(source)), source) << traffic_source_name(source);
    EXPECT_EQ(traffic_source_of(traffic_source_name(source)), source);
  }
  EXPECT_EQ(traffic_source_name(TrafficSource::subscriptions), "subscriptions");
}

TEST(TrafficSource, unknown_missing_and_differently_written_sources_are_external) {
  for (const char* name : {"", "HOME", "Search", " home", "twitter", "home\n", "external"}) {
    EXPECT_EQ(traffic_source_of(name), TrafficSource::external) << name;
  }
  EXPECT_FALSE(find_traffic_source("twitter"));
}

}  // namespace
}  // namespace marquee::views
