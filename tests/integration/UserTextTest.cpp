// Text that looks like something it is not, sent over HTTP to every field people type
// into: titles, display names, playlist titles, comments, emails. Bidi controls and
// invisible-only text are refused with 400 validation_failed naming the field, and what is
// stored is NFC, so "e" + U+0301 comes back as "é" (core/UserText.h has the rules).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/Crypto.h"
#include "db/Database.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr const char* kZeroWidthSpace = "\u200B";
constexpr const char* kRightToLeftOverride = "\u202E";
constexpr const char* kRightToLeftIsolate = "\u2067";
constexpr const char* kPopDirectionalIsolate = "\u2069";
constexpr const char* kZeroWidthJoiner = "\u200D";
constexpr const char* kWordJoiner = "\u2060";
constexpr const char* kByteOrderMark = "\uFEFF";
const std::string kDecomposedTitle = "Cafe\u0301 cre\u0300me";  // e + combining accents
const std::string kComposedTitle = "Caf\u00E9 cr\u00E8me";
const std::string kWomanTechnologist = "\U0001F469\u200D\U0001F4BB";  // 👩‍💻, joined by a ZWJ

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

struct UserText : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser user = server.register_user("writer");

  // The field a 400 validation_failed names; a test failure for any other answer.
  static std::string refused_field(const HttpResult& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed") << r.body;
    if (r.status != 400) return "";
    return str(r.json().as_object()["error"].as_object()["details"].as_object()["field"]);
  }

  HttpResult create_video(const std::string& title) {
    return client.post("/api/videos", object{{"title", title}, {"visibility", "public"}}, user.access_token);
  }

  std::string video_id() {
    auto r = create_video("a video");
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    return str(r.json().as_object()["id"]);
  }

  std::int64_t count(const std::string& table) {
    return server.app().database().query("SELECT COUNT(*) AS n FROM " + table, {}).front().i64("n");
  }
};

TEST_F(UserText, a_video_title_of_only_zero_width_spaces_is_refused) {
  for (const std::string& title : {std::string(kZeroWidthSpace), std::string(kZeroWidthSpace) + kZeroWidthSpace,
                                   std::string(" ") + kZeroWidthSpace + kByteOrderMark + " ",
                                   std::string(kWordJoiner) + kZeroWidthJoiner}) {
    EXPECT_EQ(refused_field(create_video(title)), "title");
  }
  EXPECT_EQ(count("videos"), 0);
}

TEST_F(UserText, a_video_title_with_bidi_controls_is_refused_on_create_and_edit) {
  const std::string spoofed = std::string("invoice ") + kRightToLeftOverride + "4pm.exe";
  EXPECT_EQ(refused_field(create_video(spoofed)), "title");
  EXPECT_EQ(refused_field(create_video(std::string("a ") + kRightToLeftIsolate + "b" + kPopDirectionalIsolate)),
            "title");

  std::string id = video_id();
  auto r = client.patch("/api/videos/" + id, object{{"title", spoofed}}, user.access_token);
  EXPECT_EQ(refused_field(r), "title");
  EXPECT_EQ(str(client.get("/api/videos/" + id).json().as_object()["title"]), "a video");
}

TEST_F(UserText, a_title_typed_decomposed_is_stored_and_returned_in_nfc) {
  auto r = create_video(kDecomposedTitle);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json().as_object()["title"]), kComposedTitle);
  std::string id = str(r.json().as_object()["id"]);
  EXPECT_EQ(str(client.get("/api/videos/" + id).json().as_object()["title"]), kComposedTitle);

  // Both spellings are one tag.
  auto tagged = client.patch("/api/videos/" + id, object{{"tags", boost::json::array{"cre\u0300me", "cr\u00E8me"}}},
                             user.access_token);
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  EXPECT_EQ(tagged.json().as_object()["tags"], (boost::json::array{"cr\u00E8me"}));
}

TEST_F(UserText, emoji_built_with_zero_width_joiners_stay_in_titles_and_comments) {
  auto r = create_video("Coding night " + kWomanTechnologist);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(str(r.json().as_object()["title"]), "Coding night " + kWomanTechnologist);

  std::string id = str(r.json().as_object()["id"]);
  auto c = client.post("/api/videos/" + id + "/comments", object{{"text", kWomanTechnologist}}, user.access_token);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(str(c.json().as_object()["text"]), kWomanTechnologist);
}

