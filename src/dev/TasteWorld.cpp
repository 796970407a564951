#include "dev/TasteWorld.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_set>

#include "dev/SeedRandom.h"

namespace marquee::dev {
namespace {

constexpr Millis kHourMs = 3'600'000;
constexpr Millis kDayMs = 24 * kHourMs;
constexpr std::size_t kSubtopics = 5;

const std::vector<std::string> kGenericWords = {
    "video", "best", "new", "my", "how", "to", "the", "official", "full", "part", "episode", "review", "guide", "day",
    "first", "top", "amazing", "live", "world", "life", "easy", "quick", "ultimate", "tips", "great", "watch", "why",
    "what", "this", "with"};
const std::vector<std::string> kGenericTags = {"hd", "vlog", "fun", "viral", "trending", "4k", "shorts", "daily"};

// Made-up words: two to four syllables, never the same word twice.
class WordMaker {
 public:
  explicit WordMaker(SeedRandom& random) : random_(random) {}

  std::string next() {
    static const std::vector<std::string> onsets = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t",
                                                    "v", "z", "br", "dr", "gl", "kr", "pl", "st", "tr", "sh", "ch", "th"};
    static const std::vector<std::string> vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ea", "io"};
    for (;;) {
      std::string word;
      const auto syllables = random_.between(2, 4);
      for (std::int64_t i = 0; i < syllables; ++i) word += random_.pick(onsets) + random_.pick(vowels);
      if (used_.insert(word).second) return word;
    }
  }

  std::vector<std::string> next(std::size_t count) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i) words.push_back(next());
    return words;
  }

 private:
  SeedRandom& random_;
  std::unordered_set<std::string> used_;
};

struct Subtopic {
  std::vector<std::string> tags, words;
};

struct Topic {
  std::string category;
  std::vector<std::string> tags, words;
  std::vector<Subtopic> subtopics;
};

struct Channel {
  std::string id, username;
  std::uint32_t topic = 0;
};

double lognormal(SeedRandom& random, double sigma) {
  const double u1 = std::max(random.uniform(), 1e-12);
  const double u2 = random.uniform();
  return std::exp(sigma * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2));
}

std::vector<Topic> make_topics(std::size_t count, WordMaker& words) {
  const std::size_t categories = std::max<std::size_t>(1, count / 4);
  const auto category_names = words.next(categories);
  std::vector<Topic> topics(count);
  for (std::size_t t = 0; t < count; ++t) {
    topics[t].category = category_names[t % categories];
    topics[t].tags = words.next(10);
    topics[t].words = words.next(20);
    for (std::size_t s = 0; s < kSubtopics; ++s) topics[t].subtopics.push_back({words.next(4), words.next(8)});
  }
  // Neighbouring topics share two tags: tags alone do not separate every topic.
  for (std::size_t t = 0; t + 1 < count; ++t) {
    topics[t + 1].tags[8] = topics[t].tags[0];
    topics[t + 1].tags[9] = topics[t].tags[1];
  }
  return topics;
}

template <class T>
void add_unique(std::vector<T>& items, const T& item) {
  if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
}

WorldVideo make_video(SeedRandom& random, const std::vector<Topic>& topics, const std::vector<Channel>& channels,
                      Millis now) {
  const Channel& channel = random.pick(channels);
  WorldVideo v;
  v.id = random.public_id();
  v.owner_id = channel.id;
  v.topic = random.chance(0.85) ? channel.topic : static_cast<std::uint32_t>(random.between(0, static_cast<std::int64_t>(topics.size()) - 1));
  v.subtopic = static_cast<std::uint32_t>(random.between(0, kSubtopics - 1));
  v.popularity = lognormal(random, 1.2);
  v.created_at = now - static_cast<Millis>(random.uniform() * 365.0 * static_cast<double>(kDayMs));
  const Topic& topic = topics[v.topic];
  const Subtopic& sub = topic.subtopics[v.subtopic];

  std::vector<std::string> title = {random.pick(sub.words), random.pick(sub.words), random.pick(topic.words),
                                    random.pick(kGenericWords)};
  if (random.chance(0.5)) title.push_back(random.pick(kGenericWords));
  for (std::size_t i = title.size(); i > 1; --i) std::swap(title[i - 1], title[static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(i) - 1))]);
  for (const auto& word : title) v.text.title += (v.text.title.empty() ? "" : " ") + word;

  for (std::int64_t i = random.between(1, 2); i > 0; --i) add_unique(v.text.tags, random.pick(sub.tags));
  for (std::int64_t i = random.between(1, 2); i > 0; --i) add_unique(v.text.tags, random.pick(topic.tags));
  if (random.chance(0.3)) add_unique(v.text.tags, random.pick(kGenericTags));
  if (random.chance(0.1)) add_unique(v.text.tags, random.pick(random.pick(topics).tags));

  for (std::int64_t i = random.between(10, 25); i > 0; --i) {
    const double kind = random.uniform();
    const std::string& word = kind < 0.45 ? random.pick(topic.words) : kind < 0.7 ? random.pick(sub.words) : random.pick(kGenericWords);
    v.text.description += (v.text.description.empty() ? "" : " ") + word;
  }
  v.text.category = topic.category;
  v.text.channel = channel.username;
  return v;
}

// Draws indexes of `weights` in proportion to them.
class WeightedPick {
 public:
  void add(std::size_t item, double weight) {
    items_.push_back(item);
    total_ += weight;
    cumulative_.push_back(total_);
  }
  bool empty() const { return items_.empty(); }
  std::size_t draw(SeedRandom& random) const {
    const double target = random.uniform() * total_;
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    return items_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), items_.size() - 1)];
  }

 private:
  std::vector<std::size_t> items_;
  std::vector<double> cumulative_;
  double total_ = 0;
};

