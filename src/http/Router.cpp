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

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
bool is_rest(std::string_view seg) { return is_param(seg) && seg[seg.size() - 2] == '*'; }

// Returns the specificity (one bit per literal segment, earlier segments weigh more) or -1.
long long match_route(const Route& route, const std::vector<std::string_view>& parts,
                      std::map<std::string, std::string>* params) {
  using Kind = Route::Segment::Kind;
  const auto& segs = route.compiled;
  if (route.ends_in_rest ? parts.size() < segs.size() : parts.size() != segs.size()) return -1;
  long long score = 0;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Route::Segment& seg = segs[i];
    switch (seg.kind) {
      case Kind::literal:
        if (parts[i] != seg.text) return -1;
        score = (score << 1) | 1;
        break;
      case Kind::param:
        if (parts[i].empty()) return -1;
        if (params) (*params)[seg.text] = std::string(parts[i]);
        score = score << 1;
        break;
      case Kind::rest:
        if (params) {
          std::string rest;
          for (std::size_t j = i; j < parts.size(); ++j) rest.append(j == i ? "" : "/").append(parts[j]);
          (*params)[seg.text] = std::move(rest);
        }
        return score << (32 - std::min<std::size_t>(i, 32));
    }
  }
  return score << (32 - std::min<std::size_t>(segs.size(), 32));
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, RouteDoc doc, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with /: " + pattern);
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) throw std::invalid_argument("duplicate route " + pattern);
  }
  Route route{method, pattern, std::move(handler), std::move(doc), options, {}};
  for (auto seg : split_path(pattern)) {
    route.segments.emplace_back(seg);
    Route::Segment compiled;
    if (is_rest(seg)) {
      compiled = {Route::Segment::Kind::rest, std::string(seg.substr(1, seg.size() - 3))};
      route.ends_in_rest = true;
    } else if (is_param(seg)) {
      compiled = {Route::Segment::Kind::param, std::string(seg.substr(1, seg.size() - 2))};
    } else {
      compiled = {Route::Segment::Kind::literal, std::string(seg)};
    }
    if (route.ends_in_rest && compiled.kind != Route::Segment::Kind::rest) {
      throw std::invalid_argument("a {name*} segment must come last: " + pattern);
    }
    route.compiled.push_back(std::move(compiled));
  }
  const std::size_t index = routes_.size();
  if (route.ends_in_rest) {
    open_ended_.push_back(index);
  } else {
    if (by_count_.size() <= route.compiled.size()) by_count_.resize(route.compiled.size() + 1);
    Bucket& bucket = by_count_[route.compiled.size()];
    if (route.compiled.size() >= 2 && route.compiled[1].kind == Route::Segment::Kind::literal) {
      const std::pair<std::string, std::size_t> entry{route.compiled[1].text, index};
      bucket.by_second.insert(std::upper_bound(bucket.by_second.begin(), bucket.by_second.end(), entry), entry);
    } else {
      bucket.any_second.push_back(index);
    }
  }
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

void Router::set_page_fallback(Handler handler) {
  Route route;
  route.method = Method::GET;
  route.pattern = "/{page*}";
  route.options.fast_path = [handler](Request& request) -> std::optional<Response> { return handler(request); };
  route.handler = std::move(handler);
  route.doc = {"A page of the web app", "web", Access::public_};
  page_fallback_ = std::move(route);
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  auto parts = split_path(path);
  const Route* best = nullptr;
  long long best_score = -1;
  const Route* best_get = nullptr;  // for HEAD
  long long best_get_score = -1;
  auto consider = [&](const Route& route) {
    const long long score = match_route(route, parts, nullptr);
    if (score < 0) return;
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
  };
  // Only routes of the path's segment count and second segment can match it, and those
  // taking the rest of it.
  if (parts.size() < by_count_.size()) {
    const Bucket& bucket = by_count_[parts.size()];
    if (parts.size() >= 2) {
      auto first = std::lower_bound(bucket.by_second.begin(), bucket.by_second.end(), parts[1],
                                    [](const auto& entry, std::string_view key) { return entry.first < key; });
      for (; first != bucket.by_second.end() && first->first == parts[1]; ++first) consider(routes_[first->second]);
    }
    for (std::size_t index : bucket.any_second) consider(routes_[index]);
  }
  for (std::size_t index : open_ended_) consider(routes_[index]);
  if (!best) best = best_get;
  if (best) {
    match_route(*best, parts, &result.params);
    result.route = best;
    result.allowed.clear();
  } else if (page_fallback_ && result.allowed.empty() && (method == Method::GET || method == Method::HEAD)) {
    result.route = &*page_fallback_;
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
