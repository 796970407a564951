// The marquee binary as an operator runs it: --version, migrate, user create, and serve
// with a graceful SIGTERM. Uses the real executable, not the library.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/ConfigSchema.h"
#include "http/HttpServer.h"
#include "support/RunCommand.h"
#include "support/TestDatabase.h"
#include "support/TestRedis.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using Run = CommandResult;

Run run(const std::string& args, const std::string& env = "") {
  return run_command(env + " " + std::string(MARQUEE_BINARY) + " " + args + " 2>&1");
}

std::uint16_t free_port() {
  // Bind port 0 through a throwaway server to learn a free port.
  http::Router router;
  http::Metrics metrics;
  http::RequestPipeline pipeline(router, metrics, {});
  http::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.blocking_threads = 1;
  http::HttpServer probe(options, pipeline);
  auto port = probe.start();
  probe.stop(std::chrono::milliseconds(0));
  return port;
}

struct Cli : ::testing::Test {
  std::string dir = make_temp_dir("marquee-cli");
  std::string db_flag = "--data-dir " + dir + " --database '" + fresh_database_url(dir) + "'";
  ~Cli() override { std::filesystem::remove_all(dir); }
};

// `marquee serve` as a child process on a free loopback port, its output to `log_file`.
struct Served {
  explicit Served(const std::string& flags, const std::string& log_file = "/dev/null")
      : port(free_port()), client(port) {
    pid = ::fork();
    if (pid == 0) {
      std::string listen = "127.0.0.1:" + std::to_string(port);
      execl("/bin/sh", "sh", "-c",
            (std::string("exec ") + MARQUEE_BINARY + " serve --listen " + listen + " " + flags + " >" + log_file +
             " 2>&1")
                .c_str(),
            nullptr);
      _exit(127);
    }
    for (int i = 0; i < 200 && !up; ++i) {
      try {
        up = client.get("/api/health").status == 200;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    if (!up) ADD_FAILURE() << "marquee serve did not come up";
  }
  ~Served() { stop(); }
  // SIGTERM, then the exit code (-1 when it did not exit normally).
  int stop() {
    if (pid <= 0) return exit_code;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code;
  }

  std::uint16_t port;
  TestClient client;
  pid_t pid = -1;
  bool up = false;
  int exit_code = -1;
};

TEST_F(Cli, version_prints_the_version) {
  auto r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find(MARQUEE_VERSION), std::string::npos);
}

TEST_F(Cli, serve_help_documents_every_setting_with_its_environment_variable) {
  auto r = run("serve --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const auto& setting : config_settings()) {
    EXPECT_NE(r.output.find("--" + setting.flag_name()), std::string::npos) << setting.key;
    EXPECT_NE(r.output.find(setting.env_name()), std::string::npos) << setting.key;
    if (!setting.flag_alias.empty()) {
      EXPECT_NE(r.output.find("--" + setting.flag_alias + " "), std::string::npos) << setting.key;
    }
  }
}

TEST_F(Cli, migrate_applies_once_and_reports_the_schema_version) {
  auto first = run("migrate " + db_flag);
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("schema version"), std::string::npos);
  auto second = run("migrate " + db_flag);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.output.find("applied 0 migration(s)"), std::string::npos) << second.output;
}

TEST_F(Cli, bad_configuration_is_a_clear_error) {
  auto r = run("migrate --database mysql://nope");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("database must be"), std::string::npos) << r.output;
  auto port = run("serve --listen 127.0.0.1:99999 " + db_flag);
  EXPECT_NE(port.exit_code, 0);
  auto redis = run("serve --listen 127.0.0.1:0 --redis 'redis://:pw@cache:99999' " + db_flag);
  EXPECT_EQ(redis.exit_code, 2) << redis.output;
  EXPECT_NE(redis.output.find("redis.url: port must be"), std::string::npos) << redis.output;
  EXPECT_EQ(redis.output.find(":pw@"), std::string::npos) << "the password stays out of the message";
  auto bus = run("serve --listen 127.0.0.1:0 --events-bus redis " + db_flag);
  EXPECT_EQ(bus.exit_code, 2) << bus.output;
  EXPECT_NE(bus.output.find("events.bus = redis needs redis.url"), std::string::npos) << bus.output;
}

