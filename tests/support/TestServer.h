#pragma once
// The real Marquee server, in-process on 127.0.0.1 with a free port, a temp data dir and
// a fresh database (see TestDatabase.h), plus a small HTTP client to drive it as a user
// would. Fast argon2 settings keep registration cheap in tests.
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/App.h"
#include "core/Config.h"
#include "http/Headers.h"

namespace marquee::testing {

struct HttpResult {
  int status = 0;
  http::Headers headers;
  std::string body;

  boost::json::value json() const;  // throws on bad JSON
  std::string error_code() const;   // error.code of an error envelope, or ""
};

class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : port_(port) {}

  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  HttpResult get(const std::string& target, const std::string& token = "") const;
  HttpResult del(const std::string& target, const std::string& token = "") const;
  HttpResult post(const std::string& target, const boost::json::value& body, const std::string& token = "") const;
  HttpResult patch(const std::string& target, const boost::json::value& body, const std::string& token = "") const;
  HttpResult put(const std::string& target, const boost::json::value& body, const std::string& token = "") const;

  // Sends raw bytes on a fresh connection and returns whatever comes back before close.
  std::string raw(const std::string& bytes, int timeout_ms = 5000) const;

  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_;
};

struct TestUser {
  std::string id, username, email, password, access_token, refresh_token;
};

class TestServer {
 public:
  // `tweak` may change the config before the server starts.
  // `clock`: the server's clock (a test's ManualClock), outliving the server; the system's when null.
  explicit TestServer(const std::function<void(Config&)>& tweak = {}, const Clock* clock = nullptr);
  ~TestServer();

  const TestClient& client() const { return *client_; }
  app::App& app() { return *app_; }
  const std::string& data_dir() const { return data_dir_; }
  // The whole blob at key, from whichever store the server uses ("" when missing).
  std::string stored_blob(const std::string& key);
  const Config& config() const { return config_; }
  // Stops the server gracefully and starts a new one on the same data dir and database
  // (a new port; client() follows it). What survives is what a real restart keeps.
  void restart();
  // The same, with `tweak` applied to the configuration first (a process of another role).
  void restart(const std::function<void(Config&)>& tweak);

  // Registers a user (unique name from `prefix`) and returns its tokens.
  TestUser register_user(const std::string& prefix = "user");
  // Registers a user, then gives it `role` through the database and signs in again.
  TestUser user_with_role(const std::string& role, const std::string& prefix = "staff");
  TestUser sign_in(const TestUser& user);

 private:
  std::string data_dir_;
  Config config_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<TestClient> client_;
};

}  // namespace marquee::testing
