#include "net/HttpClient.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "core/Error.h"

namespace marquee::net {
namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Received {
  std::string body;
  std::size_t limit = 0;
  bool overflowed = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->body.size() + bytes > received->limit) {
    received->overflowed = true;
    return 0;  // aborts the transfer
  }
  received->body.append(data, bytes);
  return bytes;
}

// The URL as an error message may show it: without its query, which may carry a key.
std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace

HttpReply send_http(const HttpCall& call) {
  init_curl_once();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  if (!handle) throw Error(ErrorCode::internal, "cannot start an HTTP request");
  curl_slist* raw_headers = nullptr;
  for (const auto& [name, value] : call.headers) raw_headers = curl_slist_append(raw_headers, (name + ": " + value).c_str());
  raw_headers = curl_slist_append(raw_headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers, &curl_slist_free_all);

  Received received;
  received.limit = call.max_response_bytes;
  CURL* h = handle.get();
  curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(call.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  if (call.method == "POST" || call.method == "PUT" || call.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  if (call.method != "GET" && call.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());

  const CURLcode code = curl_easy_perform(h);
  const std::string what = call.method + " " + without_query(call.url);
  if (received.overflowed) {
    throw Error(ErrorCode::unavailable,
                what + ": the answer exceeds " + std::to_string(call.max_response_bytes) + " bytes");
  }
  if (code != CURLE_OK) throw Error(ErrorCode::unavailable, what + ": " + curl_easy_strerror(code));
  HttpReply reply;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  const char* content_type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) reply.content_type = content_type;
  reply.body = std::move(received.body);
  return reply;
}

}  // namespace marquee::net
