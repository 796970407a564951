#pragma once
// Signed HTTP requests to one S3 bucket, over libcurl, with the retry rules every S3 client
// needs: connection errors, 5xx, 429 and SlowDown are retried with full-jitter exponential
// backoff; anything else is the caller's answer. Handles are pooled, so connections are
// reused across calls and threads (one request per handle at a time). libcurl stays in
// S3Client.cpp.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blob/S3Location.h"
#include "blob/SigV4Signer.h"

namespace marquee::blob {

struct S3ClientOptions {
  int max_attempts = 5;                                  // per request, first try included
  std::chrono::milliseconds backoff_base{50};            // first retry waits up to this
  std::chrono::milliseconds backoff_cap{2000};           // no retry waits longer
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::seconds stall_timeout{30};                // a transfer moving no byte this long fails
};

struct S3Request {
  std::string method = "GET";
  std::string object_key;  // already prefixed (S3Location::object_key); ignored when bucket_level
  bool bucket_level = false;
  std::vector<std::pair<std::string, std::string>> query;    // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // signed and sent
  std::string_view body;                                     // sent as is (PUT/POST)
  // When set, a 2xx response body streams here instead of into S3Response::body; returning
  // false aborts the transfer. `restart` (required with `sink`) runs before a retry.
  std::function<bool(std::string_view)> sink;
  std::function<void()> restart;
  // A retried request is sent again only when it is safe to: every S3 call the store makes
  // is idempotent, which this flag lets a caller deny.
  bool idempotent = true;
};

struct S3Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;                            // error bodies always land here
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct S3ClientCounters {
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t failures = 0;  // requests that ended in Error(unavailable)
};

class S3Client {
 public:
  S3Client(S3Location location, S3ClientOptions options = {});
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Sends the request, retrying what may be retried. Returns the final response whatever its
  // status; throws Error(unavailable) when no response came after every attempt (the
  // message names the method, the key and curl's reason, never credentials).
  S3Response send(S3Request request);

  // A presigned URL for one object: `method` ("GET" or "PUT"), valid for `expires`.
  // `headers` are signed into it, so the caller must send them (e.g. content-type).
  std::string presign(std::string_view method, const std::string& object_key, std::chrono::seconds expires,
                      const std::vector<std::pair<std::string, std::string>>& query = {},
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

  const S3Location& location() const { return location_; }
  S3ClientCounters counters() const;

 private:
  struct Pool;
  std::string url_for(const SignableRequest& signable) const;

  S3Location location_;
  S3ClientOptions options_;
  SigV4Signer signer_;
  std::unique_ptr<Pool> pool_;
};

// The message of a failed S3 answer: status, S3's error code and message, the key.
std::string describe_s3_failure(const S3Response& response, std::string_view method, std::string_view key);

}  // namespace marquee::blob
