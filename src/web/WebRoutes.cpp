#include "web/WebRoutes.h"

#include <memory>
#include <optional>
#include <set>

#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::web {
namespace {

using http::Request;
using http::Response;

bool accepts_gzip(const Request& request) {
  auto value = request.header("Accept-Encoding");
  return value && value->find("gzip") != std::string_view::npos;
}

bool not_modified(const Request& request, const WebFile& file) {
  auto tag = request.header("If-None-Match");
  return tag && (*tag == file.etag || (!file.gzip_body.empty() && *tag == file.gzip_etag));
}

Response file_response(const Request& request, const WebFile& file, const std::string& cache_control) {
  Response r;
  r.headers.set("ETag", file.etag);
  r.headers.set("Cache-Control", cache_control);
  r.headers.set("Vary", "Accept-Encoding");
  if (not_modified(request, file)) {
    r.status = 304;
    return r;
  }
  r.headers.set("Content-Type", file.content_type);
  if (!file.gzip_body.empty() && accepts_gzip(request)) {
    r.headers.set("Content-Encoding", "gzip");
    r.headers.set("ETag", file.gzip_etag);  // other bytes, another validator
    r.body = file.gzip_body;
  } else {
    r.body = file.body;
  }
  return r;
}

std::string first_segment(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return std::string(path.substr(0, path.find('/')));
}

// scheme://host[:port], the host a DNS name (optionally *.name) or an IPv4 address: nothing a
// CSP could read as another source or directive.
bool valid_origin(std::string_view origin) {
  std::string_view rest;
  if (origin.starts_with("https://")) rest = origin.substr(8);
  else if (origin.starts_with("http://")) rest = origin.substr(7);
  else return false;
  if (rest.starts_with("*.")) rest.remove_prefix(2);
  const auto colon = rest.find(':');
  std::string_view host = rest.substr(0, colon);
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.') return false;
  for (char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  if (colon == std::string_view::npos) return true;
  std::string_view port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The video id of a watch page's path (/watch/{id}), when it has the shape of one.
std::optional<std::string_view> watched_video(std::string_view path) {
  constexpr std::string_view prefix = "/watch/";
  if (!path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  if (!looks_like_public_id(path)) return std::nullopt;
  return path;
}

}  // namespace

std::string page_security_policy(const WebOptions& options) {
  for (const auto& origin : options.media_origins) {
    if (!valid_origin(origin)) {
      throw Error(ErrorCode::validation_failed,
                  "web.media_origins: \"" + origin + "\" is not an origin (http(s)://host[:port], or *.host)",
                  {{"field", "web.media_origins"}});
    }
  }
  std::string media;
  for (const auto& origin : options.media_origins) media += " " + origin;
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + media +
         "; media-src 'self' blob:" + media + "; connect-src 'self'" + media +
         "; worker-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'";
}

void register_web_routes(http::Router& router, const WebAssets& assets, const WebOptions& options) {
  // Paths whose first segment belongs to the API (api, socket.io, …) answer as the API does.
  auto api_prefixes = std::make_shared<std::set<std::string, std::less<>>>();
  for (const auto& route : router.routes()) {
    std::string first = first_segment(route.pattern);
    if (!first.empty() && first.front() != '{') api_prefixes->insert(first);
  }
  api_prefixes->insert("socket.io");
  // Paths clients probe for files of their own: a page there would only confuse them.
  for (const char* probe : {".well-known", "robots.txt", "favicon.ico", "sitemap.xml"}) api_prefixes->insert(probe);
  api_prefixes->insert("assets");  // a missing asset is a 404, never the page

  router.add_inline(
      http::Method::GET, "/assets/{name}",
      [&assets](Request& request) {
        const WebFile* file = assets.asset(request.path_params.at("name"));
        if (!file) throw Error(ErrorCode::not_found, "no such asset");
        return file_response(request, *file, "public, max-age=31536000, immutable");
      },
      {"A file of the web app (content-hashed name, cached for a year)", "web", http::Access::public_});

  router.set_page_fallback([&assets, api_prefixes, policy = page_security_policy(options)](Request& request) {
    if (api_prefixes->count(first_segment(request.path))) {
      throw Error(ErrorCode::not_found, "no route for " + request.path);
    }
    const WebFile* shell = assets.shell_for(request.path);
    if (!shell) {
      Response r = Response::text(503, "The web app is not built here: run scripts/build, or set web.dir.\n"
                                       "The API answers under /api/ (see /api/openapi.json).\n");
      r.headers.set("Cache-Control", "no-store");
      return r;
    }
    Response r = file_response(request, *shell, "no-cache");
    r.headers.set("Content-Security-Policy", policy);
    r.headers.set("Cross-Origin-Opener-Policy", "same-origin");
    r.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // A watch page's first frame waits on its playback answer: the browser fetches it (and the
    // video) while it reads the page, and the app's own fetch() of the same URLs (same-origin
    // credentials, as `crossorigin` asks) takes those responses. Visibility rules apply as
    // for any request: these are the API's answers to this browser.
    if (const auto id = watched_video(request.path)) {
      const std::string video = "/api/videos/" + std::string(*id);
      r.headers.set("Link", "<" + video + "/playback>; rel=preload; as=fetch; crossorigin, <" + video +
                                ">; rel=preload; as=fetch; crossorigin");
    }
    return r;
  });
}

}  // namespace marquee::web
