#pragma once
// A domain event: a small fact about something that changed, published after the change
// committed (a rolled-back write publishes nothing). Events carry ids and counters, never
// whole records, so one always fits a PostgreSQL NOTIFY payload (under 8,000 bytes). The
// type names the fact ("video.changed"); `version` lets a type's data grow without breaking
// older nodes. The bus stamps every event with the node that published it and that node's
// sequence number, so a node recognises its own echoes and notices events it missed.
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::events {

inline constexpr std::size_t kMaxEncodedEventBytes = 7'900;

struct Event {
  std::string type;     // "video.changed", "rating.changed" …
  int version = 1;
  std::string subject;  // the id the fact is about: a video's, a user's
  std::string data;     // a small JSON object with further facts, or empty
  // Stamped by the bus on publish.
  std::string origin;          // the publishing node's id
  std::uint64_t sequence = 0;  // per origin, from 1, without gaps
  std::int64_t published_at_ms = 0;  // wall clock at publish (bus lag: receipt minus this)
};

// `data` from string fields, and one string field back out of it (nullopt when absent).
std::string data_of(std::initializer_list<std::pair<const char*, std::string>> fields);
std::optional<std::string> data_string(const Event& event, const char* key);
std::optional<std::int64_t> data_integer(const Event& event, const char* key);

// The wire form: one JSON object. Throws Error(validation_failed) when the event is
// malformed (no type, data not a JSON object, text that is not UTF-8) or encodes to more
// than kMaxEncodedEventBytes.
std::string encode_event(const Event& event);
// nullopt for anything that is not an encoded event (a hostile or foreign payload).
std::optional<Event> decode_event(std::string_view text);

}  // namespace marquee::events
