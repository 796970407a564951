// The tus protocol as a client sees it, and the limits that refuse an upload cleanly.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <thread>

#include "core/Crypto.h"
#include "support/MediaFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Uploads : ::testing::Test {
  TestServer server{[](Config& c) {
    c.upload_max_file_bytes = 1 << 20;
    c.upload_user_quota_bytes = 3 << 20;
  }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");

  Headers tus(const TestUser& who, Headers extra = {}) {
    Headers h = {{"Tus-Resumable", "1.0.0"}, {"Authorization", "Bearer " + who.access_token}};
    h.insert(h.end(), extra.begin(), extra.end());
    return h;
  }
  HttpResult create(const TestUser& who, std::uint64_t length, const std::string& metadata = "") {
    Headers extra = {{"Upload-Length", std::to_string(length)}};
    if (!metadata.empty()) extra.push_back({"Upload-Metadata", metadata});
    return client.request("POST", "/api/uploads", "", tus(who, extra));
  }
  HttpResult patch(const TestUser& who, const std::string& location, std::uint64_t offset, const std::string& bytes,
                   Headers extra = {}) {
    extra.push_back({"Upload-Offset", std::to_string(offset)});
    extra.push_back({"Content-Type", "application/offset+octet-stream"});
    return client.request("PATCH", location, bytes, tus(who, extra));
  }
  std::string offset_of(const std::string& location) {
    auto r = client.request("HEAD", location, "", tus(creator));
    return r.status == 200 ? std::string(*r.headers.get("Upload-Offset")) : "status " + std::to_string(r.status);
  }
};

std::string meta(const std::string& key, const std::string& value) { return key + " " + crypto::base64_encode(value); }

TEST_F(Uploads, options_announces_version_extensions_and_limits) {
  auto r = client.request("OPTIONS", "/api/uploads");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(*r.headers.get("Tus-Version"), "1.0.0");
  EXPECT_NE(r.headers.get("Tus-Extension")->find("creation-with-upload"), std::string_view::npos);
  EXPECT_NE(r.headers.get("Tus-Extension")->find("checksum"), std::string_view::npos);
  EXPECT_EQ(*r.headers.get("Tus-Max-Size"), std::to_string(1 << 20));
  EXPECT_EQ(*r.headers.get("Tus-Checksum-Algorithm"), "sha1");
}