TEST_F(Cli, serve_takes_redis_from_the_redis_flag) {
  if (!test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
  Served served("--redis '" + *test_redis_url() + "' " + db_flag);
  ASSERT_TRUE(served.up);
  auto ready = served.client.get("/api/ready");
  ASSERT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("redis").as_string(), "ok");
  EXPECT_NE(served.client.get("/metrics").body.find("\nmarquee_events_published_total "), std::string::npos)
      << "the Redis bus reports its counters";
  EXPECT_EQ(served.stop(), 0);
}

TEST_F(Cli, user_create_bootstraps_an_admin_who_can_sign_in) {
  auto r = run("user create --email root@example.com --username root --password 'long enough pw' --role admin " +
               db_flag + " --auth-argon2-ops 1 --auth-argon2-mem-kib 8");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("created admin root"), std::string::npos);
  auto dup = run("user create --email root@example.com --username root2 --password 'long enough pw' " + db_flag);
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_NE(dup.output.find("email"), std::string::npos);

  Served served(db_flag + " --log-level warn");
  ASSERT_TRUE(served.up);
  TestClient& client = served.client;
  auto login = client.post("/api/auth/login", boost::json::object{{"login", "root"}, {"password", "long enough pw"}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json().as_object()["user"].as_object()["role"].as_string(), "admin");

  EXPECT_EQ(served.stop(), 0);
}

// The access log writes the request's path: percent-encoded newlines, escape sequences and
// NULs in it must come out escaped, so no client forges a log line or writes to the
// operator's terminal, in either log format.
TEST_F(Cli, log_lines_escape_control_characters_from_requests) {
  for (std::string format : {"text", "json"}) {
    std::string log = dir + "/serve-" + format + ".log";
    {
      Served served(db_flag + " --log-format " + format, log);
      ASSERT_TRUE(served.up);
      auto r = served.client.get("/api/nothing%0a2026-01-01T00:00:00.000Z%20INFO%20%20forged%1b%5b31m%00%c2%9b%e2%80%ae");
      EXPECT_EQ(r.status, 404);
      EXPECT_EQ(served.stop(), 0);
    }
    std::ifstream in(log, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_NE(text.find("nothing"), std::string::npos) << format << ": " << text;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      EXPECT_FALSE(line.starts_with("2026-01-01T00:00:00.000Z")) << format << " forged line: " << line;
      if (format == "json") {
        boost::system::error_code ec;
        boost::json::parse(line, ec);
        EXPECT_FALSE(ec) << "not one JSON object: " << line;
      }
    }
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(text.find('\0'), std::string::npos) << format;
    EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << format;     // C1 CSI
    EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos) << format;  // U+202E
    // The access log shows the path as it came, percent-encoded.
    EXPECT_NE(text.find("nothing%0a2026"), std::string::npos) << format << ": " << text;
  }
}

TEST_F(Cli, toml_file_and_environment_configure_the_server) {
  std::string toml = dir + "/marquee.toml";
  std::ofstream(toml) << "log_level = \"warn\"\n[http]\nmax_body_bytes = 2048\n";
  auto r = run("migrate --config " + toml + " " + db_flag);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ofstream(toml) << "[http]\nmax_body_bytes = \"big\"\n";
  auto bad = run("migrate --config " + toml + " " + db_flag);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("http.max_body_bytes"), std::string::npos) << bad.output;
  auto env = run("migrate " + db_flag, "MARQUEE_LOG_LEVEL=loud");
  EXPECT_NE(env.exit_code, 0);
  EXPECT_NE(env.output.find("MARQUEE_LOG_LEVEL"), std::string::npos) << env.output;
}

}  // namespace
}  // namespace marquee::testing
