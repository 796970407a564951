// Who may call what: every route the server has, called as anonymous, another user, the
// owner, a moderator and an admin, with the status each must get. A route missing from
// the matrix fails the test, so the matrix grows with every feature.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "app/App.h"
#include "db/Database.h"
#include "http/Router.h"
#include "support/Eventually.h"
#include "support/MediaFixtures.h"
#include "support/StudioFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

enum Actor { anonymous, stranger, owner, moderator, admin };
constexpr const char* kActorNames[] = {"anonymous", "stranger", "owner", "moderator", "admin"};

struct World {
  TestServer& server;
  TestUser stranger_user, owner_user, moderator_user, admin_user;
  std::string public_video, private_video;

  const std::string& token(Actor a) const {
    static const std::string none;
    switch (a) {
      case stranger: return stranger_user.access_token;
      case owner: return owner_user.access_token;
      case moderator: return moderator_user.access_token;
      case admin: return admin_user.access_token;
      default: return none;
    }
  }

  // A fresh upload of the owner's, three bytes long.
  std::string new_upload() {
    auto r = server.client().request("POST", "/api/uploads", "",
                                     {{"Tus-Resumable", "1.0.0"},
                                      {"Upload-Length", "3"},
                                      {"Authorization", "Bearer " + owner_user.access_token}});
    if (r.status != 201) throw std::runtime_error("upload create failed: " + r.body);
    return std::string(*r.headers.get("Location"));
  }

  // A chat message of the admin's under the public video (chat is posted through sockets;
  // the matrix covers the HTTP routes).
  std::string new_chat_message() {
    static int n = 0;
    std::string id = "matrixchat" + std::to_string(++n);
    server.app().database().execute(
        "INSERT INTO chat_messages (id, video_id, user_id, text, created_at) VALUES (?, ?, ?, 'hi', 1)",
        {id, public_video, admin_user.id});
    return id;
  }

  std::string new_video(const std::string& visibility) {
    auto r = server.client().post("/api/videos", object{{"title", "matrix"}, {"visibility", visibility}},
                                  owner_user.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    return std::string(r.json().as_object()["id"].as_string());
  }
};

struct Call {
  std::string target;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Case {
  std::string method;
  std::string pattern;  // the router's pattern this case covers
  // Builds the request for one actor (fresh resources where the call consumes them).
  std::function<Call(World&, Actor)> request;
  std::array<int, 5> expected;  // by Actor
};

Call fixed(std::string target, std::string body = "") { return {target, body, {}}; }

const std::vector<std::pair<std::string, std::string>> kTus = {{"Tus-Resumable", "1.0.0"}};

Call tus_call(std::string target, std::vector<std::pair<std::string, std::string>> extra = {}, std::string body = "") {
  auto headers = kTus;
  headers.insert(headers.end(), extra.begin(), extra.end());
  return {target, body, headers};
}

// A fresh playlist of the owner's, holding the owner's public video when `with_video`.
std::string owner_playlist(World& w, const std::string& visibility, bool with_video = false) {
  auto r = w.server.client().post("/api/playlists", object{{"title", "matrix"}, {"visibility", visibility}},
                                  w.owner_user.access_token);
  if (r.status != 201) throw std::runtime_error("playlist create failed: " + r.body);
  std::string id(r.json().as_object()["id"].as_string());
  if (with_video) {
    auto added = w.server.client().post("/api/playlists/" + id + "/items", object{{"video_id", w.public_video}},
                                        w.owner_user.access_token);
    if (added.status != 201) throw std::runtime_error("playlist add failed: " + added.body);
  }
  return id;
}

// A fresh comment by `author` on `video_id`.
std::string new_comment(World& w, const TestUser& author, const std::string& video_id) {
  auto r = w.server.client().post("/api/videos/" + video_id + "/comments", object{{"text", "matrix"}},
                                  author.access_token);
  if (r.status != 201) throw std::runtime_error("comment create failed: " + r.body);
  return std::string(r.json().as_object()["id"].as_string());
}

// A fresh open case: the stranger reports a fresh public video of the owner's.
std::string new_case(World& w) {
  const std::string video = w.new_video("public");
  auto r = w.server.client().post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", "spam_or_misleading"}},
                                  w.stranger_user.access_token);
  if (r.status != 201) throw std::runtime_error("report failed: " + r.body);
  auto rows = w.server.app().database().query("SELECT case_id FROM reports WHERE id = ?",
                                              {std::string(r.json().as_object()["id"].as_string())});
  return rows.front().str("case_id");
}

// A fresh warning to the owner, which only the owner may appeal.
std::string new_warning(World& w) {
  auto r = w.server.client().post("/api/moderation/cases/" + new_case(w) + "/actions",
                                  object{{"action", "warn"}, {"public_reason", "matrix"}}, w.moderator_user.access_token);
  if (r.status != 201) throw std::runtime_error("warn failed: " + r.body);
  return std::string(r.json().as_object()["id"].as_string());
}

// A DMCA notice's body naming `video`.
std::string notice_body(const std::string& video) {
  return boost::json::serialize(object{{"signature", "/s/ Rights Holder"},
                                       {"work", "My film"},
                                       {"infringing_urls", boost::json::array{"https://example.com/watch/" + video}},
                                       {"name", "Rights Holder"},
                                       {"email", "rights@example.com"},
                                       {"address", "1 Main St"},
                                       {"phone", "+1 555 0100"},
                                       {"good_faith_statement", true},
                                       {"accuracy_and_authority_statement", true}});
}

// A fresh notice, sent by the stranger, against a fresh public video of the owner's.
std::pair<std::string, std::string> new_notice(World& w) {
  const std::string video = w.new_video("public");
  auto r = w.server.client().request("POST", "/api/dmca/notices", notice_body(video),
                                     {{"Authorization", "Bearer " + w.stranger_user.access_token},
                                      {"Content-Type", "application/json"}});
  if (r.status != 201) throw std::runtime_error("notice failed: " + r.body);
  return {std::string(r.json().as_object()["id"].as_string()), video};
}

// A photo for studio clips, made once.
const std::string& matrix_photo() {
  static const std::string photo = [] {
    const std::string path = std::filesystem::temp_directory_path() / ("marquee-matrix-photo-" + std::to_string(::getpid()) + ".jpg");
    if (std::system(("ffmpeg -v error -y -f lavfi -i testsrc2=s=320x240 -frames:v 1 '" + path + "'").c_str()) != 0) {
      throw std::runtime_error("ffmpeg could not make the matrix photo");
    }
    std::string bytes = read_file(path);
    std::filesystem::remove(path);
    return bytes;
  }();
  return photo;
}

// A fresh studio project of the owner's (small frames: its clips are quick to make).
std::string owner_project(World& w) {
  auto r = w.server.client().post("/api/studio/projects",
                                  object{{"title", "matrix"}, {"width", 256}, {"height", 144}},
                                  w.owner_user.access_token);
  if (r.status != 201) throw std::runtime_error("project create failed: " + r.body);
  return std::string(r.json().as_object()["id"].as_string());
}

// A fresh clip of the owner's, {project, clip}; settled (ready) when `ready`.
std::pair<std::string, std::string> owner_clip(World& w, bool ready = false) {
  const std::string project = owner_project(w);
  auto r = w.server.client().request("POST", "/api/studio/projects/" + project + "/clips?duration_ms=1000", matrix_photo(),
                                     {{"Authorization", "Bearer " + w.owner_user.access_token},
                                      {"Content-Type", "image/jpeg"}});
  if (r.status != 201) throw std::runtime_error("clip create failed: " + r.body);
  const std::string clip(r.json().as_object()["id"].as_string());
  if (ready && !eventually([&] {
        auto got = w.server.client().get("/api/studio/projects/" + project + "/clips/" + clip, w.owner_user.access_token);
        return got.json().as_object()["status"] != "generating";
      }, std::chrono::seconds(60))) {
    throw std::runtime_error("the matrix clip never settled");
  }
  return {project, clip};
}

// The owner's clip's photo by its signed URL.
std::string owner_clip_image_url(World& w) {
  auto [project, clip] = owner_clip(w);
  auto r = w.server.client().get("/api/studio/projects/" + project + "/clips/" + clip, w.owner_user.access_token);
  return std::string(r.json().as_object()["image_url"].as_string());
}

// A small PNG, as a profile picture's body.
Call picture_call(std::string target) {
  static const std::string png = make_image("testsrc2", 160, 120, "png");
  return {std::move(target), png, {{"Content-Type", "image/png"}}};
}

// The URL of the owner's avatar, set once.
std::string owner_avatar_url(World& w) {
  static std::map<const TestServer*, std::string> urls;
  auto& url = urls[&w.server];
  if (url.empty()) {
    const Call call = picture_call("/api/me/avatar");
    auto r = w.server.client().request("PUT", call.target, call.body,
                                       {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + w.owner_user.access_token}});
    if (r.status != 200) throw std::runtime_error("avatar upload failed: " + r.body);
    url = std::string(r.json().as_object()["avatar_url"].as_string());
  }
  return url;
}

