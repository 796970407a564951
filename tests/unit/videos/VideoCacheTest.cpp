// VideoCache: entries carry the video's API JSON, and an expired entry is refreshed by one
// reader while the others keep the expired copy for at most one more ttl.
#include "videos/VideoCache.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <thread>

#include "videos/VideoJson.h"

namespace marquee::videos {
namespace {

using namespace std::chrono_literals;

// Margins are generous (a ttl of 1 s, each step well inside its window), so a loaded
// machine does not turn the test's sleeps into a different case.
constexpr auto kTtl = 1000ms;

Video sample_video() {
  Video video;
  video.id = "abcdefghijkl";
  video.owner_id = "owner0000001";
  video.owner_username = "owner";
  video.title = "Sunrise over the harbour";
  video.tags = {"timelapse", "harbour"};
  return video;
}

TEST(VideoCacheEntries, keep_the_video_and_its_json_rendered_once) {
  VideoCache cache(kTtl);
  const Video video = sample_video();
  cache.put(video);
  auto cached = cache.get(video.id);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->video->title, video.title);
  EXPECT_EQ(*cached->json, boost::json::serialize(video_json(video)));
  EXPECT_EQ(cache.get(video.id)->json, cached->json);  // the same rendering, not a new one
}

TEST(VideoCacheEntries, an_expired_entry_sends_one_reader_to_the_database_and_serves_the_rest) {
  VideoCache cache(kTtl);
  const Video video = sample_video();
  cache.put(video);
  std::this_thread::sleep_for(kTtl + 200ms);  // expired, inside the one-ttl grace

  EXPECT_FALSE(cache.get_fresh(video.id));  // the database reader never takes a stale copy
  EXPECT_FALSE(cache.get(video.id));        // the first memory reader is sent to refresh it
  auto stale = cache.get(video.id);         // the others keep the expired copy meanwhile
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->video->title, video.title);

  Video renamed = video;
  renamed.title = "Sunset";
  cache.put(renamed);  // the refresh lands
  auto fresh = cache.get(video.id);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->video->title, "Sunset");
  EXPECT_TRUE(cache.get_fresh(video.id));
}

TEST(VideoCacheEntries, a_refresh_that_never_lands_stops_serving_the_copy_after_one_more_ttl) {
  VideoCache cache(kTtl);
  const Video video = sample_video();
  cache.put(video);
  std::this_thread::sleep_for(kTtl + 200ms);
  EXPECT_FALSE(cache.get(video.id));  // sent to refresh; that reader never puts anything
  EXPECT_TRUE(cache.get(video.id));
  std::this_thread::sleep_for(kTtl);  // past expiry + one ttl
  EXPECT_FALSE(cache.get(video.id));
  EXPECT_FALSE(cache.get_fresh(video.id));
}

TEST(VideoCacheEntries, erase_drops_an_entry_at_once) {
  VideoCache cache(kTtl);
  const Video video = sample_video();
  cache.put(video);
  cache.erase(video.id);
  EXPECT_FALSE(cache.get(video.id));
  EXPECT_FALSE(cache.get_fresh(video.id));
}

}  // namespace
}  // namespace marquee::videos
