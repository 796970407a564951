// The DMCA procedure as the complainant, the uploader and the moderators meet it, on a server
// whose clock the test moves: a notice is checked element by element and removes the videos it
// names at once; a counter-notice brings the video back after the business days of the law, by
// a durable job, unless a court action is reported; strikes expire, and enough of them end an
// account.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "db/Database.h"
#include "dmca/BusinessDays.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kDayMs = 24LL * 3600 * 1000;

object complete_notice(const std::string& video) {
  return object{{"signature", "/s/ Ada Rights"},
                {"work", "The feature film \"Harbour Lights\" (2024)"},
                {"infringing_urls", boost::json::array{"https://videos.example/watch/" + video}},
                {"name", "Ada Rights"},
                {"email", "ada@rights.example"},
                {"address", "1 Studio Way, Burbank, CA"},
                {"phone", "+1 555 0100"},
                {"good_faith_statement", true},
                {"accuracy_and_authority_statement", true}};
}

object complete_counter(const std::string& notice, const std::string& video) {
  return object{{"notice_id", notice},
                {"video_id", video},
                {"signature", "/s/ Maker"},
                {"mistake_statement", true},
                {"name", "May Maker"},
                {"address", "2 River Rd, Austin, TX"},
                {"phone", "+1 555 0199"},
                {"email", "may@maker.example"},
                {"jurisdiction_consent", true}};
}

struct Dmca : ::testing::Test {
  ManualClock clock{wall_clock_ms()};  // outlives the server
  TestServer server{{}, &clock};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  TestUser moderator = server.user_with_role("moderator", "mod");
  TestUser admin = server.user_with_role("admin", "boss");

