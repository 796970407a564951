// What only the S3 store does, against a real S3 server on loopback (s3rver, started by
// scripts/with-s3; skipped without it): multipart uploads, paged listings, retries through
// a proxy that injects the failures S3 is known for, content types, presigned URLs. The
// shared contract is in BlobStoreConformanceTest. Location parsing and the XML reader meet
// hostile input without a server.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "blob/S3BlobStore.h"
#include "blob/S3Location.h"
#include "blob/S3Xml.h"
#include "core/Crypto.h"
#include "core/Error.h"
#include "support/PseudoRandom.h"
#include "support/TestDatabase.h"

namespace marquee::blob {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

std::optional<std::string> s3_test_url() {
  const char* url = std::getenv("MARQUEE_TEST_S3_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

// The test bucket's URL with a fresh prefix, and optionally another endpoint.
std::string fresh_url(const std::string& endpoint = "") {
  std::string url = *s3_test_url();
  url.insert(url.find('?'), "/t-" + crypto::to_hex(crypto::random_bytes(6)));
  if (!endpoint.empty()) {
    const auto at = url.find("endpoint=");
    const auto end = url.find('&', at);
    url.replace(at, end - at, "endpoint=" + endpoint);
  }
  return url;
}

class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!s3_test_url()) GTEST_SKIP() << "no S3 test server (run under scripts/with-s3)";
    scratch_ = marquee::testing::make_temp_dir("marquee-s3");
  }
  void TearDown() override {
    std::error_code ignored;
    if (!scratch_.empty()) std::filesystem::remove_all(scratch_, ignored);
  }
  std::string scratch_;
};

std::string header_of(S3BlobStore& store, const std::string& key, const std::string& name) {
  S3Request head;
  head.method = "HEAD";
  head.object_key = store.client().location().object_key(key);
  return store.client().send(head).header(name);
}

