#pragma once
// Reading the query parameters every listing shares, the same way in every route.
#include <cstdint>
#include <optional>

#include "http/Request.h"

namespace marquee::http {

// `limit`: absent or empty reads as nullopt. Throws Error(validation_failed) naming "limit"
// when it is not an integer; the service checks its range.
std::optional<std::int64_t> limit_param(const Request& request);

}  // namespace marquee::http
