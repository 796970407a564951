#include "http/QueryParams.h"

#include <charconv>

#include "core/Error.h"

namespace marquee::http {

std::optional<std::int64_t> limit_param(const Request& request) {
  auto text = request.query("limit");
  if (!text || text->empty()) return std::nullopt;
  std::int64_t limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size()) throw_validation("limit", "limit must be an integer");
  return limit;
}

bool adult_param(const Request& request) {
  auto text = request.query("adult");
  if (!text || text->empty() || *text == "false" || *text == "0") return false;
  if (*text == "true" || *text == "1") return true;
  throw_validation("adult", "adult must be true or false");
}

}  // namespace marquee::http