TEST_F(UserText, a_display_name_with_a_bidi_isolate_or_nothing_visible_is_refused) {
  for (const std::string& name : {std::string("Jane ") + kRightToLeftIsolate + "eoD" + kPopDirectionalIsolate,
                                  std::string("admin") + kRightToLeftOverride, std::string(kZeroWidthSpace),
                                  std::string("\u3164"),  // HANGUL FILLER, drawn as nothing
                                  std::string("ad") + kZeroWidthJoiner + "min"}) {
    EXPECT_EQ(refused_field(client.patch("/api/me", object{{"display_name", name}}, user.access_token)),
              "display_name");
  }
  EXPECT_EQ(refused_field(client.patch("/api/me", object{{"bio", std::string("hi ") + kRightToLeftOverride}},
                                       user.access_token)),
            "bio");
  EXPECT_EQ(str(client.get("/api/me", user.access_token).json().as_object()["display_name"]), user.username);

  auto r = client.patch("/api/me", object{{"display_name", "Jose\u0301"}}, user.access_token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().as_object()["display_name"]), "Jos\u00E9");
}

TEST_F(UserText, a_playlist_title_of_only_zero_width_spaces_is_refused) {
  auto r = client.post("/api/playlists", object{{"title", kZeroWidthSpace}}, user.access_token);
  EXPECT_EQ(refused_field(r), "title");
  r = client.post("/api/playlists", object{{"title", std::string("Mix ") + kRightToLeftOverride + "pot"}},
                  user.access_token);
  EXPECT_EQ(refused_field(r), "title");

  auto created = client.post("/api/playlists", object{{"title", kDecomposedTitle}}, user.access_token);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(str(created.json().as_object()["title"]), kComposedTitle);
}

TEST_F(UserText, a_comment_of_only_zero_width_characters_is_refused) {
  std::string id = video_id();
  for (const std::string& text : {std::string(kZeroWidthSpace) + kZeroWidthSpace + kZeroWidthJoiner,
                                  std::string("\u200C\u2060\uFEFF\u00AD"), std::string(" \n") + kZeroWidthSpace}) {
    auto r = client.post("/api/videos/" + id + "/comments", object{{"text", text}}, user.access_token);
    EXPECT_EQ(refused_field(r), "text");
  }
  auto reordered = client.post("/api/videos/" + id + "/comments",
                               object{{"text", std::string("see ") + kRightToLeftOverride + "txt.exe"}},
                               user.access_token);
  EXPECT_EQ(refused_field(reordered), "text");
  EXPECT_EQ(count("comments"), 0);
}

TEST_F(UserText, an_email_with_a_bidi_override_or_zero_width_space_is_refused) {
  for (const std::string& email : {std::string("a") + kRightToLeftOverride + "b@example.com",
                                   std::string("ad") + kZeroWidthSpace + "min@example.com"}) {
    auto r = client.post("/api/auth/register",
                         object{{"email", email}, {"username", "spoofer"}, {"password", "password1"}});
    EXPECT_EQ(refused_field(r), "email");
  }
}

TEST_F(UserText, an_upload_named_with_hidden_characters_gets_a_title_without_them) {
  TestUser creator = server.user_with_role("creator", "maker");
  auto create = [&](const std::string& filename) {
    return client.request("POST", "/api/uploads", "",
                          {{"Tus-Resumable", "1.0.0"},
                           {"Authorization", "Bearer " + creator.access_token},
                           {"Upload-Length", "10"},
                           {"Upload-Metadata", "filename " + crypto::base64_encode(filename)}});
  };
  auto title_of = [&](const HttpResult& created) {
    std::string id(*created.headers.get("Marquee-Video-Id"));
    return str(client.get("/api/videos/" + id, creator.access_token).json().as_object()["title"]);
  };
  auto spoofed = create(std::string("clip") + kRightToLeftOverride + "4pm.exe.mp4");
  ASSERT_EQ(spoofed.status, 201) << spoofed.body;
  EXPECT_EQ(title_of(spoofed), "clip4pm.exe");

  auto invisible = create(std::string(kZeroWidthSpace) + ".mp4");
  ASSERT_EQ(invisible.status, 201) << invisible.body;
  EXPECT_EQ(title_of(invisible), "Untitled");
}

}  // namespace
}  // namespace marquee::testing
