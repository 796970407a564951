// Moderation as its users meet it: a viewer reports, the reports of one target group into one
// case, a moderator acts with a public reason and an internal note, the uploader is told and
// appeals once, and a restore brings the video back everywhere. Suspensions and bans lock an
// account out at once; pre-moderation holds new uploads until approved; the audit log keeps
// every action and refuses to change.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "db/Database.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct Moderation : ::testing::Test {
  TestServer server{[](Config& c) {
    c.video_cache_ttl_ms = 60'000;  // only events may explain a change
    c.views_flush_interval_ms = 50;
  }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  TestUser reporter = server.register_user("reporter");
  TestUser moderator = server.user_with_role("moderator", "mod");
  TestUser admin = server.user_with_role("admin", "boss");

  db::Database& db() { return server.app().database(); }

  // A public video of `owner`'s that has finished processing.
  std::string ready_video(const TestUser& owner, object fields) {
    fields["visibility"] = fields.contains("visibility") ? fields["visibility"] : "public";
    auto r = client.post("/api/videos", fields, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id(r.json().as_object()["id"].as_string());
    db().execute("UPDATE videos SET status = 'ready', duration_ms = 60000 WHERE id = ?", {id});
    return id;
  }
  HttpResult report(const TestUser& who, const std::string& target, const std::string& id,
                    const std::string& reason = "spam_or_misleading", const std::string& text = "") {
    return client.post("/api/reports", object{{"target", target}, {"target_id", id}, {"reason", reason}, {"text", text}},
                       who.access_token);
  }
  std::string case_of(const HttpResult& filed) {
    EXPECT_TRUE(filed.status == 201 || filed.status == 200) << filed.body;
    auto rows = db().query("SELECT case_id FROM reports WHERE id = ?", {std::string(filed.json().at("id").as_string())});
    return rows.front().str("case_id");
  }
  HttpResult act(const std::string& case_id, object body, const TestUser& who) {
    return client.post("/api/moderation/cases/" + case_id + "/actions", body, who.access_token);
  }
  std::string act_ok(const std::string& case_id, object body) {
    auto r = act(case_id, std::move(body), moderator);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
  }
  std::vector<std::string> search_ids(const std::string& q, const std::string& token = "") {
    return item_ids(get_ok(client, "/api/search?q=" + q, token));
  }
  std::vector<std::string> channel_ids(const TestUser& owner, const std::string& token = "") {
    return item_ids(get_ok(client, "/api/videos?channel=" + owner.username, token));
  }
  boost::json::array notices(const TestUser& who) {
    boost::json::array out;
    const auto page = get_ok(client, "/api/me/notifications", who.access_token);
    for (const auto& n : page.at("items").as_array()) {
      if (n.at("kind").as_string() == "moderation") out.push_back(n);
    }
    return out;
  }
  boost::json::array audit(const std::string& query = "") {
    return get_ok(client, "/api/admin/audit" + query, admin.access_token).at("items").as_array();
  }
  static bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
};

TEST_F(Moderation, a_report_becomes_a_case_a_removal_an_appeal_and_a_restore) {
  const std::string video = ready_video(creator, object{{"title", "Miracle cure tower"}, {"description", "buy now"}});
  TestUser second = server.register_user("second");
  const std::string case_id = case_of(report(reporter, "video", video, "spam_or_misleading", "a scam"));
  EXPECT_EQ(report(reporter, "video", video).status, 200) << "the same reporter again adds nothing";
  EXPECT_EQ(case_of(report(second, "video", video, "other")), case_id) << "reports of one target share a case";
  // An edit after the report does not hide the evidence.
  ASSERT_EQ(client.patch("/api/videos/" + video, object{{"title", "Harmless tower"}}, creator.access_token).status, 200);

  auto queue = get_ok(client, "/api/moderation/cases?state=open&target=video", moderator.access_token);
  const auto listed = std::find_if(queue.at("items").as_array().begin(), queue.at("items").as_array().end(),
                                   [&](const auto& c) { return c.at("id").as_string() == case_id; });
  ASSERT_NE(listed, queue.at("items").as_array().end());
  EXPECT_EQ(listed->at("reports_count").as_int64(), 2);
  EXPECT_EQ(listed->at("snapshot").at("title").as_string(), "Miracle cure tower");
  EXPECT_EQ(listed->at("reason").as_string(), "spam_or_misleading");
  auto detail = get_ok(client, "/api/moderation/cases/" + case_id, moderator.access_token);
  EXPECT_EQ(detail.at("reports").as_array().size(), 2u);
  EXPECT_EQ(detail.at("reports").as_array()[0].at("text").as_string(), "a scam");

  auto mine = get_ok(client, "/api/me/reports", reporter.access_token).at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("state").as_string(), "open");
  EXPECT_TRUE(mine[0].at("outcome").is_null());

  ASSERT_TRUE(has(search_ids("tower"), video));
  const std::string removal =
      act_ok(case_id, object{{"action", "remove"}, {"public_reason", "Misleading health claims"},
                             {"internal_note", "same uploader as last week"}});

  // Gone at once from the watch page, playback, search and the channel, for everyone but moderators.
  for (const std::string& token : {std::string(), reporter.access_token, creator.access_token}) {
    auto watch = client.get("/api/videos/" + video, token);
    EXPECT_EQ(watch.status, 410);
    EXPECT_EQ(watch.error_code(), "removed");
    EXPECT_EQ(watch.json().at("error").at("details").at("reason").as_string(), "Misleading health claims");
    EXPECT_EQ(client.get("/api/videos/" + video + "/playback", token).status, 410);
    EXPECT_FALSE(has(search_ids("tower", token), video));
  }
  EXPECT_FALSE(has(channel_ids(creator), video));
  auto seen_by_moderator = get_ok(client, "/api/videos/" + video, moderator.access_token);
  EXPECT_EQ(seen_by_moderator.at("moderation").at("state").as_string(), "removed");
  auto owners_list = channel_ids(creator, creator.access_token);
  EXPECT_TRUE(has(owners_list, video)) << "the owner still finds it in their own channel, marked removed";

  // The uploader is told why (never the internal note) and may appeal once; the reporter sees the outcome.
  auto told = notices(creator);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].at("data").at("action").as_string(), "remove");
  EXPECT_EQ(told[0].at("data").at("public_reason").as_string(), "Misleading health claims");
  EXPECT_EQ(told[0].at("data").at("action_id").as_string(), removal);
  EXPECT_EQ(boost::json::serialize(told[0]).find("last week"), std::string::npos);
  mine = get_ok(client, "/api/me/reports", reporter.access_token).at("items").as_array();
  EXPECT_EQ(mine[0].at("state").as_string(), "resolved");
  EXPECT_EQ(mine[0].at("outcome").as_string(), "remove");
  EXPECT_EQ(boost::json::serialize(mine[0]).find("last week"), std::string::npos);

  EXPECT_EQ(client.post("/api/moderation/appeals", object{{"action_id", removal}, {"text", "mine"}}, reporter.access_token)
                .status,
            404)
      << "only the user an action affected appeals it";
  auto appeal = client.post("/api/moderation/appeals", object{{"action_id", removal}, {"text", "It is satire"}},
                            creator.access_token);
  ASSERT_EQ(appeal.status, 201) << appeal.body;
  EXPECT_EQ(client.post("/api/moderation/appeals", object{{"action_id", removal}, {"text", "again"}}, creator.access_token)
                .status,
            409);
  auto appeals = get_ok(client, "/api/moderation/cases?source=appeal", moderator.access_token).at("items").as_array();
  ASSERT_EQ(appeals.size(), 1u);
  const std::string appeal_case(appeals[0].at("id").as_string());
  EXPECT_EQ(appeals[0].at("appeal_of").as_string(), removal);
  auto appeal_detail = get_ok(client, "/api/moderation/cases/" + appeal_case, moderator.access_token);
  EXPECT_EQ(appeal_detail.at("appeal").at("text").as_string(), "It is satire");
  EXPECT_EQ(appeal_detail.at("appealed_action").at("internal_note").as_string(), "same uploader as last week");

  act_ok(appeal_case, object{{"action", "restore"}, {"public_reason", "Satire is allowed"}});
  EXPECT_EQ(client.get("/api/videos/" + video).status, 200);
  EXPECT_TRUE(has(search_ids("tower"), video));
  EXPECT_TRUE(has(channel_ids(creator), video));
  told = notices(creator);
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[0].at("data").at("action").as_string(), "restore");
  EXPECT_EQ(told[0].at("data").at("appeal").as_string(), "granted");

  // Every step is in the audit log, with who did it and the request that did it.
  auto entries = audit("?target=" + video);
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].at("action").as_string(), "moderation.restore");
  EXPECT_EQ(entries[1].at("action").as_string(), "moderation.remove");
  EXPECT_EQ(entries[1].at("actor_id").as_string(), moderator.id);
  EXPECT_EQ(entries[1].at("before").at("title").as_string(), "Miracle cure tower");
  EXPECT_FALSE(entries[1].at("request_id").as_string().empty());
}

