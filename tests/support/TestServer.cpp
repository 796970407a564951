#include "support/TestServer.h"

#include "blob/BlobStore.h"
#include "core/Crypto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/Ids.h"
#include "db/Database.h"
#include "support/TestDatabase.h"

namespace marquee::testing {
namespace {

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (413); the caller reads its answer
    sent += static_cast<std::size_t>(n);
  }
}

std::string read_until_close(int fd, int timeout_ms) {
  std::string out;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

HttpResult parse_response(const std::string& raw) {
  HttpResult r;
  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("no complete response: " + raw.substr(0, 200));
  std::string head = raw.substr(0, head_end);
  auto line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  r.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers.add(line.substr(0, colon), value);
    }
    pos = next + 2;
  }
  std::string body = raw.substr(head_end + 4);
  if (auto te = r.headers.get("Transfer-Encoding"); te && *te == "chunked") {
    std::string decoded;
    std::size_t p = 0;
    while (p < body.size()) {
      auto eol = body.find("\r\n", p);
      std::size_t size = std::stoul(body.substr(p, eol - p), nullptr, 16);
      if (size == 0) break;
      decoded += body.substr(eol + 2, size);
      p = eol + 2 + size + 2;
    }
    body = decoded;
  } else if (auto cl = r.headers.get("Content-Length")) {
    body = body.substr(0, std::stoul(std::string(*cl)));
  }
  r.body = body;
  return r;
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

boost::json::value HttpResult::json() const { return boost::json::parse(body); }

std::string HttpResult::error_code() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  auto* err = v.as_object().if_contains("error");
  if (!err || !err->is_object()) return "";
  auto* code = err->as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->get_string()) : "";
}

HttpResult TestClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) const {
  std::string req = method + " " + target + " HTTP/1.1\r\nConnection: close\r\n";
  bool has_type = false;
  bool has_host = false;
  for (const auto& [k, v] : headers) {
    req += k + ": " + v + "\r\n";
    if (http::iequals(k, "Content-Type")) has_type = true;
    if (http::iequals(k, "Host")) has_host = true;
  }
  if (!has_host) req += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  if (!body.empty() && !has_type) req += "Content-Type: application/json\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  int fd = connect_to(port_);
  send_all(fd, req);
  std::string raw = read_until_close(fd, 30'000);
  ::close(fd);
  return parse_response(raw);
}

HttpResult TestClient::get(const std::string& target, const std::string& token) const {
  return request("GET", target, "", bearer(token));
}
HttpResult TestClient::del(const std::string& target, const std::string& token) const {
  return request("DELETE", target, "", bearer(token));
}
HttpResult TestClient::post(const std::string& target, const boost::json::value& body, const std::string& token) const {
  return request("POST", target, boost::json::serialize(body), bearer(token));
}
HttpResult TestClient::patch(const std::string& target, const boost::json::value& body,
                             const std::string& token) const {
  return request("PATCH", target, boost::json::serialize(body), bearer(token));
}
HttpResult TestClient::put(const std::string& target, const boost::json::value& body, const std::string& token) const {
  return request("PUT", target, boost::json::serialize(body), bearer(token));
}

std::string TestClient::raw(const std::string& bytes, int timeout_ms) const {
  int fd = connect_to(port_);
  send_all(fd, bytes);
  std::string out = read_until_close(fd, timeout_ms);
  ::close(fd);
  return out;
}

TestServer::TestServer(const std::function<void(Config&)>& tweak, const Clock* clock) {
  // Access logs drown test output; MARQUEE_TEST_LOG=info brings them back.
  const char* level = std::getenv("MARQUEE_TEST_LOG");
  spdlog::set_level(spdlog::level::from_str(level ? level : "warn"));
  data_dir_ = make_temp_dir("marquee-test");
  Config config;
  config.listen = "127.0.0.1:0";
  config.data_dir = data_dir_;
  config.database = fresh_database_url(data_dir_);
  config.argon2_ops = 1;
  config.argon2_mem_kib = 8;
  config.http_threads = 2;
  config.blocking_threads = 8;
  config.db_pool_size = 4;
  config.shutdown_grace_ms = 2000;
  config.video_cache_ttl_ms = 0;  // tests change rows behind the services' backs; VideoCacheTest turns it on
  config.limits_enabled = false;  // every test calls from 127.0.0.1; RateLimitTest turns them on
  // MARQUEE_TEST_BLOBS=s3 runs the server on the S3 test store (scripts/with-s3), each
  // server under a prefix of its own: the suites that touch media run again that way.
  const char* blobs = std::getenv("MARQUEE_TEST_BLOBS");
  const char* s3_url = std::getenv("MARQUEE_TEST_S3_URL");
  if (blobs != nullptr && std::string(blobs) == "s3" && s3_url != nullptr) {
    std::string url = s3_url;
    url.insert(url.find('?'), "/srv-" + crypto::to_hex(crypto::random_bytes(6)));
    config.blobs = url;
  }
  if (tweak) tweak(config);
  config_ = config;
  clock_ = clock;
  app_ = std::make_unique<app::App>(config, clock_);
  client_ = std::make_unique<TestClient>(app_->start());
}

std::string TestServer::stored_blob(const std::string& key) {
  auto info = app_->blobs().stat(key);
  return info ? app_->blobs().read(key, 0, info->size) : std::string();
}

void TestServer::restart() {
  app_.reset();
  app_ = std::make_unique<app::App>(config_, clock_);
  *client_ = TestClient(app_->start());
}

void TestServer::restart(const std::function<void(Config&)>& tweak) {
  tweak(config_);
  restart();
}

TestServer::~TestServer() {
  app_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

TestUser TestServer::register_user(const std::string& prefix) {
  static std::atomic<int> counter{0};
  TestUser u;
  u.username = prefix + "_" + std::to_string(++counter) + "_" + new_public_id().substr(0, 6);
  for (char& c : u.username) {
    if (c == '-') c = '_';
  }
  u.email = u.username + "@example.com";
  u.password = "correct horse battery";
  auto r = client_->post("/api/auth/register",
                         boost::json::object{{"email", u.email}, {"username", u.username}, {"password", u.password}});
  if (r.status != 201) throw std::runtime_error("register failed: " + std::to_string(r.status) + " " + r.body);
  auto body = r.json().as_object();
  u.id = std::string(body["user"].as_object()["id"].as_string());
  u.access_token = std::string(body["access_token"].as_string());
  u.refresh_token = std::string(body["refresh_token"].as_string());
  return u;
}

TestUser TestServer::sign_in(const TestUser& user) {
  auto r = client_->post("/api/auth/login", boost::json::object{{"login", user.username}, {"password", user.password}});
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  TestUser u = user;
  auto body = r.json().as_object();
  u.access_token = std::string(body["access_token"].as_string());
  u.refresh_token = std::string(body["refresh_token"].as_string());
  return u;
}

TestUser TestServer::user_with_role(const std::string& role, const std::string& prefix) {
  TestUser u = register_user(prefix);
  app_->database().execute("UPDATE users SET role = ? WHERE id = ?", {role, u.id});
  return sign_in(u);
}

}  // namespace marquee::testing
