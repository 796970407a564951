#include "feeds/FeedCursor.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::feeds {
namespace {

namespace bj = boost::json;

constexpr std::size_t kMaxCursorLength = 4096;
constexpr std::size_t kMaxTagLength = 64;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

std::string encode(const bj::object& object) { return crypto::base64url_encode(bj::serialize(object)); }

// The cursor's object when it names `feed`.
bj::object decode(std::string_view cursor, std::string_view feed) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto text = crypto::base64url_decode(cursor);
  if (!text) refuse_cursor();
  boost::system::error_code ec;
  bj::value value = bj::parse(*text, ec);
  if (ec || !value.is_object()) refuse_cursor();
  bj::object& object = value.as_object();
  const bj::value* name = object.if_contains("f");
  if (!name || !name->is_string() || name->as_string() != feed) refuse_cursor();
  return std::move(object);
}

const bj::value& field(const bj::object& object, std::string_view key) {
  const bj::value* value = object.if_contains(key);
  if (!value) refuse_cursor();
  return *value;
}

std::int64_t non_negative(const bj::value& value) {
  if (!value.is_int64() || value.as_int64() < 0) refuse_cursor();
  return value.as_int64();
}

// Scores travel as shortest round-trip decimal text: JSON number parsing may be off by an ulp.
std::string score_text(double score) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, score);
  return std::string(buffer, end);
}

double score_from(const bj::value& value) {
  if (!value.is_string()) refuse_cursor();
  std::string_view text = value.as_string();
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(number)) refuse_cursor();
  return number;
}

std::string video_id(const bj::value& value) {
  if (!value.is_string() || !looks_like_public_id(value.as_string())) refuse_cursor();
  return std::string(value.as_string());
}

bj::array newest_json(const NewestPosition& position) { return {position.created_at, position.id}; }

NewestPosition newest_from(const bj::value& value) {
  if (!value.is_array() || value.as_array().size() != 2) refuse_cursor();
  const auto& array = value.as_array();
  return {non_negative(array[0]), video_id(array[1])};
}

bj::array trending_json(const TrendingPosition& position) {
  return {position.rank, score_text(position.score), position.id};
}

TrendingPosition trending_from(const bj::value& value) {
  if (!value.is_array() || value.as_array().size() != 3) refuse_cursor();
  const auto& array = value.as_array();
  return {non_negative(array[0]), score_from(array[1]), video_id(array[2])};
}

std::string seed_text(std::uint64_t seed) {
  char buffer[17];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, seed, 16);
  return std::string(buffer, end);
}

std::uint64_t seed_from(const bj::value& value) {
  if (!value.is_string() || value.as_string().empty() || value.as_string().size() > 16) refuse_cursor();
  std::string_view text = value.as_string();
  std::uint64_t seed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed, 16);
  if (ec != std::errc() || end != text.data() + text.size()) refuse_cursor();
  return seed;
}

TagProfile profile_from(const bj::value& value) {
  if (!value.is_array() || value.as_array().size() > kMaxProfileTags) refuse_cursor();
  std::vector<std::pair<std::string, int>> weights;
  for (const auto& entry : value.as_array()) {
    if (!entry.is_array() || entry.as_array().size() != 2) refuse_cursor();
    const auto& pair = entry.as_array();
    if (!pair[0].is_string() || pair[0].as_string().empty() || pair[0].as_string().size() > kMaxTagLength) {
      refuse_cursor();
    }
    const std::int64_t weight = non_negative(pair[1]);
    if (weight < 1 || weight > kMaxTagWeight) refuse_cursor();
    weights.emplace_back(std::string(pair[0].as_string()), static_cast<int>(weight));
  }
  return TagProfile(std::move(weights));
}

}  // namespace

std::string encode_cursor(const SubscriptionsCursor& cursor) {
  return encode({{"f", "subscriptions"}, {"a", newest_json(cursor.after)}});
}

std::string encode_cursor(const TrendingCursor& cursor) {
  return encode({{"f", "trending"},
                 {"w", period_name(cursor.period)},
                 {"g", cursor.generation},
                 {"a", trending_json(cursor.after)}});
}

std::string encode_cursor(const HomeCursor& cursor) {
  bj::object object{{"f", "home"}, {"g", cursor.generation}, {"n", cursor.position}, {"a", cursor.as_of}};
  if (cursor.subscriptions) object["s"] = newest_json(*cursor.subscriptions);
  if (cursor.trending) object["t"] = trending_json(*cursor.trending);
  if (cursor.fresh) object["r"] = newest_json(*cursor.fresh);
  return encode(object);
}

std::string encode_cursor(const ReelsCursor& cursor) {
  bj::array profile;
  for (const auto& [tag, weight] : cursor.profile.weights()) profile.push_back(bj::array{tag, weight});
  return encode({{"f", "reels"},
                 {"g", cursor.generation},
                 {"s", seed_text(cursor.seed)},
                 {"o", cursor.offset},
                 {"p", std::move(profile)}});
}

SubscriptionsCursor decode_subscriptions_cursor(std::string_view cursor) {
  auto object = decode(cursor, "subscriptions");
  return {newest_from(field(object, "a"))};
}

TrendingCursor decode_trending_cursor(std::string_view cursor) {
  auto object = decode(cursor, "trending");
  const auto& window = field(object, "w");
  if (!window.is_string()) refuse_cursor();
  auto period = parse_period(window.as_string());
  if (!period) refuse_cursor();
  return {*period, non_negative(field(object, "g")), trending_from(field(object, "a"))};
}

HomeCursor decode_home_cursor(std::string_view cursor) {
  auto object = decode(cursor, "home");
  HomeCursor out;
  out.generation = non_negative(field(object, "g"));
  out.position = non_negative(field(object, "n"));
  out.as_of = non_negative(field(object, "a"));
  if (const auto* s = object.if_contains("s")) out.subscriptions = newest_from(*s);
  if (const auto* t = object.if_contains("t")) out.trending = trending_from(*t);
  if (const auto* r = object.if_contains("r")) out.fresh = newest_from(*r);
  return out;
}

ReelsCursor decode_reels_cursor(std::string_view cursor) {
  auto object = decode(cursor, "reels");
  ReelsCursor out;
  out.generation = non_negative(field(object, "g"));
  out.seed = seed_from(field(object, "s"));
  out.offset = non_negative(field(object, "o"));
  out.profile = profile_from(field(object, "p"));
  return out;
}

}  // namespace marquee::feeds
