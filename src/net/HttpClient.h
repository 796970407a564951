#pragma once
// One HTTP request to another service Marquee was configured to use (the content classifier:
// scanning/ContentClassifier.h), over libcurl, which stays in HttpClient.cpp. No redirect is
// followed, only http and https are spoken, and the answer is bounded in time and size. The
// caller decides what a status means; only the transport failing throws.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace marquee::net {

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30'000};  // the whole exchange
  std::chrono::milliseconds connect_timeout{5'000};
  std::size_t max_response_bytes = std::size_t{4} << 20;
};

struct HttpReply {
  long status = 0;
  std::string content_type;
  std::string body;
};

// Throws Error(unavailable) when no answer came (refused, timed out, an answer beyond
// max_response_bytes); the message names the method, the URL without its query, and why.
HttpReply send_http(const HttpCall& call);

}  // namespace marquee::net