TEST_F(S3BlobStoreTest, large_objects_go_up_in_parallel_parts_from_bytes_files_and_streams) {
  S3BlobStoreOptions options;
  options.part_size = 5 * kMiB;
  options.parallel_parts = 3;
  S3BlobStore store(parse_s3_location(fresh_url()), options);
  const std::string content = testing::pseudo_random_bytes(13 * kMiB + 17, 1);

  store.put_bytes("videos/a/source", content);
  EXPECT_EQ(store.client().counters().requests, 5u) << "create, three parts, complete";
  EXPECT_EQ(store.read("videos/a/source", 0, 20 * kMiB), content);

  const std::string file = scratch_ + "/big.bin";
  std::ofstream(file, std::ios::binary) << content;
  store.put_file("videos/b/source", file);
  EXPECT_EQ(store.read("videos/b/source", 5 * kMiB - 3, 6), content.substr(5 * kMiB - 3, 6)) << "across a part edge";
  EXPECT_EQ(store.stat("videos/b/source")->size, content.size());

  std::size_t offset = 0;
  store.put_stream("videos/c/source", [&](std::span<char> buffer) {
    const std::size_t n = std::min<std::size_t>({buffer.size(), 70'001, content.size() - offset});
    std::copy_n(content.data() + offset, n, buffer.data());
    offset += n;
    return n;
  });
  const std::string downloaded = scratch_ + "/down.bin";
  store.get_to_file("videos/c/source", downloaded);
  std::ifstream in(downloaded, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), content);
}

// Each range after the first carries If-Match with the first answer's ETag; s3rver ignores
// conditional GETs (S3, MinIO and R2 answer 412), so only the ranges are checked here.
TEST_F(S3BlobStoreTest, downloads_go_in_ranges_and_arrive_whole) {
  S3BlobStore store(parse_s3_location(fresh_url()));
  const std::string content = testing::pseudo_random_bytes(130 * kMiB + 5, 4);  // three ranges of 64 MiB
  store.put_bytes("videos/a/source", content);
  const auto before = store.client().counters().requests;
  const std::string downloaded = scratch_ + "/down.bin";
  store.get_to_file("videos/a/source", downloaded);
  EXPECT_EQ(store.client().counters().requests - before, 3u);
  std::ifstream in(downloaded, std::ios::binary);
  EXPECT_TRUE(std::string(std::istreambuf_iterator<char>(in), {}) == content);
}

TEST_F(S3BlobStoreTest, a_stream_that_fails_half_way_leaves_the_old_object_and_no_upload_behind) {
  S3BlobStoreOptions options;
  options.part_size = 5 * kMiB;
  S3BlobStore store(parse_s3_location(fresh_url()), options);
  store.put_bytes("videos/a/source", "the old bytes");
  std::size_t produced = 0;
  EXPECT_THROW(store.put_stream("videos/a/source",
                                [&](std::span<char> buffer) -> std::size_t {
                                  if (produced > 12 * kMiB) throw Error(ErrorCode::unavailable, "client went away");
                                  std::fill(buffer.begin(), buffer.end(), 'x');
                                  produced += buffer.size();
                                  return buffer.size();
                                }),
               Error);
  EXPECT_EQ(store.read("videos/a/source", 0, 100), "the old bytes");
}

TEST_F(S3BlobStoreTest, listings_follow_continuation_tokens_and_batch_deletes_remove_them_all) {
  S3BlobStoreOptions options;
  options.list_page_size = 3;
  S3BlobStore store(parse_s3_location(fresh_url()), options);
  std::vector<std::string> keys;
  for (int i = 0; i < 11; ++i) {
    keys.push_back("videos/v/hls/seg_" + std::to_string(1000 + i) + ".ts");
    store.put_bytes(keys.back(), "segment " + std::to_string(i));
  }
  store.put_bytes("videos/vv/source", "beside, not under");
  const auto listed = store.list_prefix("videos/v");
  ASSERT_EQ(listed.size(), keys.size()) << "four pages of three";
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(listed[i].key, keys[i]);
  EXPECT_EQ(store.list_prefix("").size(), keys.size() + 1);

  EXPECT_EQ(store.remove_prefix("videos/v"), keys.size());
  EXPECT_TRUE(store.list_prefix("videos/v").empty());
  EXPECT_TRUE(store.stat("videos/vv/source"));
}

TEST_F(S3BlobStoreTest, objects_carry_the_content_type_players_and_cdns_need) {
  S3BlobStore store(parse_s3_location(fresh_url()));
  store.put_bytes("videos/a/hls/master.m3u8", "#EXTM3U\n");
  store.put_bytes("videos/a/hls/720p/seg_00001.m4s", "moof");
  store.put_bytes("videos/a/thumbs/poster.jpg", "jpeg");
  EXPECT_EQ(header_of(store, "videos/a/hls/master.m3u8", "content-type"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(header_of(store, "videos/a/hls/720p/seg_00001.m4s", "content-type"), "video/iso.segment");
  EXPECT_EQ(header_of(store, "videos/a/thumbs/poster.jpg", "content-type"), "image/jpeg");
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// A plain HTTP request with libcurl, as a browser or a CDN would make it.
std::pair<long, std::string> fetch(const std::string& url, const std::string& method = "GET",
                                   const std::string& body = "", const std::string& content_type = "") {
  CURL* curl = curl_easy_init();
  std::string received;
  curl_slist* headers = nullptr;
  if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return {status, received};
}

TEST_F(S3BlobStoreTest, presigned_urls_let_a_client_get_and_put_without_credentials) {
  S3BlobStore store(parse_s3_location(fresh_url()));
  store.put_bytes("videos/a/hls/720p/seg_00001.m4s", "segment bytes");
  const auto get_url = store.direct_url("videos/a/hls/720p/seg_00001.m4s", "GET", std::chrono::seconds(60));
  ASSERT_TRUE(get_url);
  EXPECT_NE(get_url->find("X-Amz-Signature="), std::string::npos);
  EXPECT_EQ(get_url->find(store.client().location().credentials.secret_access_key + "&"), std::string::npos);
  EXPECT_EQ(fetch(*get_url), (std::pair<long, std::string>{200, "segment bytes"}));

  const auto put_url = store.direct_url("videos/b/source", "PUT", std::chrono::seconds(60), "video/mp4");
  ASSERT_TRUE(put_url);
  EXPECT_EQ(fetch(*put_url, "PUT", "uploaded directly", "video/mp4").first, 200);
  EXPECT_EQ(store.read("videos/b/source", 0, 100), "uploaded directly");
  EXPECT_THROW(store.direct_url("videos/b/source", "DELETE", std::chrono::seconds(60)), Error);
  EXPECT_THROW(store.direct_url("../etc/passwd", "GET", std::chrono::seconds(60)), Error);
}

// Sits between the store and s3rver. Each of the first `faults` connections is answered
// with a failure instead of being forwarded; after that, bytes pass both ways untouched.
class FaultProxy {
 public:
  enum class Fault { slow_down, internal_error, drop_connection };

  FaultProxy(int upstream_port, Fault fault, int faults) : upstream_port_(upstream_port), fault_(fault), faults_(faults) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 64);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FaultProxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
  }
  int port() const { return port_; }
  int faults_injected() const { return injected_.load(); }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    if (faults_.fetch_sub(1) > 0) {
      ++injected_;
      answer_with_fault(client);
    } else {
      forward(client);
    }
    ::close(client);
  }

  // Reads the request (head and Content-Length body) so the client is not cut off mid-send.
  static void drain_request(int client) {
    std::string head;
    char buffer[65536];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      head.append(buffer, static_cast<std::size_t>(n));
    }
    std::size_t body = 0;
    std::string lower = head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = lower.find("content-length:"); at != std::string::npos) body = std::stoull(lower.substr(at + 15));
    std::size_t have = head.size() - head.find("\r\n\r\n") - 4;
    while (have < body) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      have += static_cast<std::size_t>(n);
    }
  }

  void answer_with_fault(int client) {
    drain_request(client);
    if (fault_ == Fault::drop_connection) return;
    const std::string body = fault_ == Fault::slow_down
                                 ? "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                                 : "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
    const std::string status = fault_ == Fault::slow_down ? "503 Slow Down" : "500 Internal Server Error";
    const std::string response = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    ::send(client, response.data(), response.size(), MSG_NOSIGNAL);
  }

  void forward(int client) const {
    const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
    if (::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(upstream);
      return;
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    char buffer[65536];
    while (!stopping_ && ::poll(fds, 2, 200) >= 0) {
      for (int i = 0; i < 2; ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
        if (n <= 0 || ::send(fds[1 - i].fd, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) {
          ::close(upstream);
          return;
        }
      }
    }
    ::close(upstream);
  }

  int upstream_port_;
  Fault fault_;
  std::atomic<int> faults_;
  std::atomic<int> injected_{0};
  std::atomic<bool> stopping_{false};
  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

int s3_test_port() {
  const std::string url = *s3_test_url();
  const auto colon = url.rfind(':', url.find('&'));
  return std::atoi(url.c_str() + colon + 1);
}

S3BlobStoreOptions quick_retries(int attempts) {
  S3BlobStoreOptions options;
  options.client.max_attempts = attempts;
  options.client.backoff_base = std::chrono::milliseconds(5);
  options.client.backoff_cap = std::chrono::milliseconds(50);
  return options;
}

TEST_F(S3BlobStoreTest, slow_down_internal_errors_and_dropped_connections_are_retried) {
  for (auto fault : {FaultProxy::Fault::slow_down, FaultProxy::Fault::internal_error,
                     FaultProxy::Fault::drop_connection}) {
    FaultProxy proxy(s3_test_port(), fault, 3);
    S3BlobStore store(parse_s3_location(fresh_url("http://127.0.0.1:" + std::to_string(proxy.port()))),
                      quick_retries(5));
    store.put_bytes("videos/a/source", "written through failures");
    EXPECT_EQ(proxy.faults_injected(), 3);
    EXPECT_EQ(store.client().counters().retries, 3u);
    EXPECT_EQ(store.read("videos/a/source", 0, 100), "written through failures");
  }
}

TEST_F(S3BlobStoreTest, a_store_that_keeps_failing_is_reported_unavailable_with_its_reason_and_no_secret) {
  FaultProxy proxy(s3_test_port(), FaultProxy::Fault::slow_down, 1000);
  S3BlobStore store(parse_s3_location(fresh_url("http://127.0.0.1:" + std::to_string(proxy.port()))),
                    quick_retries(3));
  try {
    store.put_bytes("videos/a/source", "never stored");
    ADD_FAILURE() << "a store that answers SlowDown every time must fail the put";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find("SlowDown"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("videos/a/source"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find(store.client().location().credentials.secret_access_key), std::string::npos);
  }
  EXPECT_EQ(proxy.faults_injected(), 3) << "max_attempts bounds the tries";

  std::string problem;
  EXPECT_FALSE(store.check_reachable(problem));
  EXPECT_NE(problem.find("503"), std::string::npos) << problem;
}

TEST_F(S3BlobStoreTest, an_unreachable_store_fails_fast_as_unavailable) {
  S3BlobStore store(parse_s3_location(fresh_url("http://127.0.0.1:1")), quick_retries(2));
  try {
    store.stat("videos/a/source");
    ADD_FAILURE() << "nothing listens on port 1";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
  std::string problem;
  EXPECT_FALSE(store.check_reachable(problem));
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(S3LocationTest, reads_bucket_prefix_endpoint_region_and_addressing) {
  ScopedEnv key("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), secret("AWS_SECRET_ACCESS_KEY", "secret"),
      region("AWS_REGION", nullptr), default_region("AWS_DEFAULT_REGION", nullptr),
      endpoint("AWS_ENDPOINT_URL", nullptr), endpoint_s3("AWS_ENDPOINT_URL_S3", nullptr),
      token("AWS_SESSION_TOKEN", nullptr);

  const S3Location aws = parse_s3_location("s3://my-bucket");
  EXPECT_EQ(aws.bucket, "my-bucket");
  EXPECT_EQ(aws.prefix, "");
  EXPECT_EQ(aws.region, "us-east-1");
  EXPECT_EQ(aws.request_host(), "my-bucket.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(aws.object_path("videos/a/source"), "/videos/a/source");
  EXPECT_EQ(aws.credentials.access_key_id, "AKIDEXAMPLE");

  const S3Location minio = parse_s3_location("s3://media/site-a/v1/?endpoint=http://127.0.0.1:9000&region=eu-west-3");
  EXPECT_EQ(minio.prefix, "site-a/v1");
  EXPECT_TRUE(minio.path_style);
  EXPECT_EQ(minio.request_host(), "127.0.0.1:9000");
  EXPECT_EQ(minio.object_path(minio.object_key("videos/a/source")), "/media/site-a/v1/videos/a/source");
  EXPECT_EQ(minio.scheme, "http");
  EXPECT_EQ(minio.region, "eu-west-3");

  const S3Location virtual_hosted = parse_s3_location("s3://media?endpoint=https://s3.example.com&addressing=virtual");
  EXPECT_EQ(virtual_hosted.request_host(), "media.s3.example.com");
  EXPECT_EQ(parse_s3_location("s3://media?region=auto&endpoint=https://acct.r2.cloudflarestorage.com").region, "auto");

  const S3Location from_config = parse_s3_location("s3://media", "CONFIGKEY", "configsecret");
  EXPECT_EQ(from_config.credentials.access_key_id, "CONFIGKEY");
  EXPECT_EQ(from_config.describe().find("configsecret"), std::string::npos);
}

TEST(S3LocationTest, hostile_or_broken_urls_are_refused_with_a_reason) {
  ScopedEnv key("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), secret("AWS_SECRET_ACCESS_KEY", "secret");
  for (const std::string& url : std::vector<std::string>{
           "", "s3:", "s3://", "http://bucket", "s3://Bucket", "s3://ab", "s3://-bucket", "s3://bucket..x",
           "s3://user:pass@bucket", "s3://bucket:9000", "s3://bucket/../etc", "s3://bucket/a//b/.hidden",
           "s3://bucket/pre fix", "s3://bucket?endpoint=ftp://host", "s3://bucket?endpoint=http://u:p@host",
           "s3://bucket?endpoint=http://host/path", "s3://bucket?endpoint=notaurl", "s3://bucket?region=US_EAST",
           "s3://bucket?addressing=sideways", "s3://bucket?acl=public-read", "s3://bucket?endpoint=http://ho%0d%0ast",
           "s3://" + std::string(3000, 'a'),
       }) {
    try {
      parse_s3_location(url);
      ADD_FAILURE() << "accepted " << url.substr(0, 60);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation_failed) << url.substr(0, 60);
    }
  }
  ScopedEnv no_key("AWS_ACCESS_KEY_ID", nullptr);
  EXPECT_THROW(parse_s3_location("s3://bucket"), Error) << "no credentials anywhere";
}

TEST(S3XmlTest, reads_a_list_page_with_entities_and_continuation) {
  const std::string xml =
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Name>b</Name><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
      "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
      "<Contents><Key>a/b&amp;c</Key><LastModified>2026-12-03T19:00:01.123Z</LastModified>"
      "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>12</Size></Contents>"
      "<Contents><Key>a/&#x1F600;</Key><ETag>\"x-2\"</ETag><Size>0</Size></Contents></ListBucketResult>";
  const auto page = s3xml::parse_list_page(xml);
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "a/b&c");
  EXPECT_EQ(page.objects[0].etag, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(page.objects[0].size, 12u);
  EXPECT_EQ(page.objects[1].key, "a/\xF0\x9F\x98\x80");
  EXPECT_EQ(page.objects[1].etag, "x-2");
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");

  const auto error = s3xml::parse_error("<Error><Code>SlowDown</Code><Message>Reduce &lt;rate&gt;</Message></Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "SlowDown");
  EXPECT_EQ(error->message, "Reduce <rate>");
}

TEST(S3XmlTest, hostile_documents_give_errors_or_nothing_never_a_crash) {
  for (const std::string& xml : std::vector<std::string>{
           std::string(), std::string("<"), std::string("<ListBucketResult"), std::string("<ListBucketResult>"),
           std::string("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents>"),
           std::string("<ListBucketResult><Contents><Key>k</Key><Size>99999999999999999999999</Size></Contents>"),
           std::string("<ListBucketResult><Contents><Key></Key><Size>1</Size></Contents>"),
           std::string("<ListBucketResult><Contents>") + std::string(100000, '<'),
           std::string("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
       }) {
    try {
      const auto page = s3xml::parse_list_page(xml);
      EXPECT_TRUE(page.objects.empty()) << xml.substr(0, 60);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unavailable);
    }
  }
  EXPECT_EQ(s3xml::decode_entities("&#0; &#xD800; &#99999999; &bogus; &amp &"), "&#0; &#xD800; &#99999999; &bogus; &amp &");
  EXPECT_FALSE(s3xml::parse_error("no xml at all"));
  EXPECT_EQ(s3xml::all_elements("<Key/><Key>x</Key><KeyCount>3</KeyCount>", "Key"), (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(s3xml::escape("<a&'\">"), "&lt;a&amp;&apos;&quot;&gt;");
}

}  // namespace
}  // namespace marquee::blob
