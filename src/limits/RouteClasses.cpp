#include "limits/RouteClasses.h"

namespace marquee::limits {
namespace {

struct Special {
  http::Method method;
  std::string_view pattern;
  RouteClass route_class;
};

// Routes whose class is not what their method says. RateLimitTest checks that each names a
// route that exists.
constexpr Special kSpecials[] = {
    {http::Method::GET, "/api/health", RouteClass::none},
    {http::Method::GET, "/api/ready", RouteClass::none},
    {http::Method::GET, "/metrics", RouteClass::none},
    {http::Method::POST, "/api/auth/login", RouteClass::sign_in},
    {http::Method::POST, "/api/me/password", RouteClass::sign_in},
    {http::Method::POST, "/api/me/2fa/totp", RouteClass::sign_in},
    {http::Method::POST, "/api/me/2fa/totp/confirm", RouteClass::sign_in},
    {http::Method::DELETE, "/api/me/2fa/totp", RouteClass::sign_in},
    {http::Method::DELETE, "/api/me", RouteClass::sign_in},
    {http::Method::POST, "/api/auth/register", RouteClass::registration},
    {http::Method::POST, "/api/setup/admin", RouteClass::sign_in},  // a guessed setup code is a guessed password
    {http::Method::GET, "/assets/{name}", RouteClass::none},          // the web app's files, from memory
    {http::Method::POST, "/api/uploads", RouteClass::upload},
    {http::Method::POST, "/api/uploads/presigned", RouteClass::upload},
    {http::Method::POST, "/api/uploads/ticket", RouteClass::upload},
    {http::Method::POST, "/api/videos/{id}/source", RouteClass::upload},
    // The body of an upload created above, in chunks or in one request.
    {http::Method::HEAD, "/api/uploads/{id}", RouteClass::none},
    {http::Method::PATCH, "/api/uploads/{id}", RouteClass::none},
    {http::Method::DELETE, "/api/uploads/{id}", RouteClass::none},
    {http::Method::PUT, "/api/uploads/ticket/{token}", RouteClass::none},
    {http::Method::POST, "/api/uploads/presigned/{id}/complete", RouteClass::none},
    {http::Method::GET, "/api/search", RouteClass::search},
    {http::Method::GET, "/api/search/suggest", RouteClass::search},
    {http::Method::GET, "/media/videos/{id}/{file*}", RouteClass::media},
    {http::Method::GET, "/api/media/{kind}/{id}", RouteClass::media},
    {http::Method::GET, "/media/profiles/{user_id}/{file}", RouteClass::media},
    {http::Method::PUT, "/api/me/avatar", RouteClass::upload},
    {http::Method::PUT, "/api/me/banner", RouteClass::upload},
    // Stripe delivers from a few addresses; the signature is what keeps others out.
    {http::Method::POST, "/api/billing/webhook", RouteClass::none},
};

}  // namespace

std::vector<std::pair<http::Method, std::string_view>> special_routes() {
  std::vector<std::pair<http::Method, std::string_view>> out;
  for (const auto& special : kSpecials) out.emplace_back(special.method, special.pattern);
  return out;
}

std::string_view route_class_name(RouteClass route_class) {
  switch (route_class) {
    case RouteClass::none: return "none";
    case RouteClass::sign_in: return "sign_in";
    case RouteClass::registration: return "registration";
    case RouteClass::upload: return "upload";
    case RouteClass::search: return "search";
    case RouteClass::media: return "media";
    case RouteClass::read: return "read";
    case RouteClass::write: return "write";
  }
  return "none";
}

RouteClass classify_route(http::Method method, std::string_view pattern) {
  const http::Method as = method == http::Method::HEAD ? http::Method::GET : method;
  for (const auto& special : kSpecials) {
    if (special.pattern == pattern && (special.method == method || special.method == as)) return special.route_class;
  }
  if (as == http::Method::GET || as == http::Method::OPTIONS) return RouteClass::read;
  return RouteClass::write;
}

}  // namespace marquee::limits