// A ready clip of the owner's compiled once: {project, final video}, settled.
std::pair<std::string, std::string> owner_final(World& w) {
  auto [project, clip] = owner_clip(w, true);
  auto r = w.server.client().post("/api/studio/projects/" + project + "/compile",
                                  object{{"clip_ids", boost::json::array{clip}}}, w.owner_user.access_token);
  if (r.status != 202) throw std::runtime_error("compile failed: " + r.body);
  return {project, std::string(r.json().as_object()["id"].as_string())};
}

// A music track of the admin's.
std::string admin_track(World& w) {
  static const std::string tone = [] {
    const std::string path = std::filesystem::temp_directory_path() / ("marquee-matrix-tone-" + std::to_string(::getpid()) + ".mp3");
    if (std::system(("ffmpeg -v error -y -f lavfi -i sine -t 1 '" + path + "'").c_str()) != 0) {
      throw std::runtime_error("ffmpeg could not make the matrix tone");
    }
    std::string bytes = read_file(path);
    std::filesystem::remove(path);
    return bytes;
  }();
  auto r = w.server.client().request("POST", "/api/admin/music?title=matrix", tone,
                                     {{"Authorization", "Bearer " + w.admin_user.access_token}, {"Content-Type", "audio/mpeg"}});
  if (r.status != 201) throw std::runtime_error("track add failed: " + r.body);
  return std::string(r.json().as_object()["id"].as_string());
}

// A credit pack on sale, made by the admin.
std::string admin_pack(World& w) {
  auto r = w.server.client().post("/api/admin/credit-packs",
                                  object{{"name", "matrix"}, {"credits", 10}, {"amount_cents", 500}, {"currency", "usd"}},
                                  w.admin_user.access_token);
  if (r.status != 201) throw std::runtime_error("pack create failed: " + r.body);
  return std::string(r.json().as_object()["id"].as_string());
}

// A payment of the owner's (pending: no provider answers in the matrix).
std::string owner_payment(World& w, const std::string& pack) {
  const std::string id = "matrixpay" + std::to_string(std::rand());
  w.server.app().database().execute(
      "INSERT INTO payments (id, user_id, pack_id, provider, credits, amount_cents, currency, status, created_at, updated_at) "
      "VALUES (?, ?, ?, 'stripe', 10, 500, 'usd', 'pending', 1, 1)",
      {id, w.owner_user.id, pack});
  return id;
}

