#include "events/Event.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <limits>

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::events {

std::string data_of(std::initializer_list<std::pair<const char*, std::string>> fields) {
  boost::json::object data;
  for (const auto& [key, value] : fields) data[key] = value;
  return boost::json::serialize(data);
}

namespace {

const boost::json::value* data_field(const Event& event, const char* key, boost::json::value& parsed) {
  if (event.data.empty()) return nullptr;
  boost::system::error_code ec;
  parsed = boost::json::parse(event.data, ec);
  if (ec || !parsed.is_object()) return nullptr;
  return parsed.as_object().if_contains(key);
}

}  // namespace

std::optional<std::string> data_string(const Event& event, const char* key) {
  boost::json::value parsed;
  auto* field = data_field(event, key, parsed);
  if (!field || !field->is_string()) return std::nullopt;
  return std::string(field->get_string());
}

std::optional<std::int64_t> data_integer(const Event& event, const char* key) {
  boost::json::value parsed;
  auto* field = data_field(event, key, parsed);
  if (!field || !field->is_int64()) return std::nullopt;
  return field->get_int64();
}

std::string encode_event(const Event& event) {
  if (event.type.empty()) throw_validation("type", "an event needs a type");
  // The field order is part of the wire form: PostgresEventBus recognises its own echoes by
  // the `,"o":…,"n":` run without parsing them.
  boost::json::object out{{"t", event.type}, {"v", event.version}, {"s", event.subject},
                          {"o", event.origin}, {"n", event.sequence}};
  if (!event.data.empty()) {
    boost::system::error_code ec;
    auto data = boost::json::parse(event.data, ec);
    if (ec || !data.is_object()) throw_validation("data", "an event's data must be a JSON object");
    out["d"] = std::move(data);
  }
  if (event.published_at_ms > 0) out["a"] = event.published_at_ms;
  std::string text = boost::json::serialize(out);
  // Serializing passes a string's bytes through as they are; PostgreSQL refuses a NOTIFY
  // payload that is not UTF-8, and would take the whole batch it was sent in with it.
  if (!text::is_valid_utf8(text)) throw_validation("type", "an event's type, subject and origin must be UTF-8");
  if (text.size() > kMaxEncodedEventBytes) {
    throw_validation("data", "event " + event.type + " encodes to " + std::to_string(text.size()) +
                                 " bytes; events carry ids and counters only");
  }
  return text;
}

std::optional<Event> decode_event(std::string_view text) {
  if (text.size() > kMaxEncodedEventBytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto& o = value.as_object();
  auto* t = o.if_contains("t");
  auto* v = o.if_contains("v");
  auto* s = o.if_contains("s");
  auto* origin = o.if_contains("o");
  auto* n = o.if_contains("n");
  auto* d = o.if_contains("d");
  if (!t || !t->is_string() || t->get_string().empty() || !v || !v->is_int64() ||
      v->get_int64() < std::numeric_limits<int>::min() || v->get_int64() > std::numeric_limits<int>::max() || !s ||
      !s->is_string() || !origin || !origin->is_string() || !n ||
      !(n->is_uint64() || (n->is_int64() && n->get_int64() >= 0)) || (d && !d->is_object())) {
    return std::nullopt;
  }
  Event event;
  event.type = std::string(t->get_string());
  event.version = static_cast<int>(v->get_int64());
  event.subject = std::string(s->get_string());
  event.origin = std::string(origin->get_string());
  event.sequence = n->is_uint64() ? n->get_uint64() : static_cast<std::uint64_t>(n->get_int64());
  if (d) event.data = boost::json::serialize(*d);
  if (auto* a = o.if_contains("a"); a && a->is_int64()) event.published_at_ms = a->get_int64();
  return event;
}

}  // namespace marquee::events
