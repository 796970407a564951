#pragma once
// The synthetic world of `marquee dev recs-bench`: a catalogue of videos about topics and
// their subtopics, and viewers with planted tastes who watch sessions of them. Deterministic
// for a seed (SeedRandom), in memory, with made-up words so that no real vocabulary helps.
//
// Catalogue: `topics` topics in `topics / 4` categories, each with 5 subtopics. A topic has
// 10 tags and 20 title words; a subtopic 4 tags and 8 words; 2 tags of each topic are shared
// with the next topic, and generic words and tags ("video", "hd") are everywhere. A channel
// posts mostly about one topic (85 %). Titles mix subtopic, topic and generic words; tags are
// 1–2 of the subtopic's, 1–2 of the topic's, sometimes a generic one and, for one video in
// ten, a tag of another topic (noise). Every video has a popularity (long-tailed) and an
// upload time within the last year.
//
// Viewers like 1–3 topics (with weights) and 1–2 subtopics of each. A session goes on from
// the video just watched: 60 % the same subtopic, 20 % another subtopic of the same topic,
// 15 % another liked topic, 5 % any video (noise); within the chosen subtopic a video is
// drawn by popularity, never one the viewer already watched. Completion is high for a
// favourite subtopic, middling for the rest of a liked topic, low for noise.
#include <cstdint>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "recs/ContentVector.h"
#include "recs/CoWatch.h"

namespace marquee::dev {

struct TasteWorldOptions {
  std::size_t videos = 20'000;
  std::size_t topics = 40;
  std::size_t viewers = 5'000;
  std::size_t min_watches = 8;
  std::size_t max_watches = 40;
  std::uint64_t seed = 1;
};

struct WorldVideo {
  std::string id;
  std::string owner_id;
  recs::VideoText text;
  Millis created_at = 0;
  std::uint32_t topic = 0;
  std::uint32_t subtopic = 0;  // within its topic
  double popularity = 0;
};

struct TasteWorld {
  std::vector<WorldVideo> videos;
  // Each viewer's watches in the order they happened (watched_at increasing).
  std::vector<std::vector<recs::WatchRecord>> sessions;
  Millis now = 0;
};

TasteWorld make_taste_world(const TasteWorldOptions& options);
// Only the catalogue (no viewers), for the latency bench's large indexes.
std::vector<WorldVideo> make_catalogue(std::size_t videos, std::size_t topics, std::uint64_t seed, Millis now);

}  // namespace marquee::dev
