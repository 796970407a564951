#pragma once
// Reading the `limit` of a listing's query string, the same way in every social route.
#include <cstdint>
#include <optional>

#include "http/Request.h"

namespace marquee::social {

// Absent or empty: nullopt. Throws Error(validation_failed) naming "limit" when it is not
// an integer; the service checks its range.
std::optional<std::int64_t> limit_param(const http::Request& request);

}  // namespace marquee::social
