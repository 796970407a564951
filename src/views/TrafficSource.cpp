#include "views/TrafficSource.h"

namespace marquee::views {

std::string_view traffic_source_name(TrafficSource source) {
  switch (source) {
    case TrafficSource::home: return "home";
    case TrafficSource::search: return "search";
    case TrafficSource::similar: return "similar";
    case TrafficSource::subscriptions: return "subscriptions";
    case TrafficSource::channel: return "channel";
    case TrafficSource::playlist: return "playlist";
    case TrafficSource::reels: return "reels";
    case TrafficSource::external: break;
  }
  return "external";
}

std::optional<TrafficSource> find_traffic_source(std::string_view name) {
  for (TrafficSource source : kTrafficSources) {
    if (traffic_source_name(source) == name) return source;
  }
  return std::nullopt;
}

TrafficSource traffic_source_of(std::string_view name) {
  return find_traffic_source(name).value_or(TrafficSource::external);
}

}  // namespace marquee::views
