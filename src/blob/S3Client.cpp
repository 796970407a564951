#include "blob/S3Client.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "blob/S3Xml.h"
#include "core/Error.h"
#include "core/Text.h"

namespace marquee::blob {
namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
// An error body is read for its code and message, never kept whole.
constexpr std::size_t kMaxErrorBody = 64 * 1024;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool retryable_status(long status, std::string_view body) {
  if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) return true;
  // S3 answers a slowed-down or timed-out request in several ways; the code is what counts.
  if (status == 400 || status == 200) {
    auto error = s3xml::parse_error(body);
    return error && (error->code == "SlowDown" || error->code == "RequestTimeout" || error->code == "InternalError");
  }
  return false;
}

bool retryable_curl(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

// One transfer's state, reachable from libcurl's callbacks.
struct Transfer {
  const S3Request* request = nullptr;
  std::string_view upload;  // what is left to send
  S3Response response;
  bool sink_aborted = false;
  bool empty_object = false;

  bool streaming_body() const {
    return request->sink && response.status >= 200 && response.status < 300;
  }
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new response (after a 100 Continue, for instance) starts over.
    transfer.response.headers.clear();
    transfer.response.body.clear();
    const std::size_t space = line.find(' ');
    transfer.response.status = space == std::string_view::npos ? 0 : std::atol(std::string(line.substr(space + 1, 3)).c_str());
    return size * count;
  }
  if (line == "\r\n" && transfer.response.status == 206) {
    // A range of an empty object: S3 answers 416, but some servers (s3rver) answer 206 with
    // `Content-Range: bytes 0-0/0` and a body they never send. There is nothing to read.
    const std::string range = transfer.response.header("content-range");
    if (range.ends_with("/0")) {
      transfer.empty_object = true;
      return 0;  // ends the transfer; send() reports it as 416
    }
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos && transfer.response.headers.size() < 100) {
    transfer.response.headers[text::lower_ascii(line.substr(0, colon))] = text::trim(line.substr(colon + 1));
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::string_view bytes(data, size * count);
  if (transfer.streaming_body()) {
    if (!transfer.request->sink(bytes)) {
      transfer.sink_aborted = true;
      return 0;  // aborts with CURLE_WRITE_ERROR
    }
    return bytes.size();
  }
  const bool success = transfer.response.status >= 200 && transfer.response.status < 300;
  const std::size_t limit = success ? std::string::npos : kMaxErrorBody;
  if (transfer.response.body.size() < limit) {
    transfer.response.body.append(bytes.substr(0, std::min(bytes.size(), limit - transfer.response.body.size())));
  }
  return bytes.size();
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t n = std::min(size * count, transfer.upload.size());
  std::copy_n(transfer.upload.data(), n, buffer);
  transfer.upload.remove_prefix(n);
  return n;
}

std::chrono::milliseconds backoff(int attempt, const S3ClientOptions& options) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const auto ceiling = std::min<std::int64_t>(options.backoff_cap.count(),
                                              options.backoff_base.count() << std::min(attempt, 20));
  return std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(ceiling, 1))(random));
}

}  // namespace

// Idle easy handles: each keeps its own connection cache, so a handle taken again reuses a
// connection to the store that is still open.
struct S3Client::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;
  std::atomic<std::uint64_t> requests{0}, retries{0}, failures{0};

  CURL* take() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    CURL* handle = curl_easy_init();
    if (handle == nullptr) throw Error(ErrorCode::unavailable, "blob store: curl_easy_init failed");
    return handle;
  }
  void give_back(CURL* handle) {
    curl_easy_reset(handle);  // options go, connections stay
    std::lock_guard lock(mutex);
    if (idle.size() < 64) {
      idle.push_back(handle);
      return;
    }
    curl_easy_cleanup(handle);
  }
  ~Pool() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
  }
};

S3Client::S3Client(S3Location location, S3ClientOptions options)
    : location_(std::move(location)),
      options_(options),
      signer_(location_.credentials, location_.region),
      pool_(std::make_unique<Pool>()) {
  global_init_once();
}

S3Client::~S3Client() = default;

