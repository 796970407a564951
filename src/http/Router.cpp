#include "http/Router.h"

#include <algorithm>
#include <stdexcept>

namespace marquee::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
bool is_rest(const std::string& seg) { return is_param(seg) && seg[seg.size() - 2] == '*'; }

// Returns the specificity (one bit per literal segment, earlier segments weigh more) or -1.
long long match_route(const Route& route, const std::vector<std::string_view>& parts,
                      std::map<std::string, std::string>* params) {
  const auto& segs = route.segments;
  long long score = 0;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string& seg = segs[i];
    if (is_rest(seg)) {
      if (i >= parts.size()) return -1;
      if (params) {
        std::string rest;
        for (std::size_t j = i; j < parts.size(); ++j) rest += (j == i ? "" : "/") + std::string(parts[j]);
        (*params)[seg.substr(1, seg.size() - 3)] = rest;
      }
      return score << (32 - std::min<std::size_t>(i, 32));
    }
    if (i >= parts.size()) return -1;
    if (is_param(seg)) {
      if (parts[i].empty()) return -1;
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
      score = score << 1;
    } else {
      if (parts[i] != seg) return -1;
      score = (score << 1) | 1;
    }
  }
  if (segs.size() != parts.size()) return -1;
  return score << (32 - std::min<std::size_t>(segs.size(), 32));
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, RouteDoc doc, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with /: " + pattern);
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) throw std::invalid_argument("duplicate route " + pattern);
  }
  Route route{method, pattern, std::move(handler), std::move(doc), options, {}};
  for (auto seg : split_path(pattern)) route.segments.emplace_back(seg);
  routes_.push_back(std::move(route));
}

void Router::add_inline(Method method, std::string pattern, Handler handler, RouteDoc doc) {
  RouteOptions options;
  options.fast_path = [handler](Request& request) -> std::optional<Response> { return handler(request); };
  add(method, std::move(pattern), std::move(handler), std::move(doc), std::move(options));
}

void Router::add_streaming(Method method, std::string pattern, StreamingHandler handler, RouteDoc doc,
                           RouteOptions options) {
  add(method, std::move(pattern), Handler{}, std::move(doc), options);
  routes_.back().streaming = std::move(handler);
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  auto parts = split_path(path);
  const Route* best = nullptr;
  long long best_score = -1;
  const Route* best_get = nullptr;  // for HEAD
  long long best_get_score = -1;
  for (const auto& route : routes_) {
    long long score = match_route(route, parts, nullptr);
    if (score < 0) continue;
    if (route.method == method && score > best_score) {
      best = &route;
      best_score = score;
    } else if (method == Method::HEAD && route.method == Method::GET && score > best_get_score) {
      best_get = &route;
      best_get_score = score;
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
  }
  if (!best) best = best_get;
  if (best) {
    match_route(*best, parts, &result.params);
    result.route = best;
    result.allowed.clear();
  }
  return result;
}

std::string_view access_name(Access access) {
  switch (access) {
    case Access::public_: return "public";
    case Access::user: return "user";
    case Access::moderator: return "moderator";
    case Access::admin: return "admin";
  }
  return "public";
}

}  // namespace marquee::http