std::vector<Case> matrix() {
  auto unique_registration = [](World&, Actor a) {
    static int n = 0;
    std::string name = std::string("m_") + kActorNames[a] + "_" + std::to_string(++n);
    return fixed("/api/auth/register",
                 boost::json::serialize(object{{"email", name + "@example.com"}, {"username", name}, {"password", "password123"}}));
  };
  return {
      {"GET", "/api/health", [](World&, Actor) { return fixed("/api/health"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/ready", [](World&, Actor) { return fixed("/api/ready"); }, {200, 200, 200, 200, 200}},
      {"GET", "/metrics", [](World&, Actor) { return fixed("/metrics"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/openapi.json", [](World&, Actor) { return fixed("/api/openapi.json"); }, {200, 200, 200, 200, 200}},
      {"POST", "/api/auth/register", unique_registration, {201, 201, 201, 201, 201}},
      // The browser's own session: anyone asks; a visitor is told user: null, not 401.
      {"GET", "/api/auth/session", [](World&, Actor) { return fixed("/api/auth/session"); }, {200, 200, 200, 200, 200}},
      // The first run: anyone may ask; once an admin exists nobody (not even an admin) makes another.
      {"GET", "/api/setup", [](World&, Actor) { return fixed("/api/setup"); }, {200, 200, 200, 200, 200}},
      {"POST", "/api/setup/admin",
       [](World&, Actor) {
         return fixed("/api/setup/admin", boost::json::serialize(object{{"email", "late@example.com"},
                                                                         {"username", "late"}, {"password", "password123"}}));
       },
       {409, 409, 409, 409, 409}},
      // The web app's files are public (none are built beside the test binary: 404 for all).
      {"GET", "/assets/{name}", [](World&, Actor) { return fixed("/assets/main-XXXX.js"); }, {404, 404, 404, 404, 404}},
      {"POST", "/api/auth/login",
       [](World& w, Actor) {
         return fixed("/api/auth/login", boost::json::serialize(object{{"login", w.owner_user.username},
                                                                        {"password", w.owner_user.password}}));
       },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/auth/refresh",
       [](World& w, Actor) {
         auto fresh = w.server.sign_in(w.owner_user);
         return fixed("/api/auth/refresh", boost::json::serialize(object{{"refresh_token", fresh.refresh_token}}));
       },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/auth/logout", [](World&, Actor) { return fixed("/api/auth/logout", "{}"); },
       {204, 204, 204, 204, 204}},
      {"GET", "/api/me", [](World&, Actor) { return fixed("/api/me"); }, {401, 200, 200, 200, 200}},
      {"PATCH", "/api/me", [](World&, Actor) { return fixed("/api/me", R"({"bio":"hi"})"); }, {401, 200, 200, 200, 200}},
      {"GET", "/api/users/{username}", [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username); },
       {200, 200, 200, 200, 200}},
      {"PATCH", "/api/admin/users/{id}",
       [](World& w, Actor) { return fixed("/api/admin/users/" + w.stranger_user.id, R"({"is_premium":false})"); },
       {401, 403, 403, 403, 200}},
      {"POST", "/api/videos", [](World&, Actor) { return fixed("/api/videos", R"({"title":"new"})"); },
       {401, 201, 201, 201, 201}},
      {"GET", "/api/videos", [](World& w, Actor) { return fixed("/api/videos?channel=" + w.owner_user.username); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}", [](World& w, Actor) { return fixed("/api/videos/" + w.private_video); },
       {404, 404, 200, 200, 200}},
      {"GET", "/api/videos/{id}", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video); },
       {200, 200, 200, 200, 200}},
      {"PATCH", "/api/videos/{id}",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video, R"({"description":"edited"})"); },
       {401, 403, 200, 200, 200}},
      {"PATCH", "/api/videos/{id}",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video, R"({"description":"edited"})"); },
       {401, 404, 200, 200, 200}},
      {"DELETE", "/api/videos/{id}", [](World& w, Actor) { return fixed("/api/videos/" + w.new_video("public")); },
       {401, 403, 204, 204, 204}},
      {"DELETE", "/api/videos/{id}", [](World& w, Actor) { return fixed("/api/videos/" + w.new_video("private")); },
       {401, 404, 204, 204, 204}},
      // Ratings and comments: signed-in users act on videos they may see; reading follows the
      // video's visibility; the author edits; author, video owner and moderators delete.
      {"POST", "/api/videos/{id}/like", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/like"); },
       {401, 200, 200, 200, 200}},
      {"POST", "/api/videos/{id}/like", [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/like"); },
       {401, 404, 200, 200, 200}},
      {"PUT", "/api/videos/{id}/rating",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/rating", R"({"rating":"dislike"})"); },
       {401, 200, 200, 200, 200}},
      {"PUT", "/api/videos/{id}/rating",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/rating", R"({"rating":"like"})"); },
       {401, 404, 200, 200, 200}},
      {"GET", "/api/videos/{id}/rating", [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/rating"); },
       {401, 404, 200, 200, 200}},
      {"GET", "/api/me/liked", [](World&, Actor) { return fixed("/api/me/liked"); }, {401, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/comments",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/comments"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/comments",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/comments"); }, {404, 404, 200, 200, 200}},
      {"POST", "/api/videos/{id}/comments",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/comments", R"({"text":"hi"})"); },
       {401, 201, 201, 201, 201}},
      {"POST", "/api/videos/{id}/comments",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/comments", R"({"text":"hi"})"); },
       {401, 404, 201, 201, 201}},
      {"POST", "/api/videos/{id}/comment",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/comment", R"({"text":"hi"})"); },
       {401, 404, 201, 201, 201}},
      {"GET", "/api/comments/{id}",
       [](World& w, Actor) { return fixed("/api/comments/" + new_comment(w, w.owner_user, w.private_video)); },
       {404, 404, 200, 200, 200}},
      {"GET", "/api/comments/{id}/replies",
       [](World& w, Actor) { return fixed("/api/comments/" + new_comment(w, w.owner_user, w.private_video) + "/replies"); },
       {404, 404, 200, 200, 200}},
      {"PATCH", "/api/comments/{id}",
       [](World& w, Actor) {
         return fixed("/api/comments/" + new_comment(w, w.owner_user, w.public_video), R"({"text":"edited"})");
       },
       {401, 403, 200, 403, 403}},
      {"DELETE", "/api/comments/{id}",
       [](World& w, Actor) { return fixed("/api/comments/" + new_comment(w, w.owner_user, w.public_video)); },
       {401, 403, 204, 204, 204}},
      {"DELETE", "/api/comments/{id}",
       [](World& w, Actor) { return fixed("/api/comments/" + new_comment(w, w.stranger_user, w.public_video)); },
       {401, 204, 204, 204, 204}},
      {"POST", "/api/comments/{id}/like",
       [](World& w, Actor) { return fixed("/api/comments/" + new_comment(w, w.owner_user, w.private_video) + "/like"); },
       {401, 404, 200, 200, 200}},
      // Uploads: creators and above create; an upload is its owner's alone.
      {"OPTIONS", "/api/uploads", [](World&, Actor) { return fixed("/api/uploads"); }, {204, 204, 204, 204, 204}},
      {"POST", "/api/uploads", [](World&, Actor) { return tus_call("/api/uploads", {{"Upload-Length", "3"}}); },
       {401, 403, 201, 201, 201}},
      {"HEAD", "/api/uploads/{id}", [](World& w, Actor) { return tus_call(w.new_upload()); }, {401, 404, 200, 404, 404}},
      {"PATCH", "/api/uploads/{id}",
       [](World& w, Actor) {
         return tus_call(w.new_upload(), {{"Upload-Offset", "0"}, {"Content-Type", "application/offset+octet-stream"}},
                         "ab");
       },
       {401, 404, 204, 404, 404}},
      {"DELETE", "/api/uploads/{id}", [](World& w, Actor) { return tus_call(w.new_upload()); }, {401, 404, 204, 404, 404}},
      {"POST", "/api/videos/{id}/source",
       [](World& w, Actor) {
         return Call{"/api/videos/" + w.new_video("public") + "/source", "abc", {{"Content-Type", "video/mp4"}}};
       },
       {401, 403, 201, 403, 403}},
      {"POST", "/api/uploads/ticket", [](World&, Actor) { return fixed("/api/uploads/ticket", R"({"title":"t"})"); },
       {401, 403, 201, 201, 201}},
      {"PUT", "/api/uploads/ticket/{token}",
       [](World& w, Actor) {
         auto r = w.server.client().post("/api/uploads/ticket", boost::json::object{{"title", "t"}},
                                         w.owner_user.access_token);
         return Call{std::string(r.json().as_object()["upload_url"].as_string()), "abc", {{"Content-Type", "video/mp4"}}};
       },
       {201, 201, 201, 201, 201}},
      // Direct-to-store uploads: creators and above; this server's store is local, so an allowed
      // caller hears 409 (ObjectStorageTest covers the S3 store).
      {"POST", "/api/uploads/presigned",
       [](World&, Actor) { return fixed("/api/uploads/presigned", R"({"size":3})"); }, {401, 403, 409, 409, 409}},
      {"POST", "/api/uploads/presigned/{id}/complete",
       [](World& w, Actor) { return fixed("/api/uploads/presigned/" + w.new_upload().substr(13) + "/complete", "{}"); },
       {401, 404, 404, 404, 404}},
      // Playback: the video's visibility decides; drafts have nothing to play yet (409).
      {"GET", "/api/videos/{id}/playback", [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/playback"); },
       {404, 404, 409, 409, 409}},
      {"GET", "/api/videos/{id}/playback", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/playback"); },
       {409, 409, 409, 409, 409}},
      {"GET", "/media/videos/{id}/{file*}",
       [](World& w, Actor) { return fixed("/media/videos/" + w.private_video + "/hls/master.m3u8"); },
       {404, 404, 404, 404, 404}},
      // Views: anyone who may see a video sends beacons; history is the caller's own;
      // retention is for the owner and moderators; deleting an account needs its password.
      {"POST", "/api/videos/{id}/views",
       [](World& w, Actor) {
         return fixed("/api/videos/" + w.public_video + "/views",
                      R"({"position_ms":0,"watched_ms":0,"session_id":"matrix"})");
       },
       {202, 202, 202, 202, 202}},
      {"POST", "/api/videos/{id}/views",
       [](World& w, Actor) {
         return fixed("/api/videos/" + w.private_video + "/views",
                      R"({"position_ms":0,"watched_ms":0,"session_id":"matrix"})");
       },
       {404, 404, 202, 202, 202}},
      {"GET", "/api/videos/{id}/progress", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/progress"); },
       {401, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/progress",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/progress"); }, {401, 404, 200, 200, 200}},
      {"GET", "/api/me/history", [](World&, Actor) { return fixed("/api/me/history"); }, {401, 200, 200, 200, 200}},
      {"DELETE", "/api/me/history", [](World&, Actor) { return fixed("/api/me/history"); }, {401, 204, 204, 204, 204}},
      {"DELETE", "/api/me/history/{video_id}",
       [](World& w, Actor) { return fixed("/api/me/history/" + w.public_video); }, {401, 204, 204, 204, 204}},
      {"GET", "/api/me/history/settings", [](World&, Actor) { return fixed("/api/me/history/settings"); },
       {401, 200, 200, 200, 200}},
      {"PUT", "/api/me/history/settings", [](World&, Actor) { return fixed("/api/me/history/settings", R"({"paused":false})"); },
       {401, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/retention",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/retention"); }, {401, 403, 200, 200, 200}},
      {"GET", "/api/videos/{id}/retention",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/retention"); }, {401, 404, 200, 200, 200}},
      {"PATCH", "/api/videos/{id}/retention",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/retention", R"({"days":365})"); },
       {401, 403, 200, 200, 200}},
      {"PATCH", "/api/videos/{id}/retention",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/retention", R"({"days":null})"); },
       {401, 404, 200, 200, 200}},
      {"DELETE", "/api/me", [](World&, Actor) { return fixed("/api/me", R"({"password":"not the password"})"); },
       {401, 403, 403, 403, 403}},
      // Job administration.
      {"GET", "/api/admin/jobs", [](World&, Actor) { return fixed("/api/admin/jobs"); }, {401, 403, 403, 403, 200}},
      {"POST", "/api/admin/jobs/{id}/retry", [](World&, Actor) { return fixed("/api/admin/jobs/nosuchjob000/retry", "{}"); },
       {401, 403, 403, 403, 404}},
      // Playlists: a private one is its owner's alone, moderators included; only the owner
      // edits; moderators may delete public ones.
      {"POST", "/api/playlists", [](World&, Actor) { return fixed("/api/playlists", R"({"title":"new"})"); },
       {401, 201, 201, 201, 201}},
      {"GET", "/api/playlists/{id}", [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "public")); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/playlists/{id}", [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "private")); },
       {404, 404, 200, 404, 404}},
      {"PATCH", "/api/playlists/{id}",
       [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "public"), R"({"title":"edited"})"); },
       {401, 403, 200, 403, 403}},
      {"PATCH", "/api/playlists/{id}",
       [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "private"), R"({"title":"edited"})"); },
       {401, 404, 200, 404, 404}},
      {"DELETE", "/api/playlists/{id}", [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "public")); },
       {401, 403, 204, 204, 204}},
      {"DELETE", "/api/playlists/{id}", [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "private")); },
       {401, 404, 204, 404, 404}},
      {"GET", "/api/playlists/{id}/items",
       [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "public", true) + "/items"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/playlists/{id}/items",
       [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "private", true) + "/items"); },
       {404, 404, 200, 404, 404}},
      {"POST", "/api/playlists/{id}/items",
       [](World& w, Actor) {
         return fixed("/api/playlists/" + owner_playlist(w, "public") + "/items",
                      boost::json::serialize(object{{"video_id", w.public_video}}));
       },
       {401, 403, 201, 403, 403}},
      {"DELETE", "/api/playlists/{id}/items/{video_id}",
       [](World& w, Actor) { return fixed("/api/playlists/" + owner_playlist(w, "public", true) + "/items/" + w.public_video); },
       {401, 403, 204, 403, 403}},
      {"PUT", "/api/playlists/{id}/items/{video_id}/position",
       [](World& w, Actor) {
         return fixed("/api/playlists/" + owner_playlist(w, "public", true) + "/items/" + w.public_video + "/position",
                      R"({"position":0})");
       },
       {401, 403, 200, 403, 403}},
      {"GET", "/api/me/playlists", [](World&, Actor) { return fixed("/api/me/playlists"); }, {401, 200, 200, 200, 200}},
      {"GET", "/api/users/{username}/playlists",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/playlists"); },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/me/watch-later",
       [](World& w, Actor) { return fixed("/api/me/watch-later", boost::json::serialize(object{{"video_id", w.public_video}})); },
       {401, 201, 201, 201, 201}},
      {"POST", "/api/me/saved",
       [](World& w, Actor) { return fixed("/api/me/saved", boost::json::serialize(object{{"video_id", w.public_video}})); },
       {401, 201, 201, 201, 201}},
      // Channels: anyone lists a channel's videos; signed-in users follow others, not themselves.
      {"GET", "/api/users/{username}/videos",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/videos"); },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/users/{username}/subscription",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/subscription", "{}"); },
       {401, 201, 400, 201, 201}},
      {"DELETE", "/api/users/{username}/subscription",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/subscription"); },
       {401, 204, 204, 204, 204}},
      {"GET", "/api/me/subscriptions", [](World&, Actor) { return fixed("/api/me/subscriptions"); },
       {401, 200, 200, 200, 200}},
      // Blocks: signed-in users block others, not themselves; unblocking is idempotent.
      {"POST", "/api/users/{username}/block",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/block", "{}"); },
       {401, 201, 400, 201, 201}},
      {"DELETE", "/api/users/{username}/block",
       [](World& w, Actor) { return fixed("/api/users/" + w.owner_user.username + "/block"); },
       {401, 204, 204, 204, 204}},
      {"GET", "/api/me/blocks", [](World&, Actor) { return fixed("/api/me/blocks"); }, {401, 200, 200, 200, 200}},
      // Feeds: open to everyone but the subscriptions feed, which is the caller's own.
      {"GET", "/api/videos/feed", [](World&, Actor) { return fixed("/api/videos/feed?adult=true"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/feed/subscriptions", [](World&, Actor) { return fixed("/api/feed/subscriptions"); },
       {401, 200, 200, 200, 200}},
      {"GET", "/api/feed/trending", [](World&, Actor) { return fixed("/api/feed/trending?window=7d"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/feed/reels", [](World&, Actor) { return fixed("/api/feed/reels?session=matrix"); },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/admin/feeds/refresh", [](World&, Actor) { return fixed("/api/admin/feeds/refresh", "{}"); },
       {401, 403, 403, 403, 200}},
      // Search: open to everyone (what it finds follows each caller's rules: SearchTest); its
      // statistics and refresh are for admins.
      {"GET", "/api/search", [](World&, Actor) { return fixed("/api/search?q=matrix&type=all"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/search/suggest", [](World&, Actor) { return fixed("/api/search/suggest?q=ma"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/tags", [](World&, Actor) { return fixed("/api/tags?prefix=m"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/tags/{tag}/videos", [](World&, Actor) { return fixed("/api/tags/matrix/videos"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/categories", [](World&, Actor) { return fixed("/api/categories"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/admin/search/stats", [](World&, Actor) { return fixed("/api/admin/search/stats"); },
       {401, 403, 403, 403, 200}},
      {"POST", "/api/admin/search/refresh", [](World&, Actor) { return fixed("/api/admin/search/refresh", "{}"); },
       {401, 403, 403, 403, 204}},
      // Moderation: reports by anyone signed in (anonymous reports are off by default; one's own
      // content cannot be reported), the queue and its actions for moderators, appeals by the
      // user an action affected, the audit log and site settings for admins.
      {"POST", "/api/reports",
       [](World& w, Actor) {
         return fixed("/api/reports", boost::json::serialize(object{
                                          {"target", "video"}, {"target_id", w.new_video("public")}, {"reason", "other"}}));
       },
       {401, 201, 400, 201, 201}},
      {"GET", "/api/me/reports", [](World&, Actor) { return fixed("/api/me/reports"); }, {401, 200, 200, 200, 200}},
      {"GET", "/api/moderation/cases", [](World&, Actor) { return fixed("/api/moderation/cases"); },
       {401, 403, 403, 200, 200}},
      {"GET", "/api/moderation/cases/{id}",
       [](World& w, Actor) { return fixed("/api/moderation/cases/" + new_case(w)); }, {401, 403, 403, 200, 200}},
      {"POST", "/api/moderation/cases/{id}/actions",
       [](World& w, Actor) {
         return fixed("/api/moderation/cases/" + new_case(w) + "/actions", R"({"action":"dismiss"})");
       },
       {401, 403, 403, 201, 201}},
      {"POST", "/api/moderation/appeals",
       [](World& w, Actor) {
         return fixed("/api/moderation/appeals",
                      boost::json::serialize(object{{"action_id", new_warning(w)}, {"text", "it was fine"}}));
       },
       {401, 404, 201, 404, 404}},
      {"GET", "/api/admin/audit", [](World&, Actor) { return fixed("/api/admin/audit"); }, {401, 403, 403, 403, 200}},
      {"GET", "/api/admin/settings", [](World&, Actor) { return fixed("/api/admin/settings"); },
       {401, 403, 403, 403, 200}},
      {"PATCH", "/api/admin/settings",
       [](World&, Actor) { return fixed("/api/admin/settings", R"({"dmca.agent_name":"Copyright Agent"})"); },
       {401, 403, 403, 403, 200}},
      // DMCA: anyone sends a notice; its sender, the uploader and moderators read it; the uploader
      // counters; moderators record a court action.
      {"POST", "/api/dmca/notices", [](World& w, Actor) { return fixed("/api/dmca/notices", notice_body(w.new_video("public"))); },
       {201, 201, 201, 201, 201}},
      {"GET", "/api/dmca/notices/{id}",
       [](World& w, Actor) { return fixed("/api/dmca/notices/" + new_notice(w).first); }, {404, 200, 200, 200, 200}},
      {"POST", "/api/dmca/counter-notices",
       [](World& w, Actor) {
         auto [notice, video] = new_notice(w);
         return fixed("/api/dmca/counter-notices",
                      boost::json::serialize(object{{"notice_id", notice}, {"video_id", video}, {"signature", "/s/ Owner"},
                                                    {"mistake_statement", true}, {"name", "Owner"}, {"address", "2 Side St"},
                                                    {"phone", "+1 555 0101"}, {"jurisdiction_consent", true}}));
       },
       {401, 404, 201, 404, 404}},
      {"POST", "/api/dmca/notices/{id}/court-action",
       [](World& w, Actor) { return fixed("/api/dmca/notices/" + new_notice(w).first + "/court-action", "{}"); },
       {401, 403, 403, 200, 200}},
      {"GET", "/api/me/strikes", [](World&, Actor) { return fixed("/api/me/strikes"); }, {401, 200, 200, 200, 200}},
      {"GET", "/dmca", [](World&, Actor) { return fixed("/dmca"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/age-gate", [](World&, Actor) { return fixed("/api/age-gate"); }, {200, 200, 200, 200, 200}},
      {"POST", "/api/age-gate", [](World&, Actor) { return fixed("/api/age-gate", R"({"confirm":true})"); },
       {200, 200, 200, 200, 200}},
      {"DELETE", "/api/age-gate", [](World&, Actor) { return fixed("/api/age-gate"); }, {204, 204, 204, 204, 204}},
      // Recommendations: similar videos of a video the caller may watch; for-you for everyone
      // (anonymous callers get the home feed); the refresh is the admins'.
      {"GET", "/api/videos/{id}/similar",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/similar"); }, {200, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/similar",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/similar"); }, {404, 404, 200, 200, 200}},
      {"GET", "/api/feed/for-you", [](World&, Actor) { return fixed("/api/feed/for-you?adult=true"); },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/admin/recs/refresh", [](World&, Actor) { return fixed("/api/admin/recs/refresh", "{}"); },
       {401, 403, 403, 403, 200}},
      // Live chat: read by whoever may watch the video; a message is deleted by its author
      // (here the admin), the video's owner and moderators.
      {"GET", "/api/videos/{id}/chat", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/chat"); },
       {200, 200, 200, 200, 200}},
      {"GET", "/api/videos/{id}/chat",
       [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/chat"); }, {404, 404, 200, 200, 200}},
      {"DELETE", "/api/videos/{id}/chat/{message_id}",
       [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/chat/" + w.new_chat_message()); },
       {401, 403, 204, 204, 204}},
      // Notifications: each user's own.
      {"GET", "/api/me/notifications", [](World&, Actor) { return fixed("/api/me/notifications"); },
       {401, 200, 200, 200, 200}},
      {"POST", "/api/me/notifications/read", [](World&, Actor) { return fixed("/api/me/notifications/read", R"({"all":true})"); },
       {401, 200, 200, 200, 200}},
      {"GET", "/api/me/notification-settings", [](World&, Actor) { return fixed("/api/me/notification-settings"); },
       {401, 200, 200, 200, 200}},
      {"PATCH", "/api/me/notification-settings",
       [](World&, Actor) { return fixed("/api/me/notification-settings", R"({"like_milestone":true})"); },
       {401, 200, 200, 200, 200}},
      {"POST", "/api/me/password",
       [](World&, Actor) {
         return fixed("/api/me/password", R"({"current_password":"not the password","new_password":"a new password"})");
       },
       {401, 403, 403, 403, 403}},
      {"GET", "/api/me/sessions", [](World&, Actor) { return fixed("/api/me/sessions"); }, {401, 200, 200, 200, 200}},
      // Another account's session, or none: either way not the caller's to end.
      {"DELETE", "/api/me/sessions/{id}", [](World&, Actor) { return fixed("/api/me/sessions/not-a-session"); },
       {401, 404, 404, 404, 404}},
      {"POST", "/api/me/2fa/totp", [](World&, Actor) { return fixed("/api/me/2fa/totp", "{}"); },
       {401, 201, 201, 201, 201}},
      {"POST", "/api/me/2fa/totp/confirm", [](World&, Actor) { return fixed("/api/me/2fa/totp/confirm", "{}"); },
       {401, 400, 400, 400, 400}},
      {"DELETE", "/api/me/2fa/totp",
       [](World&, Actor) { return fixed("/api/me/2fa/totp", R"({"password":"x","totp":"123456"})"); },
       {401, 404, 404, 404, 404}},
      {"POST", "/api/admin/users/{id}/password-reset",
       [](World& w, Actor) {
         return fixed("/api/admin/users/" + w.server.register_user("victim").id + "/password-reset", "{}");
       },
       {401, 403, 403, 403, 204}},
      {"GET", "/api/admin/fingerprints/lists", [](World&, Actor) { return fixed("/api/admin/fingerprints/lists"); },
       {401, 403, 403, 403, 200}},
      {"GET", "/api/admin/fingerprints/hashes", [](World&, Actor) { return fixed("/api/admin/fingerprints/hashes"); },
       {401, 403, 403, 403, 200}},
      {"POST", "/api/admin/fingerprints/lists",
       [](World&, Actor) {
         return Call{"/api/admin/fingerprints/lists?label=matrix", std::string(64, 'a') + "\n", {{"Content-Type", "text/plain"}}};
       },
       {401, 403, 403, 403, 201}},
      {"DELETE", "/api/admin/fingerprints/lists/{id}",
       [](World&, Actor) { return fixed("/api/admin/fingerprints/lists/import:none"); }, {401, 403, 403, 403, 404}},
      // The studio is its owner's alone: others find nothing (404), whoever they are.
      {"GET", "/api/me/credits", [](World&, Actor) { return fixed("/api/me/credits"); }, {401, 200, 200, 200, 200}},
      {"POST", "/api/studio/projects", [](World&, Actor) { return fixed("/api/studio/projects", R"({"title":"new"})"); },
       {401, 201, 201, 201, 201}},
      {"GET", "/api/studio/projects", [](World&, Actor) { return fixed("/api/studio/projects"); }, {401, 200, 200, 200, 200}},
      // A video's analytics: its owner and admins; moderators and strangers find nothing.
      {"GET", "/api/studio/videos/{id}/analytics",
       [](World& w, Actor) { return fixed("/api/studio/videos/" + w.public_video + "/analytics?from=2026-01-01&to=2026-01-31"); },
       {401, 404, 200, 404, 200}},
      {"GET", "/api/studio/videos/{id}/analytics",
       [](World& w, Actor) { return fixed("/api/studio/videos/" + w.private_video + "/analytics"); },
       {401, 404, 200, 404, 200}},
      {"GET", "/api/studio/projects/{id}", [](World& w, Actor) { return fixed("/api/studio/projects/" + owner_project(w)); },
       {401, 404, 200, 404, 404}},
      {"PATCH", "/api/studio/projects/{id}",
       [](World& w, Actor) { return fixed("/api/studio/projects/" + owner_project(w), R"({"title":"renamed"})"); },
       {401, 404, 200, 404, 404}},
      {"DELETE", "/api/studio/projects/{id}", [](World& w, Actor) { return fixed("/api/studio/projects/" + owner_project(w)); },
       {401, 404, 204, 404, 404}},
      {"POST", "/api/studio/projects/{id}/clips",
       [](World& w, Actor) {
         return Call{"/api/studio/projects/" + owner_project(w) + "/clips?duration_ms=1000", matrix_photo(),
                     {{"Content-Type", "image/jpeg"}}};
       },
       {401, 404, 201, 404, 404}},
      {"GET", "/api/studio/projects/{id}/clips",
       [](World& w, Actor) { return fixed("/api/studio/projects/" + owner_project(w) + "/clips"); },
       {401, 404, 200, 404, 404}},
      {"PATCH", "/api/studio/projects/{id}/clips/order",
       [](World& w, Actor) {
         auto [project, clip] = owner_clip(w);
         return fixed("/api/studio/projects/" + project + "/clips/order", R"({"clip_ids":[")" + clip + R"("]})");
       },
       {401, 404, 200, 404, 404}},
      {"GET", "/api/studio/projects/{id}/clips/{clip_id}",
       [](World& w, Actor) {
         auto [project, clip] = owner_clip(w);
         return fixed("/api/studio/projects/" + project + "/clips/" + clip);
       },
       {401, 404, 200, 404, 404}},
      {"PATCH", "/api/studio/projects/{id}/clips/{clip_id}",
       [](World& w, Actor) {
         auto [project, clip] = owner_clip(w);
         return fixed("/api/studio/projects/" + project + "/clips/" + clip, R"({"approved":false})");
       },
       {401, 404, 200, 404, 404}},
      {"POST", "/api/studio/projects/{id}/clips/{clip_id}/regenerate",
       [](World& w, Actor actor) {
         if (actor != owner) return fixed("/api/studio/projects/" + owner_project(w) + "/clips/none/regenerate", "{}");
         auto [project, clip] = owner_clip(w, true);
         return fixed("/api/studio/projects/" + project + "/clips/" + clip + "/regenerate", "{}");
       },
       {401, 404, 202, 404, 404}},
      {"DELETE", "/api/studio/projects/{id}/clips/{clip_id}",
       [](World& w, Actor) {
         auto [project, clip] = owner_clip(w);
         return fixed("/api/studio/projects/" + project + "/clips/" + clip);
       },
       {401, 404, 204, 404, 404}},
      {"POST", "/api/studio/projects/{id}/compile",
       [](World& w, Actor actor) {
         if (actor != owner) return fixed("/api/studio/projects/" + owner_project(w) + "/compile", "{}");
         auto [project, clip] = owner_clip(w, true);
         return fixed("/api/studio/projects/" + project + "/compile", R"({"clip_ids":[")" + clip + R"("]})");
       },
       {401, 404, 202, 404, 404}},
      {"GET", "/api/studio/projects/{id}/final-videos",
       [](World& w, Actor) { return fixed("/api/studio/projects/" + owner_project(w) + "/final-videos"); },
       {401, 404, 200, 404, 404}},
      {"GET", "/api/studio/final-videos/{id}",
       [](World& w, Actor) { return fixed("/api/studio/final-videos/" + owner_final(w).second); },
       {401, 404, 200, 404, 404}},
      {"GET", "/api/studio/music", [](World&, Actor) { return fixed("/api/studio/music"); }, {401, 200, 200, 200, 200}},
      // Previews go by signed URLs unless studio.music_previews = public (StudioCompileTest).
      {"GET", "/api/studio/music/{id}/preview",
       [](World& w, Actor) { return fixed("/api/studio/music/" + admin_track(w) + "/preview"); },
       {404, 404, 404, 404, 404}},
      {"POST", "/api/admin/music",
       [](World&, Actor) { return Call{"/api/admin/music?title=x", "not audio", {{"Content-Type", "audio/mpeg"}}}; },
       {401, 403, 403, 403, 422}},
      {"DELETE", "/api/admin/music/{id}", [](World& w, Actor) { return fixed("/api/admin/music/" + admin_track(w)); },
       {401, 403, 403, 403, 204}},
      {"GET", "/api/me/referral", [](World&, Actor) { return fixed("/api/me/referral"); }, {401, 200, 200, 200, 200}},
      // Everyone may name the owner's code once, except the owner.
      {"POST", "/api/me/referral",
       [](World& w, Actor) {
         auto r = w.server.client().get("/api/me/referral", w.owner_user.access_token);
         return fixed("/api/me/referral", R"({"code":")" + std::string(r.json().as_object()["code"].as_string()) + R"("})");
       },
       {401, 200, 400, 200, 200}},
      {"GET", "/api/admin/config", [](World&, Actor) { return fixed("/api/admin/config"); }, {401, 403, 403, 403, 200}},
      {"GET", "/api/admin/config/{key}", [](World&, Actor) { return fixed("/api/admin/config/studio.system_prompt"); },
       {401, 403, 403, 403, 200}},
      {"PUT", "/api/admin/config/{key}",
       [](World&, Actor) { return fixed("/api/admin/config/studio.system_prompt", R"({"value":"Keep it gentle."})"); },
       {401, 403, 403, 403, 200}},
      {"GET", "/api/billing/packs", [](World&, Actor) { return fixed("/api/billing/packs"); }, {200, 200, 200, 200, 200}},
      // No provider is configured in the matrix: a signed-in buyer gets 503 once the pack is found.
      {"POST", "/api/billing/checkout",
       [](World& w, Actor) { return fixed("/api/billing/checkout", R"({"pack_id":")" + admin_pack(w) + R"("})"); },
       {401, 503, 503, 503, 503}},
      {"GET", "/api/billing/payments", [](World&, Actor) { return fixed("/api/billing/payments"); }, {401, 200, 200, 200, 200}},
      {"GET", "/api/billing/payments/{id}",
       [](World& w, Actor) { return fixed("/api/billing/payments/" + owner_payment(w, admin_pack(w))); },
       {401, 404, 200, 404, 404}},
      // The signature is the credential: without a configured secret the webhook is off for everyone.
      {"POST", "/api/billing/webhook", [](World&, Actor) { return fixed("/api/billing/webhook", R"({"id":"evt_1"})"); },
       {503, 503, 503, 503, 503}},
      {"GET", "/api/admin/credit-packs", [](World&, Actor) { return fixed("/api/admin/credit-packs"); }, {401, 403, 403, 403, 200}},
      {"POST", "/api/admin/credit-packs",
       [](World&, Actor) { return fixed("/api/admin/credit-packs", R"({"name":"p","credits":5,"amount_cents":300})"); },
       {401, 403, 403, 403, 201}},
      {"PATCH", "/api/admin/credit-packs/{id}",
       [](World& w, Actor) { return fixed("/api/admin/credit-packs/" + admin_pack(w), R"({"active":false})"); },
       {401, 403, 403, 403, 200}},
      // The URL is the credential: it opens for anyone who holds it, and nothing opens without it.
      {"GET", "/api/media/{kind}/{id}", [](World& w, Actor) { return fixed(owner_clip_image_url(w)); },
       {200, 200, 200, 200, 200}},
      // Profile pictures: each user's own; a stored one is public.
      {"PUT", "/api/me/avatar", [](World&, Actor) { return picture_call("/api/me/avatar"); }, {401, 200, 200, 200, 200}},
      {"DELETE", "/api/me/avatar", [](World&, Actor) { return fixed("/api/me/avatar"); }, {401, 200, 200, 200, 200}},
      {"PUT", "/api/me/banner", [](World&, Actor) { return picture_call("/api/me/banner"); }, {401, 200, 200, 200, 200}},
      {"DELETE", "/api/me/banner", [](World&, Actor) { return fixed("/api/me/banner"); }, {401, 200, 200, 200, 200}},
      {"GET", "/media/profiles/{user_id}/{file}", [](World& w, Actor) { return fixed(owner_avatar_url(w)); },
       {200, 200, 200, 200, 200}},
      {"POST", "/api/media/sign",
       [](World& w, Actor) {
         auto [project, clip] = owner_clip(w);
         return fixed("/api/media/sign", R"({"items":[{"kind":"clip_image","id":")" + clip + R"("}]})");
       },
       {401, 200, 200, 200, 200}},
      // Ends the caller's other sessions (each actor holds one): harmless to the cases after it.
      {"DELETE", "/api/me/sessions", [](World&, Actor) { return fixed("/api/me/sessions"); }, {401, 204, 204, 204, 204}},
      // Ends every session of the caller: it stays the last case, after which no token is used.
      {"POST", "/api/auth/logout-all", [](World&, Actor) { return fixed("/api/auth/logout-all", "{}"); },
       {401, 204, 204, 204, 204}},
  };
}

// Tokens that must grant nothing: a moderator demoted to user acts as a plain user at once;
// the tokens of a signed-out session and of a deleted account act as no token at all (or are
// refused with 401, as a broken token is).
struct StaleTokens {
  std::string demoted, signed_out, deleted;

  static StaleTokens make(TestServer& server, const TestUser& admin) {
    StaleTokens t;
    TestUser demoted = server.user_with_role("moderator", "demoted");
    auto patch = server.client().patch("/api/admin/users/" + demoted.id, object{{"role", "user"}}, admin.access_token);
    if (patch.status != 200) throw std::runtime_error("demotion failed: " + patch.body);
    t.demoted = demoted.access_token;

    TestUser leaving = server.register_user("leaving");
    auto logout = server.client().post("/api/auth/logout", object{{"refresh_token", leaving.refresh_token}});
    if (logout.status != 204) throw std::runtime_error("logout failed: " + logout.body);
    t.signed_out = leaving.access_token;

    TestUser gone = server.register_user("gone");
    auto deletion = server.client().request("DELETE", "/api/me",
                                            boost::json::serialize(object{{"password", gone.password}}),
                                            {{"Authorization", "Bearer " + gone.access_token},
                                             {"Content-Type", "application/json"}});
    if (deletion.status != 204) throw std::runtime_error("deletion failed: " + deletion.body);
    t.deleted = gone.access_token;
    return t;
  }
};

TEST(AuthorizationMatrix, every_route_answers_each_actor_as_specified) {
  // The matrix files many reports as one user: more than an hour's allowance.
  // and many DMCA notices against one owner, whom three strikes would terminate.
  TestServer server{[](Config& c) {
    c.moderation_reports_per_hour = 10'000;
    c.dmca_strikes_to_terminate = 1'000;
  }};
  World world{server,
              server.register_user("stranger"),
              server.user_with_role("creator", "owner"),
              server.user_with_role("moderator", "mod"),
              server.user_with_role("admin", "admin"),
              "",
              ""};
  world.public_video = world.new_video("public");
  world.private_video = world.new_video("private");
  // The studio cases make the owner a few dozen clips, each charged.
  server.app().database().execute(
      "INSERT INTO credit_transactions (id, user_id, amount, kind, reference, created_at) VALUES ('matrix', ?, 500, 'grant', 'matrix', 1)",
      {world.owner_user.id});
  const StaleTokens stale = StaleTokens::make(server, world.admin_user);

  std::set<std::pair<std::string, std::string>> covered;
  for (const auto& c : matrix()) {
    covered.insert({c.method, c.pattern});
    for (Actor actor : {anonymous, stranger, owner, moderator, admin}) {
      Call call = c.request(world, actor);
      auto headers = call.headers;
      if (!world.token(actor).empty()) headers.push_back({"Authorization", "Bearer " + world.token(actor)});
      bool typed = false;
      for (const auto& [k, v] : headers) typed = typed || k == "Content-Type";
      if (!call.body.empty() && !typed) headers.push_back({"Content-Type", "application/json"});
      auto r = server.client().request(c.method, call.target, call.body, headers);
      EXPECT_EQ(r.status, c.expected[actor])
          << c.method << " " << call.target << " as " << kActorNames[actor] << ": " << r.body;
    }
    auto call_with = [&](const std::string& token, Actor like) {
      Call call = c.request(world, like);
      auto headers = call.headers;
      headers.push_back({"Authorization", "Bearer " + token});
      bool typed = false;
      for (const auto& [k, v] : headers) typed = typed || k == "Content-Type";
      if (!call.body.empty() && !typed) headers.push_back({"Content-Type", "application/json"});
      return server.client().request(c.method, call.target, call.body, headers);
    };
    if (c.expected[moderator] != c.expected[stranger]) {  // where the role makes a difference
      auto demoted = call_with(stale.demoted, stranger);
      EXPECT_EQ(demoted.status, c.expected[stranger])
          << c.method << " " << c.pattern << " as a demoted moderator: " << demoted.body;
    }
    for (const auto& [token, who] : {std::pair{stale.signed_out, "a signed-out session"},
                                     std::pair{stale.deleted, "a deleted account"}}) {
      auto r = call_with(token, anonymous);
      EXPECT_TRUE(r.status == 401 || r.status == c.expected[anonymous])
          << c.method << " " << c.pattern << " with the token of " << who << ": " << r.status << " " << r.body;
    }
  }
  for (const auto& route : server.app().router().routes()) {
    EXPECT_TRUE(covered.count({std::string(http::method_name(route.method)), route.pattern}))
        << "no authorization case for " << http::method_name(route.method) << " " << route.pattern;
  }
}

}  // namespace
}  // namespace marquee::testing
