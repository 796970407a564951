// Re-uploads of removed videos as moderators and uploaders meet them: a video removed for
// rights puts its fingerprint on the blocklist, and a mirrored copy uploaded again is held for
// review before it ever plays, while an unrelated upload is not; restoring the video lifts it.
// Admins export and import hash lists to share with other sites.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <thread>

#include "core/Crypto.h"
#include "db/Database.h"
#include "support/MediaFixtures.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

struct Fingerprints : ::testing::Test {
  TestServer server{[](Config& c) { c.media_preset = "ultrafast"; }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  TestUser copier = server.user_with_role("creator", "copier");
  TestUser moderator = server.user_with_role("moderator", "mod");
  TestUser admin = server.user_with_role("admin", "root");
  std::string media_dir = make_temp_dir("marquee-fp-media");
  ~Fingerprints() override { std::filesystem::remove_all(media_dir); }

  std::string clip(const std::string& name, const std::string& lavfi) {
    const std::string out = media_dir + "/" + name + ".mp4";
    EXPECT_EQ(run("ffmpeg -v error -y -f lavfi -i '" + lavfi + "' -t 6 -c:v libx264 -preset ultrafast -pix_fmt yuv420p '" +
                  out + "'"),
              0);
    return out;
  }
  std::string upload(const TestUser& who, const std::string& file) {
    return tus_upload(client, who.access_token, read_file(file));
  }
  // The video as `who` sees it once processed; with `never_public`, also checks at every poll
  // that nobody else could play it meanwhile.
  object ready(const TestUser& who, const std::string& id, bool never_public = false) {
    object video;
    for (int i = 0; i < 600; ++i) {
      if (never_public) EXPECT_NE(client.get("/api/videos/" + id + "/playback").status, 200) << "playable by anyone";
      video = client.get("/api/videos/" + id, who.access_token).json().as_object();
      if (video["status"].as_string() == "ready" || video["status"].as_string() == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return video;
  }
  static std::string held_reason(const object& video) {
    const auto* m = video.if_contains("moderation");
    if (!m || m->is_null() || m->as_object().at("state").as_string() != "held") return "";
    return std::string(m->as_object().at("reason").as_string());
  }
  // Reports the video for `reason` and has the moderator act on its case.
  std::string act(const std::string& video, const std::string& reason, const std::string& action) {
    auto filed = client.post("/api/reports", object{{"target", "video"}, {"target_id", video}, {"reason", reason}},
                             copier.access_token);
    std::string case_id;
    if (filed.status == 201 || filed.status == 200) {
      case_id = server.app().database().query("SELECT case_id FROM reports WHERE id = ?",
                                              {std::string(filed.json().at("id").as_string())}).front().str("case_id");
    } else {
      case_id = server.app().database().query("SELECT id FROM moderation_cases WHERE target_id = ? ORDER BY created_at DESC",
                                              {video}).front().str("id");
    }
    auto acted = client.post("/api/moderation/cases/" + case_id + "/actions",
                             object{{"action", action}, {"public_reason", "Uploaded without the rights holder's permission"}},
                             moderator.access_token);
    EXPECT_EQ(acted.status, 201) << acted.body;
    return case_id;
  }
};

TEST_F(Fingerprints, ACopyOfAVideoRemovedForRightsIsHeldAndAnUnrelatedUploadIsNot) {
  const std::string original_file = clip("original", "testsrc2=size=640x360:rate=25");
  const std::string original = upload(creator, original_file);
  ASSERT_EQ(ready(creator, original)["status"].as_string(), "ready");
  EXPECT_EQ(held_reason(ready(creator, original)), "");

  // Before the removal, a copy is not held: nothing is blocked yet.
  const std::string mirrored_file = media_dir + "/mirrored.mp4";
  ASSERT_EQ(run("ffmpeg -v error -y -i '" + original_file + "' -vf hflip -c:v libx264 -preset ultrafast '" +
                mirrored_file + "'"),
            0);
  const std::string early_copy = upload(copier, mirrored_file);
  EXPECT_EQ(held_reason(ready(copier, early_copy)), "");

  const std::string case_id = act(original, "rights", "remove");
  const auto lists = client.get("/api/admin/fingerprints/lists", admin.access_token);
  ASSERT_EQ(lists.status, 200);
  ASSERT_EQ(lists.json().at("items").as_array().size(), 1u) << lists.body;
  EXPECT_EQ(lists.json().at("items").as_array()[0].at("id").as_string(), "video:" + original);
  EXPECT_GE(lists.json().at("items").as_array()[0].at("hashes").as_int64(), 5);

  // The mirrored copy again: held, with the reason, and never public.
  const std::string copy = upload(copier, mirrored_file);
  const object copied = ready(copier, copy, true);
  EXPECT_EQ(copied.at("status").as_string(), "ready");
  EXPECT_NE(held_reason(copied).find("a video removed for rights"), std::string::npos) << boost::json::serialize(copied);
  EXPECT_EQ(client.get("/api/videos/" + copy).status, 404);
  const auto cases = client.get("/api/moderation/cases?source=review", moderator.access_token);
  EXPECT_NE(cases.body.find(copy), std::string::npos);

  // An unrelated video goes through.
  const std::string other = upload(copier, clip("other", "mandelbrot=size=640x360:rate=25"));
  EXPECT_EQ(held_reason(ready(copier, other)), "");
  EXPECT_EQ(client.get("/api/videos/" + other).status, 200);

  // A removal for another reason blocks nothing.
  EXPECT_EQ(client.get("/api/admin/fingerprints/lists", admin.access_token).json().at("items").as_array().size(), 1u);

  // Restored (the rights question settled): the list goes, and the copy is no longer held.
  act(original, "rights", "restore");
  EXPECT_TRUE(client.get("/api/admin/fingerprints/lists", admin.access_token).json().at("items").as_array().empty());
  EXPECT_EQ(held_reason(ready(copier, upload(copier, mirrored_file))), "");
  (void)case_id;
}

TEST_F(Fingerprints, AdminsExportAndImportHashLists) {
  const std::string original_file = clip("original", "testsrc2=size=640x360:rate=25");
  const std::string original = upload(creator, original_file);
  ASSERT_EQ(ready(creator, original)["status"].as_string(), "ready");
  act(original, "rights", "remove");

  const auto exported = client.get("/api/admin/fingerprints/hashes", admin.access_token);
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.headers.get("Content-Type").value_or("").find("text/plain"), std::string::npos);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < exported.body.size();) {
    const auto end = exported.body.find('\n', start);
    lines.push_back(exported.body.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_GE(lines.size(), 15u);  // three hashes a frame (the frame and two crops)
  for (const auto& line : lines) EXPECT_EQ(line.size(), 64u) << line;

  // Another site's list (here: ours again, with a comment), imported under a label.
  const std::string shared = "# shared by example.org\n" + exported.body + "\n";
  const auto imported = client.request("POST", "/api/admin/fingerprints/lists?label=partner", shared,
                                       {{"Authorization", "Bearer " + admin.access_token}, {"Content-Type", "text/plain"}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json().at("hashes").as_int64(), static_cast<std::int64_t>(lines.size()));
  const std::string list_id(imported.json().at("id").as_string());
  EXPECT_EQ(client.get("/api/admin/fingerprints/lists", admin.access_token).json().at("items").as_array().size(), 2u);

  // A bad line is refused with its number, and nothing is imported.
  const auto bad = client.request("POST", "/api/admin/fingerprints/lists", std::string(64, 'a') + "\nnot-a-hash\n",
                                  {{"Authorization", "Bearer " + admin.access_token}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("details").at("line").as_string(), "2");
  EXPECT_EQ(client.get("/api/admin/fingerprints/lists", admin.access_token).json().at("items").as_array().size(), 2u);

  // With the video restored, the imported list alone still holds a copy.
  act(original, "rights", "restore");
  const object copy = ready(copier, upload(copier, original_file));
  EXPECT_NE(held_reason(copy).find("the list 'partner'"), std::string::npos) << boost::json::serialize(copy);
  EXPECT_EQ(client.del("/api/admin/fingerprints/lists/" + list_id, admin.access_token).status, 204);
  EXPECT_EQ(client.del("/api/admin/fingerprints/lists/" + list_id, admin.access_token).status, 404);
  EXPECT_EQ(client.get("/api/admin/fingerprints/lists", moderator.access_token).status, 403);
}

}  // namespace
}  // namespace marquee::testing