  std::string ready_video(const TestUser& owner, const std::string& title) {
    auto r = client.post("/api/videos", object{{"title", title}, {"visibility", "public"}}, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id(r.json().at("id").as_string());
    server.app().database().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {id});
    return id;
  }
  HttpResult send_notice(const object& body, const std::string& token = "") {
    return client.post("/api/dmca/notices", body, token);
  }
  std::string missing_of(const HttpResult& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    if (r.status != 400) return "";
    return std::string(r.json().at("error").at("details").at("missing").as_string());
  }
  // Moves the server's clock; every session's access token has expired after a day, so the
  // users sign in again.
  void advance(Millis ms) {
    clock.advance(ms);
    for (TestUser* who : {&creator, &moderator, &admin}) *who = server.sign_in(*who);
  }
  // The worker polls once a second: give a due job a few seconds.
  bool eventually(const std::function<bool()>& check) {
    for (int i = 0; i < 100; ++i) {
      if (check()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return check();
  }
};

TEST_F(Dmca, an_incomplete_notice_is_refused_naming_each_missing_element) {
  const std::string video = ready_video(creator, "Harbour Lights full movie");
  EXPECT_EQ(missing_of(send_notice(object{})),
            "signature, work, infringing_urls, name, email, address, phone, good_faith_statement, "
            "accuracy_and_authority_statement");
  for (const char* element : {"signature", "work", "infringing_urls", "name", "email", "address", "phone",
                              "good_faith_statement", "accuracy_and_authority_statement"}) {
    object body = complete_notice(video);
    body.erase(element);
    EXPECT_EQ(missing_of(send_notice(body)), element) << "without " << element;
  }
  object unsworn = complete_notice(video);
  unsworn["accuracy_and_authority_statement"] = false;
  EXPECT_EQ(missing_of(send_notice(unsworn)), "accuracy_and_authority_statement");
  object elsewhere = complete_notice(video);
  elsewhere["infringing_urls"] = boost::json::array{"https://videos.example/about", "javascript:alert(1)"};
  EXPECT_EQ(missing_of(send_notice(elsewhere)), "infringing_urls");
  object unknown = complete_notice("nosuchvideo1");
  EXPECT_EQ(missing_of(send_notice(unknown)), "infringing_urls");
  object blank = complete_notice(video);
  blank["signature"] = "   ";
  EXPECT_EQ(missing_of(send_notice(blank)), "signature");
  EXPECT_EQ(client.get("/api/videos/" + video).status, 200) << "nothing was removed";
}

TEST_F(Dmca, a_notice_removes_at_once_and_a_counter_notice_restores_after_ten_business_days_across_a_restart) {
  const std::string video = ready_video(creator, "Harbour Lights full movie");
  auto sent = send_notice(complete_notice(video));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string notice(sent.json().at("id").as_string());
  const std::string key(sent.json().at("access_key").as_string());

  auto removed = client.get("/api/videos/" + video);
  EXPECT_EQ(removed.status, 410);
  EXPECT_NE(removed.body.find("DMCA"), std::string::npos) << removed.body;
  auto strikes = get_ok(client, "/api/me/strikes", creator.access_token).at("items").as_array();
  ASSERT_EQ(strikes.size(), 1u);
  EXPECT_EQ(strikes[0].at("notice_id").as_string(), notice);

  // The uploader's copy: told, with the notice, without the complainant's contact details.
  const auto page = get_ok(client, "/api/me/notifications", creator.access_token);
  ASSERT_FALSE(page.at("items").as_array().empty());
  const auto& told = page.at("items").as_array()[0];
  EXPECT_EQ(told.at("kind").as_string(), "moderation");
  EXPECT_EQ(told.at("data").at("notice_id").as_string(), notice);
  auto copy = get_ok(client, "/api/dmca/notices/" + notice, creator.access_token);
  EXPECT_TRUE(copy.at("redacted").as_bool());
  EXPECT_EQ(copy.at("name").as_string(), "Ada Rights");
  EXPECT_TRUE(copy.at("email").is_null());
  EXPECT_TRUE(copy.at("phone").is_null());
  EXPECT_EQ(copy.at("work").as_string(), "The feature film \"Harbour Lights\" (2024)");
  EXPECT_EQ(client.get("/api/dmca/notices/" + notice).status, 404);
  EXPECT_EQ(client.get("/api/dmca/notices/" + notice + "?key=wrong").status, 404);
  EXPECT_EQ(get_ok(client, "/api/dmca/notices/" + notice + "?key=" + key).at("email").as_string(), "ada@rights.example");

  // The counter-notice, element by element, then whole.
  for (const char* element : {"signature", "mistake_statement", "name", "address", "phone", "jurisdiction_consent"}) {
    object body = complete_counter(notice, video);
    body.erase(element);
    auto r = client.post("/api/dmca/counter-notices", body, creator.access_token);
    EXPECT_EQ(missing_of(r), element);
  }
  object no_material = complete_counter(notice, video);
  no_material.erase("video_id");
  EXPECT_EQ(missing_of(client.post("/api/dmca/counter-notices", no_material, creator.access_token)),
            "material (notice_id and video_id)");
  TestUser stranger = server.register_user("stranger");
  EXPECT_EQ(client.post("/api/dmca/counter-notices", complete_counter(notice, video), stranger.access_token).status, 404);
  auto countered = client.post("/api/dmca/counter-notices", complete_counter(notice, video), creator.access_token);
  ASSERT_EQ(countered.status, 201) << countered.body;
  const Millis restore_at = *parse_rfc3339(std::string(countered.json().at("restore_at").as_string()));
  EXPECT_EQ(restore_at, dmca::after_business_days(clock.now_ms(), 10));
  // Ten whole business days after the day of receipt always take in two weekends: at least 12
  // days from a notice received late on a Sunday, two weeks from one received on a weekday.
  EXPECT_GE(restore_at - clock.now_ms(), 12 * kDayMs) << "ten business days span at least twelve days";
  EXPECT_EQ(client.post("/api/dmca/counter-notices", complete_counter(notice, video), creator.access_token).status, 409);
  // Forwarded to the complainant: the notice's page shows it to its sender.
  auto followed = get_ok(client, "/api/dmca/notices/" + notice + "?key=" + key);
  ASSERT_EQ(followed.at("counter_notices").as_array().size(), 1u);
  EXPECT_EQ(followed.at("counter_notices").as_array()[0].at("address").as_string(), "2 River Rd, Austin, TX");
  EXPECT_EQ(followed.at("videos").as_array()[0].at("state").as_string(), "countered");

  // The restore is a job in the database: a restart does not lose it. A day before the end of
  // the waiting period the video is still down; once it has passed, it returns.
  server.restart();
  advance(restore_at - clock.now_ms() - kDayMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(1'500));
  EXPECT_EQ(client.get("/api/videos/" + video).status, 410);
  advance(kDayMs + 1);
  EXPECT_TRUE(eventually([&] { return client.get("/api/videos/" + video).status == 200; }));
  EXPECT_TRUE(eventually([&] {
    return get_ok(client, "/api/dmca/notices/" + notice + "?key=" + key).at("videos").as_array()[0].at("state").as_string() ==
           "restored";
  }));
  EXPECT_TRUE(get_ok(client, "/api/me/strikes", creator.access_token).at("items").as_array().empty())
      << "the strike goes with the restored video";
}

TEST_F(Dmca, a_reported_court_action_keeps_the_video_down) {
  const std::string video = ready_video(creator, "Harbour Lights again");
  auto sent = send_notice(complete_notice(video));
  ASSERT_EQ(sent.status, 201);
  const std::string notice(sent.json().at("id").as_string());
  auto countered = client.post("/api/dmca/counter-notices", complete_counter(notice, video), creator.access_token);
  ASSERT_EQ(countered.status, 201);
  const Millis restore_at = *parse_rfc3339(std::string(countered.json().at("restore_at").as_string()));
  EXPECT_EQ(client.post("/api/dmca/notices/" + notice + "/court-action", object{}, creator.access_token).status, 403);
  auto recorded = client.post("/api/dmca/notices/" + notice + "/court-action", object{}, moderator.access_token);
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_EQ(recorded.json().at("videos").as_array()[0].at("state").as_string(), "court_action");
  advance(restore_at - clock.now_ms() + kDayMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(2'500));
  EXPECT_EQ(client.get("/api/videos/" + video).status, 410);
  auto entries = get_ok(client, "/api/admin/audit?target=" + notice, admin.access_token).at("items").as_array();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].at("action").as_string(), "dmca.court_action");
}

TEST_F(Dmca, strikes_expire_and_enough_unexpired_ones_terminate_the_account) {
  ASSERT_EQ(client.patch("/api/admin/settings", object{{"dmca.strike_days", 30}, {"dmca.strikes_to_terminate", 3}},
                         admin.access_token)
                .status,
            200);
  TestUser pirate = server.register_user("pirate");
  std::vector<std::string> videos;
  for (int i = 0; i < 5; ++i) videos.push_back(ready_video(pirate, "Copied film " + std::to_string(i)));
  for (int i = 0; i < 2; ++i) ASSERT_EQ(send_notice(complete_notice(videos[i])).status, 201);
  EXPECT_EQ(get_ok(client, "/api/me/strikes", pirate.access_token).at("items").as_array().size(), 2u);
  advance(31 * kDayMs);
  pirate = server.sign_in(pirate);
  EXPECT_TRUE(get_ok(client, "/api/me/strikes", pirate.access_token).at("items").as_array().empty()) << "expired";
  ASSERT_EQ(send_notice(complete_notice(videos[2])).status, 201);
  ASSERT_EQ(send_notice(complete_notice(videos[3])).status, 201);
  EXPECT_EQ(client.get("/api/me", pirate.access_token).status, 200) << "two unexpired strikes";
  ASSERT_EQ(send_notice(complete_notice(videos[4])).status, 201);
  EXPECT_EQ(client.get("/api/me", pirate.access_token).status, 401) << "the third ends every session at once";
  auto login = client.post("/api/auth/login", object{{"login", pirate.username}, {"password", pirate.password}});
  EXPECT_EQ(login.error_code(), "suspended");
}

TEST_F(Dmca, one_notice_is_one_strike_and_an_uploader_sees_only_their_own_videos_in_it) {
  TestUser other = server.user_with_role("creator", "other");
  std::vector<std::string> mine;
  for (int i = 0; i < 3; ++i) mine.push_back(ready_video(creator, "Clip " + std::to_string(i)));
  auto unlisted = client.post("/api/videos", object{{"title", "Secret cut"}, {"visibility", "unlisted"}}, other.access_token);
  ASSERT_EQ(unlisted.status, 201);
  const std::string theirs(unlisted.json().at("id").as_string());
  object body = complete_notice(mine[0]);
  boost::json::array urls;
  for (const auto& id : mine) urls.push_back(boost::json::value("https://videos.example/watch/" + id));
  urls.push_back(boost::json::value("https://videos.example/watch/" + theirs));
  body["infringing_urls"] = urls;
  auto sent = send_notice(body);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string notice(sent.json().at("id").as_string());
  EXPECT_EQ(get_ok(client, "/api/me/strikes", creator.access_token).at("items").as_array().size(), 1u)
      << "three videos in one notice are one strike, far from termination";
  EXPECT_EQ(client.get("/api/me", creator.access_token).status, 200);
  auto copy = get_ok(client, "/api/dmca/notices/" + notice, creator.access_token);
  EXPECT_EQ(copy.at("videos").as_array().size(), 3u);
  EXPECT_EQ(copy.at("infringing_urls").as_array().size(), 3u);
  EXPECT_EQ(boost::json::serialize(copy).find(theirs), std::string::npos) << "another uploader's unlisted id stays secret";
  // The same videos named again: they are down already, so no second strike.
  ASSERT_EQ(send_notice(body).status, 201);
  EXPECT_EQ(get_ok(client, "/api/me/strikes", other.access_token).at("items").as_array().size(), 1u);
  EXPECT_EQ(get_ok(client, "/api/me/strikes", creator.access_token).at("items").as_array().size(), 1u);
  // A moderator's account is never terminated by the rule.
  ASSERT_EQ(client.patch("/api/admin/settings", object{{"dmca.strikes_to_terminate", 1}}, admin.access_token).status, 200);
  ASSERT_EQ(send_notice(complete_notice(ready_video(moderator, "Staff clip"))).status, 201);
  EXPECT_EQ(client.get("/api/me", moderator.access_token).status, 200);
}

TEST_F(Dmca, the_dmca_page_names_the_designated_agent) {
  EXPECT_NE(client.get("/dmca").body.find("not set by the operator"), std::string::npos);
  ASSERT_EQ(client.patch("/api/admin/settings",
                         object{{"dmca.agent_name", "Jo Agent"}, {"dmca.agent_email", "dmca@videos.example"}},
                         admin.access_token)
                .status,
            200);
  auto page = client.get("/dmca");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Jo Agent"), std::string::npos);
  EXPECT_NE(page.body.find("dmca@videos.example"), std::string::npos);
  EXPECT_NE(page.body.find("10 business days"), std::string::npos);
}

}  // namespace
}  // namespace marquee::testing
