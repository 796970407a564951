#include "http/Request.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/Error.h"

namespace marquee::http {

bool Request::parse_target() {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  path = std::string(parsed->path());  // decoded
  query_string = std::string(parsed->encoded_query());
  return !path.empty() && path.front() == '/';
}

std::optional<std::string> Request::query(std::string_view name) const {
  if (query_string.empty()) return std::nullopt;
  std::string text = "/?" + query_string;  // parse_origin_form views its input: keep it alive
  auto parsed = boost::urls::parse_origin_form(text);
  if (!parsed) return std::nullopt;
  for (auto param : parsed->params()) {
    if (param.key == name) return std::string(param.has_value ? param.value : "");
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto raw = header("Cookie");
  if (!raw) return std::nullopt;
  std::string_view rest = *raw;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

const std::string& Request::param(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) throw Error(ErrorCode::internal, "route has no parameter " + name);
  return it->second;
}

}  // namespace marquee::http