TEST_F(Moderation, a_removed_comment_goes_and_its_case_keeps_what_it_said) {
  const std::string video = ready_video(creator, object{{"title", "Calm river"}});
  TestUser troll = server.register_user("troll");
  auto posted = client.post("/api/videos/" + video + "/comments", object{{"text", "you are all idiots"}}, troll.access_token);
  ASSERT_EQ(posted.status, 201);
  const std::string comment(posted.json().at("id").as_string());
  const std::string case_id = case_of(report(reporter, "comment", comment, "hateful"));
  EXPECT_EQ(act(case_id, object{{"action", "age_restrict"}, {"public_reason", "x"}}, moderator).status, 400)
      << "age_restrict is for videos";
  act_ok(case_id, object{{"action", "remove"}, {"public_reason", "Insults are not allowed"}});
  EXPECT_EQ(client.get("/api/comments/" + comment).status, 404);
  auto detail = get_ok(client, "/api/moderation/cases/" + case_id, moderator.access_token);
  EXPECT_EQ(detail.at("snapshot").at("text").as_string(), "you are all idiots");
  EXPECT_EQ(detail.at("owner_id").as_string(), troll.id);
  EXPECT_EQ(notices(troll).size(), 1u);
}

TEST_F(Moderation, a_suspension_and_a_ban_lock_the_account_out_at_once_and_a_restore_lets_it_back) {
  TestUser troll = server.register_user("troll");
  const std::string troll_video = ready_video(troll, object{{"title", "Troll channel trailer"}});
  const std::string case_id = case_of(report(reporter, "user", troll.id, "site_rules"));
  ASSERT_EQ(client.get("/api/me", troll.access_token).status, 200);

  const std::string until = to_rfc3339(wall_clock_ms() + 3'600'000);
  EXPECT_EQ(act(case_id, object{{"action", "suspend"}, {"public_reason", "Cool off"}}, moderator).status, 400)
      << "a suspension needs an end";
  act_ok(case_id, object{{"action", "suspend"}, {"public_reason", "Cool off"}, {"until", until}});
  EXPECT_EQ(client.get("/api/me", troll.access_token).status, 401) << "its access token stops working at once";
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", troll.refresh_token}}).status, 401);
  auto login = client.post("/api/auth/login", object{{"login", troll.username}, {"password", troll.password}});
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(login.error_code(), "suspended");
  EXPECT_EQ(client.get("/api/videos/" + troll_video).status, 200) << "a suspension leaves the videos up";

  act_ok(case_id, object{{"action", "ban"}, {"public_reason", "Repeated abuse"}});
  EXPECT_EQ(client.get("/api/videos/" + troll_video).status, 410) << "a ban takes the videos down";
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", troll.username}, {"password", troll.password}}).error_code(),
            "suspended");

  act_ok(case_id, object{{"action", "restore"}, {"public_reason", "Ban lifted on review"}});
  EXPECT_EQ(client.get("/api/videos/" + troll_video).status, 200) << "lifting the ban returns what it removed";
  auto back = client.post("/api/auth/login", object{{"login", troll.username}, {"password", troll.password}});
  ASSERT_EQ(back.status, 200);
  troll.access_token = std::string(back.json().at("access_token").as_string());
  EXPECT_EQ(notices(troll).size(), 3u) << "told of the suspension, the ban and its end";
}

