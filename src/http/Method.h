#pragma once
#include <optional>
#include <string_view>

namespace marquee::http {

enum class Method { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS };

std::string_view method_name(Method m);
std::optional<Method> parse_method(std::string_view name);

}  // namespace marquee::http