S3ClientCounters S3Client::counters() const {
  return {pool_->requests.load(), pool_->retries.load(), pool_->failures.load()};
}

std::string S3Client::url_for(const SignableRequest& signable) const {
  std::string url = location_.scheme + "://" + signable.host + aws_uri_encode(signable.path, false);
  char separator = '?';
  for (const auto& [name, value] : signable.query) {
    url += separator;
    url += aws_uri_encode(name, true) + "=" + aws_uri_encode(value, true);
    separator = '&';
  }
  return url;
}

std::string S3Client::presign(std::string_view method, const std::string& object_key, std::chrono::seconds expires,
                              const std::vector<std::pair<std::string, std::string>>& query,
                              const std::vector<std::pair<std::string, std::string>>& headers) const {
  SignableRequest signable;
  signable.method = std::string(method);
  signable.host = location_.request_host();
  signable.path = location_.object_path(object_key);
  signable.query = query;
  signable.headers = headers;
  const std::string signed_query = signer_.presign(signable, std::chrono::system_clock::now(), expires);
  return location_.scheme + "://" + signable.host + aws_uri_encode(signable.path, false) + "?" + signed_query;
}

S3Response S3Client::send(S3Request request) {
  const std::string key_for_errors = request.bucket_level ? location_.bucket : request.object_key;
  std::string last_failure;
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      ++pool_->retries;
      std::this_thread::sleep_for(backoff(attempt, options_));
      if (request.restart) request.restart();
    }
    ++pool_->requests;

    SignableRequest signable;
    signable.method = request.method;
    signable.host = location_.request_host();
    signable.path = request.bucket_level ? location_.bucket_path() : location_.object_path(request.object_key);
    signable.query = request.query;
    signable.headers = request.headers;
    signable.payload_sha256 = std::string(kUnsignedPayload);
    signer_.sign(signable, std::chrono::system_clock::now());

    CURL* handle = pool_->take();
    curl_slist* header_list = nullptr;
    for (const auto& [name, value] : signable.headers) {
      if (name == "host") continue;  // curl writes it from the URL, identically
      header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
    }
    header_list = curl_slist_append(header_list, "Expect:");  // no 100-continue round trip

    Transfer transfer;
    transfer.request = &request;
    transfer.upload = request.body;
    const std::string url = url_for(signable);
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (request.method == "HEAD") {
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (request.method == "PUT" || request.method == "POST") {
      curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, &on_read);
      curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
      if (request.method == "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "POST");
    } else if (request.method != "GET") {
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
      // A failed transfer may leave its connection in any state: do not reuse the handle.
      curl_easy_cleanup(handle);
    } else {
      pool_->give_back(handle);
    }
    curl_slist_free_all(header_list);

    const bool last_attempt = attempt + 1 >= options_.max_attempts || !request.idempotent;
    if (transfer.empty_object) {
      S3Response empty;
      empty.status = 416;
      empty.headers = std::move(transfer.response.headers);
      return empty;
    }
    if (code == CURLE_OK) {
      if (!last_attempt && retryable_status(transfer.response.status, transfer.response.body)) {
        last_failure = describe_s3_failure(transfer.response, request.method, key_for_errors);
        continue;
      }
      return std::move(transfer.response);
    }
    if (transfer.sink_aborted) {
      ++pool_->failures;
      throw Error(ErrorCode::unavailable, "blob store: " + request.method + " " + key_for_errors +
                                              ": the receiver stopped the transfer");
    }
    last_failure = "blob store: " + request.method + " " + key_for_errors + ": " + curl_easy_strerror(code);
    if (last_attempt || !retryable_curl(code)) {
      ++pool_->failures;
      throw Error(ErrorCode::unavailable, last_failure);
    }
  }
}

std::string describe_s3_failure(const S3Response& response, std::string_view method, std::string_view key) {
  std::string message = "blob store: " + std::string(method) + " " + std::string(key) + " answered " +
                        std::to_string(response.status);
  if (auto error = s3xml::parse_error(response.body)) {
    message += " " + error->code;
    if (!error->message.empty()) message += ": " + error->message;
  }
  return message;
}

}  // namespace marquee::blob
