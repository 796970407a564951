#include "recs/ForYouCursor.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::recs {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxCursorLength = 1024;
constexpr std::string_view kFeed = "for_you";

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

std::optional<bj::object> object_of(std::string_view cursor) {
  if (cursor.size() > kMaxCursorLength) return std::nullopt;
  auto text = crypto::base64url_decode(cursor);
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  bj::value value = bj::parse(*text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const bj::value* feed = value.as_object().if_contains("f");
  if (!feed || !feed->is_string() || feed->as_string() != kFeed) return std::nullopt;
  return std::move(value.as_object());
}

std::int64_t non_negative(const bj::object& object, std::string_view key) {
  const bj::value* value = object.if_contains(key);
  if (!value || !value->is_int64() || value->as_int64() < 0) refuse_cursor();
  return value->as_int64();
}

// Numbers that JSON may not carry exactly travel as text: scores as shortest round-trip
// decimals, the 64-bit seed as an unsigned decimal.
template <class Number>
std::string number_text(Number number) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, end);
}

template <class Number>
Number number_from(const bj::value& value) {
  if (!value.is_string()) refuse_cursor();
  std::string_view text = value.as_string();
  Number number{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) refuse_cursor();
  return number;
}

bj::value position_json(const std::optional<RankedPosition>& position) {
  if (!position) return nullptr;
  return bj::array{number_text(position->score), position->id};
}

std::optional<RankedPosition> position_from(const bj::object& object, std::string_view key) {
  const bj::value* value = object.if_contains(key);
  if (!value) refuse_cursor();
  if (value->is_null()) return std::nullopt;
  if (!value->is_array() || value->as_array().size() != 2) refuse_cursor();
  const auto& array = value->as_array();
  const double score = number_from<double>(array[0]);
  if (!std::isfinite(score) || !array[1].is_string() || !looks_like_public_id(array[1].as_string())) refuse_cursor();
  return RankedPosition{score, std::string(array[1].as_string())};
}

}  // namespace

std::string encode_cursor(const ForYouCursor& cursor) {
  const bj::object object{{"f", kFeed},
                          {"a", cursor.as_of},
                          {"s", number_text(cursor.seed)},
                          {"n", cursor.position},
                          {"p", position_json(cursor.taste)},
                          {"r", position_json(cursor.fresh)}};
  return crypto::base64url_encode(bj::serialize(object));
}

ForYouCursor decode_for_you_cursor(std::string_view text) {
  auto object = object_of(text);
  if (!object) refuse_cursor();
  ForYouCursor cursor;
  cursor.as_of = non_negative(*object, "a");
  const bj::value* seed = object->if_contains("s");
  if (!seed) refuse_cursor();
  cursor.seed = number_from<std::uint64_t>(*seed);
  cursor.position = non_negative(*object, "n");
  cursor.taste = position_from(*object, "p");
  cursor.fresh = position_from(*object, "r");
  return cursor;
}

bool is_for_you_cursor(std::string_view cursor) { return object_of(cursor).has_value(); }

}  // namespace marquee::recs
