#pragma once
// Reading the query parameters every listing shares, the same way in every route.
#include <cstdint>
#include <optional>

#include "http/Request.h"

namespace marquee::http {

// `limit`: absent or empty reads as nullopt. Throws Error(validation_failed) naming "limit"
// when it is not an integer; the service checks its range.
std::optional<std::int64_t> limit_param(const Request& request);

// `adult`: true/1 or false/0 (absent: false); anything else is a 400 naming "adult". Whether the
// caller may have adult videos is the age gate's to say (accounts/AgeGate.h).
bool adult_param(const Request& request);

}  // namespace marquee::http