struct Catalogue {
  std::vector<Topic> topics;
  std::vector<WorldVideo> videos;
};

Catalogue catalogue(SeedRandom& random, std::size_t videos, std::size_t topic_count, Millis now) {
  WordMaker words(random);
  Catalogue c;
  c.topics = make_topics(topic_count, words);
  std::vector<Channel> channels(std::max<std::size_t>(1, videos / 20));
  for (std::size_t i = 0; i < channels.size(); ++i) {
    channels[i] = {"channel" + std::to_string(i), words.next(), static_cast<std::uint32_t>(i % topic_count)};
  }
  c.videos.reserve(videos);
  for (std::size_t i = 0; i < videos; ++i) c.videos.push_back(make_video(random, c.topics, channels, now));
  return c;
}

}  // namespace

std::vector<WorldVideo> make_catalogue(std::size_t videos, std::size_t topics, std::uint64_t seed, Millis now) {
  SeedRandom random(seed);
  return catalogue(random, videos, topics, now).videos;
}

TasteWorld make_taste_world(const TasteWorldOptions& options) {
  SeedRandom random(options.seed);
  TasteWorld world;
  world.now = 1'700'000'000'000;
  auto c = catalogue(random, options.videos, options.topics, world.now);
  world.videos = std::move(c.videos);

  std::vector<std::vector<WeightedPick>> by_subtopic(options.topics, std::vector<WeightedPick>(kSubtopics));
  WeightedPick anywhere;
  for (std::size_t i = 0; i < world.videos.size(); ++i) {
    const auto& v = world.videos[i];
    by_subtopic[v.topic][v.subtopic].add(i, v.popularity);
    anywhere.add(i, v.popularity);
  }

  for (std::size_t viewer = 0; viewer < options.viewers; ++viewer) {
    const std::string user_id = "viewer" + std::to_string(viewer);
    // Liked topics with weights, and 1–2 favourite subtopics of each.
    std::vector<std::uint32_t> liked;
    WeightedPick liked_pick;
    for (std::int64_t n = random.between(1, 3); static_cast<std::int64_t>(liked.size()) < n;) {
      const auto topic = static_cast<std::uint32_t>(random.between(0, static_cast<std::int64_t>(options.topics) - 1));
      if (std::find(liked.begin(), liked.end(), topic) != liked.end()) continue;
      liked_pick.add(liked.size(), 0.2 + random.uniform());
      liked.push_back(topic);
    }
    std::vector<std::vector<std::uint32_t>> favourites(liked.size());
    for (auto& favourite : favourites) {
      for (std::int64_t n = random.between(1, 2); static_cast<std::int64_t>(favourite.size()) < n;) {
        add_unique(favourite, static_cast<std::uint32_t>(random.between(0, kSubtopics - 1)));
      }
    }
    const auto subtopic_of = [&](std::size_t liked_index, double favourite_chance) {
      return random.chance(favourite_chance) ? random.pick(favourites[liked_index])
                                             : static_cast<std::uint32_t>(random.between(0, kSubtopics - 1));
    };

    std::vector<recs::WatchRecord> session;
    std::unordered_set<std::size_t> seen;
    const auto length = static_cast<std::size_t>(random.between(static_cast<std::int64_t>(options.min_watches),
                                                                static_cast<std::int64_t>(options.max_watches)));
    Millis at = world.now - static_cast<Millis>((10.0 + 20.0 * random.uniform()) * static_cast<double>(kDayMs));
    std::size_t current_liked = liked_pick.draw(random);
    std::uint32_t current_sub = subtopic_of(current_liked, 0.7);
    for (std::size_t w = 0; w < length; ++w) {
      bool noise = false;
      if (w > 0) {
        const double move = random.uniform();
        if (move < 0.6) {
          // the same subtopic
        } else if (move < 0.8) {
          current_sub = subtopic_of(current_liked, 0.6);
        } else if (move < 0.95) {
          current_liked = liked_pick.draw(random);
          current_sub = subtopic_of(current_liked, 0.7);
        } else {
          noise = true;
        }
      }
      std::size_t picked = SIZE_MAX;
      for (int attempt = 0; attempt < 10 && picked == SIZE_MAX; ++attempt) {
        const auto& pool = by_subtopic[liked[current_liked]][current_sub];
        const std::size_t candidate = noise || pool.empty() ? anywhere.draw(random) : pool.draw(random);
        if (!seen.contains(candidate)) picked = candidate;
      }
      if (picked == SIZE_MAX) continue;
      seen.insert(picked);
      const auto& video = world.videos[picked];
      const auto liked_at = std::find(liked.begin(), liked.end(), video.topic);
      double completion = 0.02 + 0.38 * random.uniform();
      if (liked_at != liked.end()) {
        const auto& favourite = favourites[static_cast<std::size_t>(liked_at - liked.begin())];
        const bool favourite_sub = std::find(favourite.begin(), favourite.end(), video.subtopic) != favourite.end();
        completion = favourite_sub ? 0.7 + 0.3 * random.uniform() : 0.3 + 0.6 * random.uniform();
      }
      at += static_cast<Millis>((0.2 + 8.0 * random.uniform()) * static_cast<double>(kHourMs));
      session.push_back({user_id, video.id, completion, std::min(at, world.now)});
    }
    world.sessions.push_back(std::move(session));
  }
  return world;
}

}  // namespace marquee::dev