TEST_F(Moderation, an_age_restriction_holds_against_its_owner_and_each_appeal_undoes_what_it_appeals) {
  const std::string video = ready_video(creator, object{{"title", "Rooftop stunts"}});
  // The reporter likes and watches it first: their lists must not break when it is taken down.
  ASSERT_EQ(client.post("/api/videos/" + video + "/like", object{}, reporter.access_token).status, 200);
  auto beacon = client.post("/api/videos/" + video + "/views",
                            object{{"watched_ms", 20'000}, {"position_ms", 20'000}, {"session_id", "s1"}},
                            reporter.access_token);
  ASSERT_EQ(beacon.status, 202) << beacon.body;
  auto history_holds_it = [&] {
    auto page = client.get("/api/me/history", reporter.access_token);
    return page.status == 200 && page.body.find(video) != std::string::npos;
  };
  for (int i = 0; i < 100 && !history_holds_it(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(history_holds_it());
  const std::string case_id = case_of(report(reporter, "video", video, "violent_or_abusive"));
  const std::string restriction = act_ok(case_id, object{{"action", "age_restrict"}, {"public_reason", "Dangerous stunts"}});
  EXPECT_TRUE(get_ok(client, "/api/videos/" + video, creator.access_token).at("is_adult").as_bool());
  auto undo = client.patch("/api/videos/" + video, object{{"is_adult", false}}, creator.access_token);
  EXPECT_EQ(undo.status, 403) << "the owner may not lift a moderator's age restriction";
  ASSERT_EQ(client.post("/api/moderation/appeals", object{{"action_id", restriction}, {"text", "It is staged"}},
                        creator.access_token)
                .status,
            201);
  auto appeals = get_ok(client, "/api/moderation/cases?source=appeal", moderator.access_token).at("items").as_array();
  ASSERT_EQ(appeals.size(), 1u);
  act_ok(std::string(appeals[0].at("id").as_string()), object{{"action", "restore"}, {"public_reason", "Staged, fine"}});
  EXPECT_FALSE(get_ok(client, "/api/videos/" + video, moderator.access_token).at("is_adult").as_bool())
      << "granting the appeal of an age restriction lifts it";

  // Removal: the reporter's liked list and history leave it out and keep working.
  act_ok(case_of(report(reporter, "video", video, "violent_or_abusive")),
         object{{"action", "remove"}, {"public_reason", "Dangerous stunts"}});
  EXPECT_TRUE(item_ids(get_ok(client, "/api/me/liked", reporter.access_token)).empty());
  auto history = client.get("/api/me/history", reporter.access_token);
  EXPECT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.body.find(video), std::string::npos);
}

TEST_F(Moderation, granting_the_appeal_of_a_suspension_lifts_it) {
  TestUser rider = server.register_user("rider");
  const std::string video = ready_video(rider, object{{"title", "Rail grind"}});
  const std::string case_id = case_of(report(reporter, "video", video, "violent_or_abusive"));
  const std::string suspension = act_ok(case_id, object{{"action", "suspend"}, {"public_reason", "Dangerous stunts"},
                                                        {"until", to_rfc3339(wall_clock_ms() + 3'600'000)}});
  const std::string warning = act_ok(case_id, object{{"action", "warn"}, {"public_reason", "Be careful"}});
  // The user appeals by the operator's contact (they cannot sign in); here the row is filed for them.
  db().execute("INSERT INTO moderation_cases (id, target_type, target_id, owner_id, source, reason, snapshot_json, state, "
               "reports_count, appeal_of, created_at, updated_at) VALUES ('appealcase01', 'video', ?, ?, 'appeal', "
               "'appeal', '{}', 'open', 0, ?, 1, 1)",
               {video, rider.id, suspension});
  db().execute("INSERT INTO moderation_appeals (id, action_id, case_id, user_id, text, state, created_at) "
               "VALUES ('appeal000001', ?, 'appealcase01', ?, 'sorry', 'open', 1)",
               {suspension, rider.id});
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", rider.username}, {"password", rider.password}}).status, 403);
  act_ok("appealcase01", object{{"action", "restore"}, {"public_reason", "Lifted on appeal"}});
  auto back = client.post("/api/auth/login", object{{"login", rider.username}, {"password", rider.password}});
  ASSERT_EQ(back.status, 200) << back.body;
  // A second appeal on the same target (the warning) gets a case of its own.
  const std::string token(back.json().at("access_token").as_string());
  ASSERT_EQ(client.post("/api/moderation/appeals", object{{"action_id", warning}, {"text", "ok"}}, token).status, 201);
  auto appeals = get_ok(client, "/api/moderation/cases?source=appeal&state=all", moderator.access_token).at("items").as_array();
  EXPECT_EQ(appeals.size(), 2u);
}

TEST_F(Moderation, nobody_judges_their_own_case_and_approval_waits_for_the_media) {
  const std::string own = ready_video(moderator, object{{"title", "Staff pick"}});
  const std::string case_id = case_of(report(reporter, "video", own, "spam_or_misleading"));
  EXPECT_EQ(act(case_id, object{{"action", "dismiss"}}, moderator).status, 403);
  EXPECT_EQ(act(case_id, object{{"action", "remove"}, {"public_reason", "x"}}, server.user_with_role("moderator", "peer"))
                .status,
            403)
      << "a moderator's content is an admin's to judge";
  EXPECT_EQ(act(case_id, object{{"action", "dismiss"}}, admin).status, 201);

  ASSERT_EQ(client.patch("/api/admin/settings", object{{"moderation.review_new_uploads", "untrusted"}}, admin.access_token)
                .status,
            200);
  TestUser newcomer = server.register_user("newcomer");
  auto draft = client.post("/api/videos", object{{"title", "Not uploaded yet"}}, newcomer.access_token);
  ASSERT_EQ(draft.status, 201);
  auto review = get_ok(client, "/api/moderation/cases?source=review", moderator.access_token).at("items").as_array();
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(act(std::string(review[0].at("id").as_string()), object{{"action", "approve"}}, moderator).status, 409)
      << "nothing to see yet: approving an empty draft would let any media through";
}

TEST_F(Moderation, moderators_answer_to_admins) {
  TestUser other_moderator = server.user_with_role("moderator", "mod2");
  const std::string about_moderator = case_of(report(reporter, "user", other_moderator.id, "other"));
  EXPECT_EQ(act(about_moderator, object{{"action", "ban"}, {"public_reason", "x"}}, moderator).status, 403);
  const std::string about_admin = case_of(report(reporter, "user", admin.id, "other"));
  EXPECT_EQ(act(about_admin, object{{"action", "suspend"}, {"public_reason", "x"},
                                    {"until", to_rfc3339(wall_clock_ms() + 60'000)}},
                admin)
                .status,
            403);
  auto suspended = act(about_moderator, object{{"action", "suspend"}, {"public_reason", "x"},
                                               {"until", to_rfc3339(wall_clock_ms() + 60'000)}},
                       admin);
  EXPECT_EQ(suspended.status, 201) << suspended.body;
  EXPECT_EQ(client.get("/api/moderation/cases", other_moderator.access_token).status, 401);
}

TEST_F(Moderation, reports_meet_hostile_and_mistaken_input) {
  const std::string video = ready_video(creator, object{{"title", "Fine video"}});
  const std::string hidden = ready_video(creator, object{{"title", "Hidden video"}, {"visibility", "private"}});
  EXPECT_EQ(report(reporter, "video", video, "boring").error_code(), "validation_failed");
  EXPECT_EQ(report(reporter, "channel", video).error_code(), "validation_failed");
  EXPECT_EQ(report(reporter, "video", "nonexistent1").status, 404);
  EXPECT_EQ(report(reporter, "video", hidden).status, 404) << "a private video cannot be found, so not reported";
  EXPECT_EQ(report(creator, "video", video).status, 400) << "one's own";
  EXPECT_EQ(report(reporter, "video", video, "other", std::string(2'001, 'x')).status, 400);
  EXPECT_EQ(client.post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", "other"},
                                              {"timestamp_ms", -5}},
                        reporter.access_token)
                .status,
            400);
  EXPECT_EQ(client.request("POST", "/api/reports", "{not json", {{"Authorization", "Bearer " + reporter.access_token},
                                                                  {"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(client.post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", "other"}}).status,
            401)
      << "signed out, while the operator does not allow anonymous reports";

  // The operator allows them, with a limit per address.
  ASSERT_EQ(client.patch("/api/admin/settings",
                         object{{"moderation.anonymous_reports", true}, {"moderation.reports_per_hour", 2}},
                         admin.access_token)
                .status,
            200);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(client.post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", "other"}}).status,
              201);
  }
  auto limited = client.post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", "other"}});
  EXPECT_EQ(limited.status, 429);

  // Actions: unknown, inapplicable, without a reason, on a missing case.
  const std::string case_id = case_of(report(reporter, "video", video, "other"));
  EXPECT_EQ(act(case_id, object{{"action", "explode"}}, moderator).status, 400);
  EXPECT_EQ(act(case_id, object{{"action", "remove"}}, moderator).status, 400) << "a removal needs a public reason";
  EXPECT_EQ(act(case_id, object{{"action", "restore"}}, moderator).status, 409) << "nothing to restore";
  EXPECT_EQ(act("nosuchcase12", object{{"action", "dismiss"}}, moderator).status, 404);
  EXPECT_EQ(act(case_id, object{{"action", "dismiss"}, {"until", "yesterday"}}, moderator).status, 400);
  EXPECT_EQ(client.post("/api/moderation/appeals", object{{"action_id", "../../etc"}, {"text", "x"}},
                        creator.access_token)
                .status,
            404);
}

TEST_F(Moderation, pre_moderation_holds_new_accounts_uploads_until_a_moderator_approves) {
  ASSERT_EQ(client.patch("/api/admin/settings", object{{"moderation.review_new_uploads", "new_accounts"}},
                         admin.access_token)
                .status,
            200);
  TestUser newcomer = server.register_user("newcomer");
  const std::string video = ready_video(newcomer, object{{"title", "First upload ever"}});
  auto own = get_ok(client, "/api/videos/" + video, newcomer.access_token);
  EXPECT_EQ(own.at("moderation").at("state").as_string(), "held");
  EXPECT_EQ(client.get("/api/videos/" + video).status, 404) << "others do not see it yet";
  EXPECT_FALSE(has(search_ids("upload"), video));
  EXPECT_FALSE(has(channel_ids(newcomer), video));

  auto review = get_ok(client, "/api/moderation/cases?source=review", moderator.access_token).at("items").as_array();
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].at("target_id").as_string(), video);
  act_ok(std::string(review[0].at("id").as_string()), object{{"action", "approve"}});
  EXPECT_EQ(client.get("/api/videos/" + video).status, 200);
  EXPECT_TRUE(has(search_ids("upload"), video));

  // Moderators, trusted accounts and accounts older than moderation.new_account_days are not held.
  ASSERT_EQ(client.patch("/api/admin/users/" + newcomer.id, object{{"trusted", true}}, admin.access_token).status, 200);
  const std::string trusted = ready_video(newcomer, object{{"title", "Second upload"}});
  EXPECT_EQ(client.get("/api/videos/" + trusted).status, 200);
  const std::string by_moderator = ready_video(moderator, object{{"title", "Staff upload"}});
  EXPECT_EQ(client.get("/api/videos/" + by_moderator).status, 200);
  EXPECT_EQ(audit("?target=site").at(0).at("action").as_string(), "settings.update");
  EXPECT_EQ(audit("?target=" + newcomer.id).at(0).at("after").at("trusted").as_bool(), true);
}

TEST_F(Moderation, the_audit_log_records_role_changes_and_cannot_be_changed) {
  TestUser promoted = server.register_user("promoted");
  ASSERT_EQ(client.patch("/api/admin/users/" + promoted.id, object{{"role", "moderator"}}, admin.access_token).status,
            200);
  auto entries = audit("?target=" + promoted.id);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("action").as_string(), "account.role");
  EXPECT_EQ(entries[0].at("actor_id").as_string(), admin.id);
  EXPECT_EQ(entries[0].at("before").at("role").as_string(), "user");
  EXPECT_EQ(entries[0].at("after").at("role").as_string(), "moderator");
  EXPECT_EQ(audit("?actor=" + admin.id).size(), 1u);
  EXPECT_THROW(db().execute("UPDATE audit_log SET action = 'nothing'"), std::exception);
  EXPECT_THROW(db().execute("DELETE FROM audit_log"), std::exception);
  EXPECT_EQ(audit("?target=" + promoted.id).at(0).at("action").as_string(), "account.role");
  EXPECT_EQ(client.get("/api/admin/audit?cursor=garbage", admin.access_token).status, 400);
  // Notices of the moderators' actions stay on.
  EXPECT_EQ(client.patch("/api/me/notification-settings", object{{"moderation", false}}, creator.access_token).status,
            400);
}

TEST_F(Moderation, site_settings_are_validated_like_the_configuration) {
  auto bad = client.patch("/api/admin/settings", object{{"dmca.restore_business_days", 9}}, admin.access_token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("details").at("field").as_string(), "dmca.restore_business_days");
  EXPECT_EQ(client.patch("/api/admin/settings", object{{"http.listen", "0.0.0.0:80"}}, admin.access_token).status, 400)
      << "only run-time settings";
  EXPECT_EQ(client.patch("/api/admin/settings", object{{"moderation.review_new_uploads", "sometimes"}}, admin.access_token)
                .status,
            400);
  EXPECT_EQ(client.patch("/api/admin/settings", object{}, admin.access_token).status, 400);
  auto ok = client.patch("/api/admin/settings", object{{"dmca.agent_name", "Jo Agent"}}, admin.access_token);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json().at("settings").at("dmca.agent_name").at("value").as_string(), "Jo Agent");
}

}  // namespace
}  // namespace marquee::testing
