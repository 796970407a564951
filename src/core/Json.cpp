#include "core/Json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/Error.h"

namespace marquee::json {

bj::object parse_object(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  boost::system::error_code ec;
  bj::parse_options options;
  options.max_depth = 32;
  bj::value value = bj::parse(text, ec, {}, options);
  if (ec) throw Error(ErrorCode::bad_request, "request body is not valid JSON: " + ec.message());
  if (!value.is_object()) throw Error(ErrorCode::bad_request, "request body must be a JSON object");
  return std::move(value.as_object());
}

bool BodyReader::has(std::string_view key) const {
  auto it = object_.find(key);
  return it != object_.end() && !it->value().is_null();
}

std::string BodyReader::required_string(std::string_view key) const {
  auto value = optional_string(key);
  if (!value) throw_validation(std::string(key), std::string(key) + " is required");
  return *value;
}

std::optional<std::string> BodyReader::optional_string(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string()) throw_validation(std::string(key), std::string(key) + " must be a string");
  return std::string(it->value().get_string());
}

std::optional<std::int64_t> BodyReader::optional_int(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  const auto& v = it->value();
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v.get_uint64());
  throw_validation(std::string(key), std::string(key) + " must be an integer");
}

std::optional<bool> BodyReader::optional_bool(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool()) throw_validation(std::string(key), std::string(key) + " must be true or false");
  return it->value().get_bool();
}

std::optional<std::vector<std::string>> BodyReader::optional_string_array(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_array()) throw_validation(std::string(key), std::string(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : it->value().get_array()) {
    if (!item.is_string()) throw_validation(std::string(key), std::string(key) + " must be an array of strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

std::string serialize(const bj::value& value) { return bj::serialize(value); }

}  // namespace marquee::json
