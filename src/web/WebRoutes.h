#pragma once
// Serves the web app: its content-hashed assets (GET /assets/{name}, cached for a year) and
// the HTML shell for every other GET path no route knows (/, /watch/{id}, … the app routes
// in the browser), with a strict Content-Security-Policy: scripts and styles from this origin
// only, nothing inline. Paths under the API's prefixes keep their JSON 404.
#include <string>
#include <vector>

#include "http/Router.h"
#include "web/WebAssets.h"

namespace marquee::web {

struct WebOptions {
  // Origins media may come from besides this one (a CDN, the S3 endpoint when playback
  // redirects there): they join img-src, media-src and connect-src.
  std::vector<std::string> media_origins;
};

// The policy every HTML page is served with.
std::string page_security_policy(const WebOptions& options);

// Call after every other route is added: the API's first path segments are read from the
// router then.
void register_web_routes(http::Router& router, const WebAssets& assets, const WebOptions& options);

}  // namespace marquee::web
