// The web app as the server serves it (web/WebRoutes.h): the HTML shell for every page path
// with its security headers, content-hashed assets (gzip, caching, 304), the API's own 404s
// kept, and the first run (accounts/FirstRun.h): the logged one-time code makes one admin.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <thread>
#include <fstream>

#include "db/Database.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

namespace fs = std::filesystem;
using Fields = std::vector<std::pair<std::string, std::string>>;

const std::string kShell = "<!doctype html><html><head><script type=\"module\" src=\"/assets/main-AB12.js\"></script>"
                           "</head><body><div id=\"app\"></div></body></html>";
const std::string kWatchShell = "<!doctype html><html><head><link rel=\"modulepreload\" href=\"/assets/chunk-hls.js\">"
                                "</head><body><div id=\"app\"></div></body></html>";
const std::string kScript = "console.log('marquee');\n";
const std::string kScriptGz = std::string("\x1f\x8b fake gzip bytes", 18);

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// A built web app: the shell, one script with its gzip twin, one stylesheet.
std::string make_web_dir() {
  fs::path dir = fs::temp_directory_path() / ("marquee-web-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(std::rand()));
  write(dir / "index.html", kShell);
  write(dir / "assets/main-AB12.js", kScript);
  write(dir / "assets/main-AB12.js.gz", kScriptGz);
  write(dir / "assets/main-CD34.css", "body{}");
  write(dir / "watch.html", kWatchShell);
  return dir.string();
}

struct WebApp : ::testing::Test {
  std::string web_dir = make_web_dir();
  TestServer server{[this](Config& c) { c.web_dir = web_dir; }};
  const TestClient& client = server.client();
  ~WebApp() override { fs::remove_all(web_dir); }
};

TEST_F(WebApp, every_page_path_gets_the_shell_with_a_strict_policy) {
  for (std::string path : {"/", "/watch/abc123", "/studio/videos/x", "/c/alice", "/search?q=cats", "/no/such/page",
                           "/watch", "/watchx/y"}) {
    auto r = client.get(path);
    ASSERT_EQ(r.status, 200) << path;
    // The pages that play get the shell that preloads the player.
    EXPECT_EQ(r.body, path == "/watch/abc123" ? kWatchShell : kShell) << path;
    EXPECT_EQ(*r.headers.get("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(*r.headers.get("Cache-Control"), "no-cache");  // a new build is seen at once
    const std::string csp(*r.headers.get("Content-Security-Policy"));
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(*r.headers.get("X-Frame-Options"), "DENY");
    EXPECT_EQ(*r.headers.get("X-Content-Type-Options"), "nosniff");
  }
  auto head = client.request("HEAD", "/watch/abc");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(WebApp, a_watch_page_preloads_its_video_and_playback_answers) {
  auto r = client.get("/watch/AbCdEf123_-x");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("Link").value_or(""),
            "</api/videos/AbCdEf123_-x/playback>; rel=preload; as=fetch; crossorigin, "
            "</api/videos/AbCdEf123_-x>; rel=preload; as=fetch; crossorigin");
  // Only a path holding a video id: nothing a crafted path could put in the header.
  for (std::string path : {"/", "/c/alice", "/watch/AbCdEf123_-x/more", "/watch/AbCdEf123%3E%2C",
                           "/watch/AbCdEf123_-x%0D%0AX-Evil:%201", "/watch/../api/me"}) {
    auto page = client.get(path);
    EXPECT_FALSE(page.headers.get("Link").has_value()) << path;
  }
}

TEST_F(WebApp, the_shell_answers_304_to_its_etag) {
  auto first = client.get("/");
  const std::string etag(*first.headers.get("ETag"));
  auto again = client.request("GET", "/c/someone", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(client.request("GET", "/", "", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(WebApp, api_paths_keep_their_json_errors) {
  auto missing = client.get("/api/no-such-route");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_code(), "not_found");
  EXPECT_EQ(client.get("/api").error_code(), "not_found");
  EXPECT_EQ(client.get("/media/videos/nope/hls/master.m3u8").status, 404);
  EXPECT_NE(client.get("/socket.io/x").body, kShell);  // Engine.IO's own answer
  // Files clients probe for are not pages.
  for (std::string probe : {"/.well-known/security.txt", "/robots.txt", "/favicon.ico"}) {
    EXPECT_EQ(client.get(probe).status, 404) << probe;
  }
  // A page path takes GET only: any other method is a plain 404, not a page.
  auto post = client.request("POST", "/watch/abc", "{}");
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(post.error_code(), "not_found");
  // A known API path with another method still says which methods it has.
  EXPECT_EQ(client.request("DELETE", "/api/health").status, 405);
}

TEST_F(WebApp, assets_are_immutable_and_sent_gzipped_to_who_accepts_it) {
  auto plain = client.get("/assets/main-AB12.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, kScript);
  EXPECT_EQ(*plain.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(*plain.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_FALSE(plain.headers.get("Content-Encoding"));
  EXPECT_EQ(*plain.headers.get("Vary"), "Accept-Encoding");

  auto zipped = client.request("GET", "/assets/main-AB12.js", "", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(zipped.body, kScriptGz);
  EXPECT_EQ(*zipped.headers.get("Content-Encoding"), "gzip");
  // No twin: plain whatever is accepted.
  auto css = client.request("GET", "/assets/main-CD34.css", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(*css.headers.get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_FALSE(css.headers.get("Content-Encoding"));

  EXPECT_EQ(client.request("GET", "/assets/main-AB12.js", "", {{"If-None-Match", std::string(*plain.headers.get("ETag"))}}).status, 304);
  // The gzip twin is other bytes: its own validator.
  EXPECT_NE(*zipped.headers.get("ETag"), *plain.headers.get("ETag"));
}

TEST_F(WebApp, asset_names_reach_nothing_but_the_assets) {
  for (std::string target : {"/assets/nope.js", "/assets/..%2Findex.html", "/assets/%2E%2E/index.html",
                             "/assets/main-AB12.js.gz", "/assets/", "/assets/main-AB12.js%00.png"}) {
    auto r = client.get(target);
    EXPECT_NE(r.status, 200) << target;
    EXPECT_NE(r.body, kShell) << target;
    EXPECT_NE(r.body, kScriptGz) << target;
  }
}

TEST(WebAppMediaOrigins, an_origin_that_is_not_one_stops_the_start) {
  for (std::string bad : {"https://cdn.example.com; frame-ancestors *", "*", "https:", "https://a b.example",
                          "https://cdn.example.com/path", "javascript:alert(1)", "https://cdn.example.com:80x"}) {
    EXPECT_THROW(TestServer([bad](Config& c) { c.web_media_origins = {bad}; }), std::exception) << bad;
  }
  TestServer good{[](Config& c) { c.web_media_origins = {"https://cdn.example.com", "https://*.s3.example.com:9000"}; }};
  EXPECT_EQ(good.client().get("/api/health").status, 200);
}

TEST(WebAppNotBuilt, pages_say_how_to_build_it_and_the_api_still_serves) {
  TestServer server{[](Config& c) { c.web_dir = "/nonexistent/marquee-web"; }};
  auto page = server.client().get("/");
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find("scripts/build"), std::string::npos);
  EXPECT_EQ(server.client().get("/api/health").status, 200);
}

// ---- the first run ----

struct FirstRun : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();

  // The code the server printed at start, as the operator reads it from the log.
  std::string logged_code() {
    auto rows = server.app().database().query("SELECT code FROM first_run WHERE id = 1");
    if (rows.empty()) return "";
    const std::string code = rows.front().str("code");
    return code.substr(0, 5) + "-" + code.substr(5);
  }
  static std::string admin_body(const std::string& name, const std::string& code, const std::string& password = "password123") {
    boost::json::object body{{"email", name + "@example.com"}, {"username", name}, {"password", password}};
    if (!code.empty()) body["code"] = code;
    return boost::json::serialize(body);
  }
  HttpResult create(const std::string& body, Fields headers = {}) {
    return client.request("POST", "/api/setup/admin", body, headers);
  }
};

TEST_F(FirstRun, the_logged_code_creates_the_admin_once) {
  EXPECT_EQ(client.get("/api/setup").json(), boost::json::parse(R"({"admin_needed":true})"));
  const std::string code = logged_code();
  ASSERT_EQ(code.size(), 11u) << "the server prints the code at start";

  // Typed as the log shows it, in any case.
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto made = create(admin_body("founder", typed));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("user").at("role"), "admin");
  int cookies = 0;  // signed in as a browser is: both session cookies
  for (const auto& [name, value] : made.headers) {
    if (http::iequals(name, "Set-Cookie") && value.find("HttpOnly") != std::string::npos) ++cookies;
  }
  EXPECT_EQ(cookies, 2);
  const std::string token(made.json().at("access_token").as_string());
  EXPECT_EQ(client.get("/api/me", token).json().at("role"), "admin");
  EXPECT_EQ(client.get("/api/admin/audit", token).json().at("items").as_array().front().at("action"),
            "account.first_admin");

  EXPECT_EQ(client.get("/api/setup").json(), boost::json::parse(R"({"admin_needed":false})"));
  auto again = create(admin_body("latecomer", code));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "conflict");
}

TEST_F(FirstRun, no_code_or_a_wrong_one_makes_nothing_wherever_it_comes_from) {
  const std::string code = logged_code();
  // No request is trusted for where it seems to come from: a loopback peer, a local Host, a
  // local Origin all still need the code (a proxy on the same machine, DNS rebinding).
  const std::vector<Fields> shapes = {
      {},
      {{"Host", "localhost"}},
      {{"Host", "127.0.0.1.rebind.example:8080"}, {"Origin", "http://127.0.0.1.rebind.example:8080"}},
      {{"X-Forwarded-For", "203.0.113.9"}},
  };
  for (const auto& headers : shapes) {
    auto missing = create(admin_body("intruder", ""), headers);
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(missing.json().at("error").at("details").at("field"), "code");
    EXPECT_EQ(create(admin_body("intruder", "WRONG-CODE1"), headers).status, 403);
    EXPECT_EQ(create(admin_body("intruder", code + "X"), headers).status, 403);
  }
  EXPECT_EQ(client.get("/api/setup").json().at("admin_needed"), true);
  EXPECT_EQ(logged_code(), code) << "a wrong guess does not change the code";
}

TEST_F(FirstRun, a_refused_account_gives_the_code_back) {
  const std::string code = logged_code();
  auto weak = create(admin_body("founder", code, "short"));
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(client.get("/api/setup").json().at("admin_needed"), true);
  EXPECT_EQ(create("{").status, 400);
  EXPECT_EQ(create(admin_body("founder", code)).status, 201);
}

TEST_F(FirstRun, many_at_once_with_the_code_make_exactly_one_admin) {
  const std::string code = logged_code();
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, refused{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = create(admin_body("racer" + std::to_string(i), code));
      if (r.status == 201) ++created;
      else if (r.status == 409) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(server.app().database().query("SELECT id FROM users WHERE role = 'admin'").size(), 1u);
}

TEST_F(FirstRun, an_admin_from_the_cli_ends_it_and_nothing_reopens_it) {
  const std::string code = logged_code();
  TestUser boss = server.user_with_role("admin", "boss");
  EXPECT_EQ(client.get("/api/setup").json().at("admin_needed"), false);
  EXPECT_EQ(create(admin_body("late", code)).status, 409);
  // The only admin gone: the first run stays over (the CLI makes the next one).
  server.app().database().execute("UPDATE users SET role = 'user' WHERE id = ?", {boss.id});
  EXPECT_EQ(client.get("/api/setup").json().at("admin_needed"), false);
  EXPECT_EQ(create(admin_body("late", code)).status, 409);
}

TEST(BrowserSessionRoute, a_visitor_is_no_error_and_a_refresh_cookie_is_noticed) {
  TestServer server;
  const auto& client = server.client();
  EXPECT_EQ(client.get("/api/auth/session").json(), boost::json::parse(R"({"user":null,"refreshable":false})"));
  TestUser user = server.register_user("viewer");
  auto signed_in = client.request("GET", "/api/auth/session", "", {{"Cookie", "marquee_access=" + user.access_token}});
  EXPECT_EQ(signed_in.json().at("user").at("username").as_string(), user.username);
  EXPECT_EQ(signed_in.json().at("refreshable"), false);
  EXPECT_TRUE(signed_in.json().at("user").as_object().contains("unread_notifications"));
  // An expired or broken access cookie with a refresh cookie beside it: sign in again.
  auto stale = client.request("GET", "/api/auth/session", "",
                              {{"Cookie", "marquee_access=not.a.token; marquee_refresh=" + user.refresh_token}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.json(), boost::json::parse(R"({"user":null,"refreshable":true})"));
}

}  // namespace
}  // namespace marquee::testing
