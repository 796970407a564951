#include "social/PageLimit.h"

#include <string>

#include "core/Error.h"

namespace marquee::social {

int checked_page_size(std::optional<std::int64_t> limit) {
  const std::int64_t size = limit.value_or(kDefaultPageSize);
  if (size < 1 || size > kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  return static_cast<int>(size);
}

}  // namespace marquee::social
