// Avatars and channel banners as a user meets them (profiles/ProfilePictures.h): a picture
// put to /api/me/avatar or /api/me/banner comes back cropped to its fixed size, as a JPEG
// without the upload's metadata, at a public URL that the account, the channel page and the
// caller's session all name; a new one replaces the old one's file; and whatever is not a
// usable picture is refused without touching the one the account has.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>
#include <vector>

#include "app/App.h"
#include "blob/BlobStore.h"
#include "support/Eventually.h"
#include "support/StudioFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

class ProfilePictures : public ::testing::Test {
 protected:
  TestServer server;
  const TestClient& client() { return server.client(); }

  HttpResult put_picture(const TestUser& user, const std::string& which, const std::string& bytes,
                         const std::string& type = "image/png") {
    return client().request("PUT", "/api/me/" + which, bytes,
                            {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", type}});
  }

  std::string picture_url(const TestUser& user, const std::string& which, const std::string& bytes,
                          const std::string& type = "image/png") {
    auto r = put_picture(user, which, bytes, type);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return "";
    return std::string(r.json().as_object()[which + "_url"].as_string());
  }

  object channel(const TestUser& user) {
    auto r = client().get("/api/users/" + user.username);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
};

TEST_F(ProfilePictures, AnAvatarIsCroppedStrippedAndServedToEveryone) {
  auto user = server.register_user("painter");
  // A JPEG carrying an EXIF block and a comment naming where it was taken.
  const std::string photo = with_exif(make_image("testsrc2", 640, 480, "jpg"), 1, "taken at 51.5074 N 0.1278 W");
  const std::string url = picture_url(user, "avatar", photo, "image/jpeg");
  ASSERT_TRUE(url.starts_with("/media/profiles/" + user.id + "/avatar-")) << url;
  ASSERT_TRUE(url.ends_with(".jpg")) << url;

  auto served = client().get(url);  // signed out
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(served.headers.get("Content-Type").value_or(""), "image/jpeg");
  EXPECT_NE(served.headers.get("Cache-Control").value_or("").find("immutable"), std::string::npos);
  const Probed probed = probe(served.body);
  EXPECT_EQ(probed.codec, "mjpeg");
  EXPECT_EQ(probed.width, 400);
  EXPECT_EQ(probed.height, 400);
  EXPECT_EQ(served.body.find("51.5074"), std::string::npos) << "the upload's metadata reached the public file";
  EXPECT_EQ(served.body.find("Exif"), std::string::npos);

  EXPECT_EQ(channel(user)["avatar_url"].as_string(), url);
  EXPECT_EQ(client().get("/api/me", user.access_token).json().as_object()["avatar_url"].as_string(), url);
}

TEST_F(ProfilePictures, ABannerFillsItsWideFrameAndShowsOnTheChannel) {
  auto user = server.register_user("banners");
  // A tall picture still fills the wide frame: its middle is kept.
  const std::string url = picture_url(user, "banner", make_image("testsrc2", 300, 900, "webp"), "image/webp");
  ASSERT_TRUE(url.starts_with("/media/profiles/" + user.id + "/banner-")) << url;
  const Probed probed = probe(client().get(url).body);
  EXPECT_EQ(probed.width, 2048);
  EXPECT_EQ(probed.height, 340);
  EXPECT_EQ(channel(user)["banner_url"].as_string(), url);
  EXPECT_EQ(channel(user)["avatar_url"].as_string(), "") << "a banner is not an avatar";
}

TEST_F(ProfilePictures, ANewPictureReplacesTheOldFileAndRemovingClearsIt) {
  auto user = server.register_user("changer");
  const std::string first = picture_url(user, "avatar", make_image("testsrc2", 320, 240, "png"));
  const std::string banner = picture_url(user, "banner", make_image("testsrc2", 1280, 720, "png"));
  const std::string second = picture_url(user, "avatar", make_image("color=c=orange", 320, 240, "png"));
  ASSERT_NE(first, second);
  EXPECT_EQ(client().get(first).status, 404) << "the replaced avatar's file stays behind";
  EXPECT_EQ(client().get(second).status, 200);
  EXPECT_EQ(client().get(banner).status, 200) << "a new avatar took the banner with it";

  auto removed = client().del("/api/me/avatar", user.access_token);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(removed.json().as_object()["avatar_url"].as_string(), "");
  EXPECT_EQ(channel(user)["avatar_url"].as_string(), "");
  EXPECT_EQ(client().get(second).status, 404);
  EXPECT_EQ(channel(user)["banner_url"].as_string(), banner);
}

TEST_F(ProfilePictures, ALongThinPictureIsCroppedToItsMiddleNotBlownUp) {
  auto user = server.register_user("thin");
  // 1.3 megapixels: scaled before the crop, its avatar would pass through a 400×125,000 frame.
  const std::string url = picture_url(user, "avatar", make_image("testsrc2", 64, 20000, "png"));
  const Probed probed = probe(client().get(url).body);
  EXPECT_EQ(probed.width, 400);
  EXPECT_EQ(probed.height, 400);
}

TEST_F(ProfilePictures, ChangesAtOnceLeaveTheAccountOnAFileThatExistsAndNoOther) {
  auto user = server.register_user("racer");
  std::vector<std::string> pictures;
  for (int i = 0; i < 6; ++i) pictures.push_back(make_image("testsrc2", 320 + 16 * i, 240, "png"));
  std::vector<std::thread> threads;
  std::vector<int> statuses(pictures.size(), 0);
  for (std::size_t i = 0; i < pictures.size(); ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = i % 3 == 2 ? client().del("/api/me/avatar", user.access_token).status
                               : put_picture(user, "avatar", pictures[i]).status;
    });
  }
  for (auto& t : threads) t.join();
  for (int status : statuses) EXPECT_EQ(status, 200);
  const std::string named(channel(user)["avatar_url"].as_string());
  if (!named.empty()) {
    EXPECT_EQ(client().get(named).status, 200) << "the account names a file that is gone";
  }
  std::size_t files = 0;
  for (const auto& blob : server.app().blobs().list_prefix("profiles/" + user.id)) {
    files += blob.key.find("/avatar-") != std::string::npos;
  }
  EXPECT_EQ(files, named.empty() ? 0u : 1u) << "replaced avatars left behind";
}

TEST_F(ProfilePictures, AFormUploadFromABrowserWorks) {
  auto user = server.register_user("former");
  const std::string png = make_image("testsrc2", 200, 200, "png");
  const std::string boundary = "----marqueeform7MA4YWxkTrZu0gW";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"me.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" +
                           png + "\r\n--" + boundary + "--\r\n";
  auto r = client().request("PUT", "/api/me/avatar", body,
                            {{"Authorization", "Bearer " + user.access_token},
                             {"Content-Type", "multipart/form-data; boundary=" + boundary}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(probe(client().get(std::string(r.json().as_object()["avatar_url"].as_string())).body).width, 400);
}

TEST_F(ProfilePictures, WhatIsNotAUsablePictureIsRefusedAndTheOldOneStays) {
  auto user = server.register_user("hostile");
  const std::string kept = picture_url(user, "avatar", make_image("testsrc2", 320, 240, "png"));

  EXPECT_EQ(client().request("PUT", "/api/me/avatar", make_image("testsrc2", 320, 240, "png"),
                             {{"Content-Type", "image/png"}})
                .status,
            401)
      << "signed out";
  EXPECT_EQ(put_picture(user, "avatar", "GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif").status, 415);
  EXPECT_EQ(put_picture(user, "avatar", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                        "image/png")
                .status,
            415)
      << "the format comes from the bytes, not the Content-Type";
  EXPECT_EQ(put_picture(user, "avatar", "{\"avatar\": 1}", "application/json").status, 415);
  std::string truncated = make_image("testsrc2", 640, 480, "jpg");
  truncated.resize(truncated.size() / 3);
  EXPECT_EQ(put_picture(user, "avatar", truncated, "image/jpeg").status, 422);
  auto bomb = put_picture(user, "banner", make_image("color=c=black", 10000, 10000, "png"));
  EXPECT_EQ(bomb.status, 422) << bomb.body;
  EXPECT_NE(bomb.body.find("too_many_pixels"), std::string::npos) << bomb.body;
  auto tiny = put_picture(user, "avatar", make_image("testsrc2", 32, 32, "png"));
  EXPECT_EQ(tiny.status, 422) << tiny.body;
  EXPECT_NE(tiny.body.find("too_small"), std::string::npos) << tiny.body;
  EXPECT_EQ(put_picture(user, "avatar", std::string((std::size_t{10} << 20) + 128 * 1024, '\xFF')).status, 413);

  EXPECT_EQ(channel(user)["avatar_url"].as_string(), kept);
  EXPECT_EQ(client().get(kept).status, 200);
  EXPECT_EQ(channel(user)["banner_url"].as_string(), "");
}

TEST_F(ProfilePictures, OnlyNamesThePicturesHaveReachAFile) {
  auto user = server.register_user("prober");
  const std::string url = picture_url(user, "avatar", make_image("testsrc2", 320, 240, "png"));
  const std::string file = url.substr(url.rfind('/') + 1);
  for (const std::string& target :
       {"/media/profiles/" + user.id + "/..%2F..%2Fdb.sqlite", "/media/profiles/" + user.id + "/avatar.jpg",
        "/media/profiles/" + user.id + "/" + file + ".bak", "/media/profiles/" + user.id + "/thumb-" + file.substr(7),
        "/media/profiles/not-an-id/" + file, "/media/profiles/..%2Fvideos/" + file,
        "/media/profiles/" + user.id + "/avatar-" + std::string(12, 'A') + ".jpg"}) {
    EXPECT_EQ(client().get(target).status, 404) << target;
  }
  // Another user's id with this file's name: the files are kept per user.
  auto other = server.register_user("other");
  EXPECT_EQ(client().get("/media/profiles/" + other.id + "/" + file).status, 404);
}

TEST(ProfilePictureStrays, AFileNoLongerNamedGoesAtTheNextChangeOnceItIsOld) {
  ManualClock clock(wall_clock_ms());
  TestServer server({}, &clock);
  auto user = server.register_user("stray");
  auto put = [&](const std::string& bytes) {
    auto r = server.client().request("PUT", "/api/me/avatar", bytes,
                                     {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", "image/png"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(r.json().as_object()["avatar_url"].as_string());
  };
  const std::string uploaded = put(make_image("testsrc2", 320, 240, "png"));
  // An avatar elsewhere, set through the profile: the uploaded file is no longer named.
  auto patched = server.client().request("PATCH", "/api/me", R"({"avatar_url":"https://pictures.example/me.jpg"})",
                                         {{"Authorization", "Bearer " + user.access_token},
                                          {"Content-Type", "application/json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(server.client().get(uploaded).status, 200) << "nothing removes it yet";
  clock.advance(11 * 60 * 1000);
  const std::string next = put(make_image("color=c=teal", 320, 240, "png"));
  EXPECT_EQ(server.client().get(uploaded).status, 404) << "the stray stays behind";
  EXPECT_EQ(server.client().get(next).status, 200);
}

TEST_F(ProfilePictures, DeletingTheAccountRemovesItsPictures) {
  auto user = server.register_user("leaving");
  const std::string avatar = picture_url(user, "avatar", make_image("testsrc2", 320, 240, "png"));
  const std::string banner = picture_url(user, "banner", make_image("testsrc2", 1280, 720, "png"));
  auto deleted = client().request("DELETE", "/api/me", boost::json::serialize(object{{"password", user.password}}),
                                  {{"Authorization", "Bearer " + user.access_token}, {"Content-Type", "application/json"}});
  ASSERT_LT(deleted.status, 300) << deleted.body;
  // The files go when the deletion's event arrives.
  EXPECT_TRUE(eventually([&] { return client().get(avatar).status == 404 && client().get(banner).status == 404; },
                         std::chrono::seconds(10)));
}

}  // namespace
}  // namespace marquee::testing
