#pragma once
// Page sizes of social listings, checked the same way everywhere: 1 to 100, 20 by default.
#include <cstdint>
#include <optional>

namespace marquee::social {

inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;

// The page size to use; throws Error(validation_failed) naming "limit" when out of range.
int checked_page_size(std::optional<std::int64_t> limit);

}  // namespace marquee::social
