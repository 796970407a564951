#pragma once
// Small JSON values every feature's output shares: text that is null when empty, a time that
// is null when unset, and a JSON text stored in the database read back as a value.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "core/Clock.h"

namespace marquee::json {

inline boost::json::value text_or_null(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

// RFC 3339, or null for 0 (never).
inline boost::json::value time_or_null(Millis at) {
  return at ? boost::json::value(to_rfc3339(at)) : boost::json::value(nullptr);
}

// A JSON text this server stored; {} should it not parse.
inline boost::json::value stored_json(const std::string& text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  return ec ? boost::json::value(boost::json::object{}) : value;
}

}  // namespace marquee::json
