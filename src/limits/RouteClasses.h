#pragma once
// Which rate limit a route counts against. Every route has one class; the table in
// RouteClasses.cpp names the routes that are not what their method says (sign-in, uploads,
// search, media, probes), and the rest are `read` (GET, HEAD) or `write`. docs/security.md
// lists the classes with their defaults (limits.* settings).
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "http/Method.h"

namespace marquee::limits {

enum class RouteClass {
  none,          // never limited: health probes, metrics, the chunks of an upload already counted
  sign_in,       // anything that checks a password or a second factor
  registration,  // new accounts
  upload,        // a new upload (its chunks are not counted again)
  search,        // search and suggestions
  media,         // signed playlists and segments (a player fetches several a second)
  read,          // every other GET and HEAD
  write,         // every other state-changing request
};

inline constexpr std::size_t kRouteClassCount = static_cast<std::size_t>(RouteClass::write) + 1;

std::string_view route_class_name(RouteClass route_class);

// The routes whose class is not their method's, as (method, pattern).
std::vector<std::pair<http::Method, std::string_view>> special_routes();

// The class of (method, route pattern); HEAD counts as GET.
RouteClass classify_route(http::Method method, std::string_view pattern);

}  // namespace marquee::limits
