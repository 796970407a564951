// Who may call what: every route the server has, called as anonymous, another user, the
// owner, a moderator and an admin, with the status each must get. A route missing from
// the matrix fails the test, so the matrix grows with every feature.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <set>

#include "http/Router.h"
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
      // Playback: the video's visibility decides; drafts have nothing to play yet (409).
      {"GET", "/api/videos/{id}/playback", [](World& w, Actor) { return fixed("/api/videos/" + w.private_video + "/playback"); },
       {404, 404, 409, 409, 409}},
      {"GET", "/api/videos/{id}/playback", [](World& w, Actor) { return fixed("/api/videos/" + w.public_video + "/playback"); },
       {409, 409, 409, 409, 409}},
      {"GET", "/media/videos/{id}/{file*}",
       [](World& w, Actor) { return fixed("/media/videos/" + w.private_video + "/hls/master.m3u8"); },
       {404, 404, 404, 404, 404}},
      // Job administration.
      {"GET", "/api/admin/jobs", [](World&, Actor) { return fixed("/api/admin/jobs"); }, {401, 403, 403, 403, 200}},
      {"POST", "/api/admin/jobs/{id}/retry", [](World&, Actor) { return fixed("/api/admin/jobs/nosuchjob000/retry", "{}"); },
       {401, 403, 403, 403, 404}},
  };
}

TEST(AuthorizationMatrix, every_route_answers_each_actor_as_specified) {
  TestServer server;
  World world{server,
              server.register_user("stranger"),
              server.user_with_role("creator", "owner"),
              server.user_with_role("moderator", "mod"),
              server.user_with_role("admin", "admin"),
              "",
              ""};
  world.public_video = world.new_video("public");
  world.private_video = world.new_video("private");

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
  }
  for (const auto& route : server.app().router().routes()) {
    EXPECT_TRUE(covered.count({std::string(http::method_name(route.method)), route.pattern}))
        << "no authorization case for " << http::method_name(route.method) << " " << route.pattern;
  }
}

}  // namespace
}  // namespace marquee::testing
