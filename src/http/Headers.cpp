#include "http/Headers.h"

#include <algorithm>

#include "http/Method.h"

namespace marquee::http {

namespace {

// ASCII case folding: header names are ASCII, and std::tolower asks the locale per character.
constexpr char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : fields_) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

void Headers::set(std::string_view name, std::string value) {
  remove(name);
  add(name, std::move(value));
}

void Headers::add(std::string_view name, std::string value) {
  if (fields_.capacity() == 0) fields_.reserve(kTypicalFields);
  fields_.emplace_back(std::string(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::GET: return "GET";
    case Method::HEAD: return "HEAD";
    case Method::POST: return "POST";
    case Method::PUT: return "PUT";
    case Method::PATCH: return "PATCH";
    case Method::DELETE: return "DELETE";
    case Method::OPTIONS: return "OPTIONS";
  }
  return "GET";
}

std::optional<Method> parse_method(std::string_view name) {
  for (Method m : {Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS}) {
    if (method_name(m) == name) return m;
  }
  return std::nullopt;
}

}  // namespace marquee::http