TEST_F(Uploads, create_patch_in_pieces_and_head_reports_the_offset) {
  auto created = create(creator, 10, meta("filename", "holiday.mp4") + "," + meta("title", "Beach \xf0\x9f\x8c\x8a"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string location(*created.headers.get("Location"));
  std::string video_id(*created.headers.get("Marquee-Video-Id"));
  EXPECT_TRUE(location.starts_with("/api/uploads/"));
  EXPECT_EQ(*created.headers.get("Tus-Resumable"), "1.0.0");
  EXPECT_TRUE(created.headers.has("Upload-Expires"));

  auto video = client.get("/api/videos/" + video_id, creator.access_token).json().as_object();
  EXPECT_EQ(video["title"].as_string(), "Beach \xf0\x9f\x8c\x8a");
  EXPECT_EQ(video["status"].as_string(), "uploading");

  EXPECT_EQ(patch(creator, location, 0, "01234").status, 204);
  EXPECT_EQ(offset_of(location), "5");
  auto head = client.request("HEAD", location, "", tus(creator));
  EXPECT_EQ(*head.headers.get("Upload-Length"), "10");
  EXPECT_EQ(*head.headers.get("Cache-Control"), "no-store");
  EXPECT_NE(head.headers.get("Upload-Metadata")->find("filename"), std::string_view::npos);

  auto stale = patch(creator, location, 0, "01234");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(offset_of(location), "5");

  auto done = patch(creator, location, 5, "56789");
  EXPECT_EQ(done.status, 204);
  EXPECT_EQ(*done.headers.get("Upload-Offset"), "10");
  // Ten bytes are not a video: the pipeline takes it and fails it with a reason.
  std::string status;
  for (int i = 0; i < 200 && status != "failed"; ++i) {
    status = std::string(client.get("/api/videos/" + video_id, creator.access_token).json().as_object()["status"].as_string());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, "failed");
  auto failed = client.get("/api/videos/" + video_id, creator.access_token).json().as_object();
  EXPECT_FALSE(failed["failure_reason"].as_string().empty());
}

TEST_F(Uploads, creation_with_upload_takes_the_first_bytes) {
  Headers h = tus(creator, {{"Upload-Length", "6"}, {"Content-Type", "application/offset+octet-stream"}});
  auto r = client.request("POST", "/api/uploads", "abc", h);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(*r.headers.get("Upload-Offset"), "3");
  EXPECT_EQ(offset_of(std::string(*r.headers.get("Location"))), "3");
}

TEST_F(Uploads, checksum_mismatch_is_460_and_discards_the_chunk) {
  auto created = create(creator, 8);
  std::string location(*created.headers.get("Location"));
  std::string wrong = "sha1 " + crypto::base64_encode(crypto::sha1("something else"));
  auto r = patch(creator, location, 0, "abcd", {{"Upload-Checksum", wrong}});
  EXPECT_EQ(r.status, 460);
  EXPECT_EQ(offset_of(location), "0");
  std::string right = "sha1 " + crypto::base64_encode(crypto::sha1("abcd"));
  EXPECT_EQ(patch(creator, location, 0, "abcd", {{"Upload-Checksum", right}}).status, 204);
  EXPECT_EQ(offset_of(location), "4");
  EXPECT_EQ(patch(creator, location, 4, "efgh", {{"Upload-Checksum", "md5 AAAA"}}).status, 400);
}

TEST_F(Uploads, protocol_violations_get_clear_statuses) {
  auto no_version = client.request("POST", "/api/uploads", "",
                                   {{"Authorization", "Bearer " + creator.access_token}, {"Upload-Length", "5"}});
  EXPECT_EQ(no_version.status, 412);
  EXPECT_EQ(*no_version.headers.get("Tus-Version"), "1.0.0");
  EXPECT_EQ(client.request("POST", "/api/uploads", "", tus(creator)).status, 400);  // no Upload-Length
  EXPECT_EQ(create(creator, 5, "filename").status, 201);                             // key without value is fine
  EXPECT_EQ(create(creator, 5, "bad metadata!!").status, 400);
  EXPECT_EQ(create(creator, 5, "a " + crypto::base64_encode("x") + ",a " + crypto::base64_encode("y")).status, 400);
  auto neg = client.request("POST", "/api/uploads", "", tus(creator, {{"Upload-Length", "-1"}}));
  EXPECT_EQ(neg.status, 400);

  auto created = create(creator, 5);
  std::string location(*created.headers.get("Location"));
  auto wrong_type = client.request("PATCH", location, "abc",
                                   tus(creator, {{"Upload-Offset", "0"}, {"Content-Type", "application/json"}}));
  EXPECT_EQ(wrong_type.status, 415);
  auto too_long = patch(creator, location, 0, "0123456789");
  EXPECT_EQ(too_long.status, 413);
  EXPECT_EQ(offset_of(location), "0");  // nothing past Upload-Length is ever stored
}

TEST_F(Uploads, limits_refuse_before_anything_is_stored) {
  auto too_big = create(creator, (1 << 20) + 1);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(too_big.error_code(), "payload_too_large");
  auto not_video = create(creator, 10, meta("filetype", "image/png"));
  EXPECT_EQ(not_video.status, 415);
  ASSERT_EQ(create(creator, 1 << 20).status, 201);
  ASSERT_EQ(create(creator, 1 << 20).status, 201);
  ASSERT_EQ(create(creator, 1 << 20).status, 201);
  auto over_quota = create(creator, 1000);
  EXPECT_EQ(over_quota.status, 507);
  EXPECT_EQ(over_quota.error_code(), "insufficient_storage");
  // Refused uploads left nothing: exactly the three accepted ones are spooled.
  std::size_t spooled = 0;
  for (auto& e : std::filesystem::directory_iterator(server.data_dir() + "/uploads")) spooled += e.is_regular_file();
  EXPECT_EQ(spooled, 3u);
}

TEST_F(Uploads, only_creators_upload_and_only_the_owner_sees_an_upload) {
  auto viewer = server.register_user("viewer");
  auto refused = create(viewer, 10);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(client.request("POST", "/api/uploads", "", {{"Tus-Resumable", "1.0.0"}, {"Upload-Length", "5"}}).status, 401);

  auto created = create(creator, 10);
  std::string location(*created.headers.get("Location"));
  auto other = server.user_with_role("creator", "rival");
  EXPECT_EQ(client.request("HEAD", location, "", tus(other)).status, 404);
  EXPECT_EQ(patch(other, location, 0, "abc").status, 404);
  EXPECT_EQ(client.request("DELETE", location, "", tus(other)).status, 404);
  EXPECT_EQ(offset_of(location), "0");
}

TEST_F(Uploads, termination_removes_the_upload_and_its_file) {
  auto created = create(creator, 10);
  std::string location(*created.headers.get("Location"));
  ASSERT_EQ(patch(creator, location, 0, "abc").status, 204);
  EXPECT_EQ(client.request("DELETE", location, "", tus(creator)).status, 204);
  EXPECT_EQ(client.request("HEAD", location, "", tus(creator)).status, 404);
  std::string id = location.substr(location.rfind('/') + 1);
  EXPECT_FALSE(std::filesystem::exists(server.data_dir() + "/uploads/" + id + ".part"));
}

TEST_F(Uploads, metadata_can_target_an_existing_draft) {
  auto draft = client.post("/api/videos", boost::json::object{{"title", "Draft first"}}, creator.access_token);
  std::string id(draft.json().as_object()["id"].as_string());
  auto created = create(creator, 4, meta("video_id", id));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(*created.headers.get("Marquee-Video-Id"), id);
  auto other = server.user_with_role("creator", "rival");
  EXPECT_EQ(create(other, 4, meta("video_id", id)).status, 403);  // a public draft: visible, not theirs
}

std::string draft_of(const TestClient& client, const TestUser& who) {
  auto r = client.post("/api/videos", boost::json::object{{"title", "one shot"}}, who.access_token);
  return std::string(r.json().as_object()["id"].as_string());
}

TEST_F(Uploads, simple_upload_takes_a_raw_body) {
  std::string id = draft_of(client, creator);
  auto r = client.request("POST", "/api/videos/" + id + "/source", "0123456789",
                          {{"Authorization", "Bearer " + creator.access_token}, {"Content-Type", "video/mp4"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().as_object()["id"].as_string(), id);
  EXPECT_EQ(server.stored_blob("videos/" + id + "/source"), "0123456789");
  // The video now has media: a second upload is refused.
  auto again = client.request("POST", "/api/videos/" + id + "/source", "x",
                              {{"Authorization", "Bearer " + creator.access_token}, {"Content-Type", "video/mp4"}});
  EXPECT_EQ(again.status, 409);
}

TEST_F(Uploads, simple_upload_takes_the_file_part_of_a_form) {
  std::string id = draft_of(client, creator);
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ\r\n"
                     "Content-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
                     "FILEBYTES\r\n--XyZ--\r\n";
  auto r = client.request("POST", "/api/videos/" + id + "/source", body,
                          {{"Authorization", "Bearer " + creator.access_token},
                           {"Content-Type", "multipart/form-data; boundary=XyZ"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(server.stored_blob("videos/" + id + "/source"), "FILEBYTES");
}

TEST_F(Uploads, broken_simple_uploads_leave_nothing_behind) {
  std::string id = draft_of(client, creator);
  auto no_file = client.request("POST", "/api/videos/" + id + "/source", "--XyZ--\r\n",
                                {{"Authorization", "Bearer " + creator.access_token},
                                 {"Content-Type", "multipart/form-data; boundary=XyZ"}});
  EXPECT_EQ(no_file.status, 400);
  auto png = client.request("POST", "/api/videos/" + id + "/source", "x",
                            {{"Authorization", "Bearer " + creator.access_token}, {"Content-Type", "image/png"}});
  EXPECT_EQ(png.status, 415);
  auto video = client.get("/api/videos/" + id, creator.access_token).json().as_object();
  EXPECT_EQ(video["status"].as_string(), "draft");
  EXPECT_TRUE(std::filesystem::is_empty(server.data_dir() + "/uploads"));
  auto stranger = server.user_with_role("creator", "rival");
  auto theirs = client.request("POST", "/api/videos/" + id + "/source", "x",
                               {{"Authorization", "Bearer " + stranger.access_token}, {"Content-Type", "video/mp4"}});
  EXPECT_EQ(theirs.status, 403);
}

TEST_F(Uploads, a_ticket_allows_exactly_one_put_without_other_credentials) {
  auto t = client.post("/api/uploads/ticket", boost::json::object{{"title", "via ticket"}}, creator.access_token);
  ASSERT_EQ(t.status, 201) << t.body;
  auto ticket = t.json().as_object();
  EXPECT_EQ(ticket["method"].as_string(), "PUT");
  std::string url(ticket["upload_url"].as_string());
  std::string id(ticket["video_id"].as_string());
  auto put = client.request("PUT", url, "ticketbytes", {{"Content-Type", "video/mp4"}});
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(server.stored_blob("videos/" + id + "/source"), "ticketbytes");
  EXPECT_EQ(client.request("PUT", url, "again", {{"Content-Type", "video/mp4"}}).status, 404);
  EXPECT_EQ(client.request("PUT", "/api/uploads/ticket/forged-token", "x", {{"Content-Type", "video/mp4"}}).status, 404);
  auto viewer = server.register_user("viewer");
  EXPECT_EQ(client.post("/api/uploads/ticket", boost::json::object{}, viewer.access_token).status, 403);
}

}  // namespace
}  // namespace marquee::testing
