#pragma once
// Reading JSON request bodies with uniform errors: syntax errors are 400 bad_request,
// wrong types and broken rules are 400 validation_failed naming the field. Unknown fields
// are ignored everywhere (clients may send more than a route reads).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::json {

namespace bj = boost::json;

// Parses `text` as a JSON object. An empty body reads as {}.
bj::object parse_object(std::string_view text);

class BodyReader {
 public:
  explicit BodyReader(std::string_view text) : object_(parse_object(text)) {}
  explicit BodyReader(bj::object object) : object_(std::move(object)) {}

  bool has(std::string_view key) const;
  // A present-but-null field reads as absent for optional_*.
  std::string required_string(std::string_view key) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  std::optional<std::int64_t> optional_int(std::string_view key) const;
  std::optional<bool> optional_bool(std::string_view key) const;
  std::optional<std::vector<std::string>> optional_string_array(std::string_view key) const;
  const bj::object& object() const { return object_; }

 private:
  bj::object object_;
};

std::string serialize(const bj::value& value);

}  // namespace marquee::json
