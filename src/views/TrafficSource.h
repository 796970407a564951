#pragma once
// Where a view came from, as the player says in its beacon's `source` (docs/views.md). The
// studio's analytics count each counted view under one of these; a missing or unknown
// source counts as `external`, so every view is somewhere.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace marquee::views {

enum class TrafficSource { home, search, similar, subscriptions, channel, playlist, reels, external };

inline constexpr std::size_t kTrafficSourceCount = 8;
inline constexpr std::array<TrafficSource, kTrafficSourceCount> kTrafficSources = {
    TrafficSource::home,    TrafficSource::search,   TrafficSource::similar, TrafficSource::subscriptions,
    TrafficSource::channel, TrafficSource::playlist, TrafficSource::reels,   TrafficSource::external};

// "home", "search", … as in the API and the database.
std::string_view traffic_source_name(TrafficSource source);
// The source a name stands for (exact, lower case); nullopt for anything else.
std::optional<TrafficSource> find_traffic_source(std::string_view name);
// What a beacon's `source` counts as: its source, or `external` for anything unknown.
TrafficSource traffic_source_of(std::string_view name);

}  // namespace marquee::views
