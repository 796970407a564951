#pragma once
// An ordered list of HTTP header fields with case-insensitive lookup. Small on purpose:
// requests carry a dozen fields, so a vector beats a map.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  // Replaces every field named `name` with one field.
  void set(std::string_view name, std::string value);
  void add(std::string_view name, std::string value);
  void add(Field field) {
    if (fields_.capacity() == 0) fields_.reserve(kTypicalFields);
    fields_.push_back(std::move(field));
  }
  // Hands its fields over; it is empty after.
  std::vector<Field> release() { return std::exchange(fields_, {}); }
  void remove(std::string_view name);

  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }

 private:
  // A response gathers a dozen fields (its own, then the security headers): room for them at
  // once, not three reallocations on the way.
  static constexpr std::size_t kTypicalFields = 16;
  std::vector<Field> fields_;
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace marquee::http
