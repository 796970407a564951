#include "dev/RecsBench.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

#include "dev/SeedRandom.h"
#include "recs/ContentVector.h"
#include "recs/MatchScore.h"
#include "recs/SimilarRanking.h"
#include "recs/VectorIndex.h"
#include "recs/ViewerTaste.h"

namespace marquee::dev {
namespace {

using Clock = std::chrono::steady_clock;
namespace bj = boost::json;

constexpr std::size_t kTop = 10;
constexpr std::size_t kBuildBatch = 20'000;  // as ContentIndex builds

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
  return values[std::min(index, values.size() - 1)];
}

double round_to(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

unsigned thread_count(unsigned wanted) { return wanted > 0 ? wanted : std::max(1u, std::thread::hardware_concurrency()); }

// The content vectors of a catalogue, with the catalogue's own document frequencies.
std::vector<std::vector<float>> content_vectors(const std::vector<WorldVideo>& videos) {
  std::vector<std::vector<recs::Feature>> features;
  features.reserve(videos.size());
  recs::DocumentFrequencies frequencies;
  for (const auto& video : videos) {
    features.push_back(recs::content_features(video.text));
    frequencies.add(features.back());
  }
  std::vector<std::vector<float>> vectors;
  vectors.reserve(videos.size());
  for (const auto& f : features) vectors.push_back(recs::content_vector(f, frequencies));
  return vectors;
}

recs::IndexedVideo indexed(const WorldVideo& video) { return {video.id, video.owner_id, false, video.created_at}; }

void build_index(recs::VectorIndex& index, const std::vector<WorldVideo>& videos,
                 const std::vector<std::vector<float>>& vectors, unsigned threads) {
  std::vector<recs::VectorItem> batch;
  for (std::size_t i = 0; i < videos.size(); ++i) {
    batch.push_back({indexed(videos[i]), vectors[i]});
    if (batch.size() >= kBuildBatch) index.put_all(std::exchange(batch, {}), threads);
  }
  index.put_all(std::move(batch), threads);
}

// Videos sharing a tag with the query, newest first: "similar videos" as many platforms do it.
class SharedTagsNewestFirst {
 public:
  explicit SharedTagsNewestFirst(const std::vector<WorldVideo>& videos) : videos_(videos) {
    for (std::size_t i = 0; i < videos.size(); ++i) {
      for (const auto& tag : videos[i].text.tags) by_tag_[tag].push_back(i);
    }
  }

  std::vector<std::size_t> rank(std::size_t query, std::size_t limit) const {
    std::unordered_set<std::size_t> candidates;
    for (const auto& tag : videos_[query].text.tags) {
      for (std::size_t i : by_tag_.at(tag)) {
        if (i != query) candidates.insert(i);
      }
    }
    std::vector<std::size_t> ranked(candidates.begin(), candidates.end());
    const auto newer = [&](std::size_t a, std::size_t b) {
      return videos_[a].created_at != videos_[b].created_at ? videos_[a].created_at > videos_[b].created_at : a < b;
    };
    const std::size_t keep = std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), newer);
    ranked.resize(keep);
    return ranked;
  }

 private:
  const std::vector<WorldVideo>& videos_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_tag_;
};

struct Score {
  std::string name;
  double hits = 0, ndcg = 0;
  std::size_t queries = 0;
  std::unordered_set<std::string> shown;

  void add(const std::vector<std::string>& ranked, const std::string& held_out) {
    ++queries;
    for (std::size_t r = 0; r < ranked.size() && r < kTop; ++r) {
      shown.insert(ranked[r]);
      if (ranked[r] == held_out) {
        hits += 1;
        ndcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
      }
    }
  }

  bj::object json(std::size_t catalogue) const {
    const double q = std::max<double>(1, static_cast<double>(queries));
    return {{"ranker", name},
            {"recall_at_10", round_to(hits / q, 4)},
            {"ndcg_at_10", round_to(ndcg / q, 4)},
            {"coverage", round_to(static_cast<double>(shown.size()) / static_cast<double>(catalogue), 4)}};
  }
};

std::vector<std::string> ids_of(const std::vector<recs::Recommendation>& ranked) {
  std::vector<std::string> ids;
  for (const auto& r : ranked) ids.push_back(r.video.video_id);
  return ids;
}

bj::object quality(const RecsBenchOptions& options) {
  const auto started = Clock::now();
  const TasteWorld world = make_taste_world(options.world);
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < world.videos.size(); ++i) index_of[world.videos[i].id] = i;
  const auto vectors = content_vectors(world.videos);
  recs::VectorIndex index(recs::kContentDimensions, recs::HnswParameters{}, world.videos.size());
  build_index(index, world.videos, vectors, thread_count(options.threads));

  std::vector<recs::WatchRecord> training;
  struct Query {
    std::size_t viewer;
    std::string source, held_out;
  };
  std::vector<Query> queries;
  for (std::size_t v = 0; v < world.sessions.size(); ++v) {
    const auto& session = world.sessions[v];
    const bool evaluated = session.size() >= 3;
    for (std::size_t w = 0; w + (evaluated ? 1 : 0) < session.size(); ++w) training.push_back(session[w]);
    if (evaluated) queries.push_back({v, session[session.size() - 2].video_id, session.back().video_id});
  }
  const auto cowatch = recs::CoWatchTable::compute(training, recs::CoWatchOptions{});

  const SharedTagsNewestFirst baseline(world.videos);
  std::vector<Score> scores = {{"shared-tags-newest-first"}, {"content"}, {"co-watch"}, {"blend"}, {"for-you"}};
  // The blend's match of what it shows, by how the shown video relates to the query.
  std::vector<double> same_subtopic_match, same_topic_match, other_topic_match;
  for (const auto& query : queries) {
    const std::size_t source = index_of.at(query.source);
    std::vector<std::string> ids;
    for (std::size_t i : baseline.rank(source, kTop)) ids.push_back(world.videos[i].id);
    scores[0].add(ids, query.held_out);
    const recs::Signals signals[] = {recs::Signals::content, recs::Signals::cowatch, recs::Signals::blend};
    for (std::size_t s = 0; s < 3; ++s) {
      const auto ranked = recs::rank_similar(index, cowatch, query.source, vectors[source], kTop, {}, signals[s]);
      scores[s + 1].add(ids_of(ranked), query.held_out);
      if (signals[s] != recs::Signals::blend) continue;
      for (const auto& r : ranked) {
        const auto& shown = world.videos[index_of.at(r.video.video_id)];
        const auto& of = world.videos[source];
        auto& matches = shown.topic != of.topic         ? other_topic_match
                        : shown.subtopic != of.subtopic ? same_topic_match
                                                        : same_subtopic_match;
        matches.push_back(recs::match_percent(r.score));
      }
    }
    // For you: the viewer's watches but the held-out one, most recent first.
    const auto& session = world.sessions[query.viewer];
    std::vector<recs::ViewerWatch> history;
    for (std::size_t w = session.size() - 1; w-- > 0;) {
      history.push_back({session[w].video_id, session[w].completion, session[w].watched_at,
                         session[w].completion >= 0.9});
    }
    if (history.size() > 50) history.resize(50);
    const auto taste = recs::viewer_taste(history, index, world.now);
    auto ranked = recs::rank_for_viewer(taste, index, cowatch, 200, {});
    std::erase_if(ranked, [&](const recs::Recommendation& r) {
      return std::any_of(history.begin(), history.end(), [&](const auto& h) { return h.video_id == r.video.video_id; });
    });
    if (ranked.size() > kTop) ranked.resize(kTop);
    scores[4].add(ids_of(ranked), query.held_out);
  }

  bj::array rankers;
  for (const auto& score : scores) rankers.push_back(score.json(world.videos.size()));
  const auto match_summary = [](const std::vector<double>& matches) {
    const auto share = [&](double at_least) {
      if (matches.empty()) return 0.0;
      return round_to(static_cast<double>(std::count_if(matches.begin(), matches.end(),
                                                        [&](double m) { return m >= at_least; })) /
                          static_cast<double>(matches.size()),
                      3);
    };
    return bj::object{{"items", matches.size()},
                      {"median", percentile(matches, 0.5)},
                      {"shown", share(recs::kShownMatch)},
                      {"at_90", share(90)}};
  };
  return {{"videos", world.videos.size()},
          {"topics", options.world.topics},
          {"viewers", world.sessions.size()},
          {"queries", queries.size()},
          {"training_watches", training.size()},
          {"rankers", std::move(rankers)},
          {"blend_match",
           {{"same_subtopic", match_summary(same_subtopic_match)},
            {"same_topic", match_summary(same_topic_match)},
            {"other_topic", match_summary(other_topic_match)}}},
          {"seconds", round_to(seconds_since(started), 1)}};
}

bj::object latency(const RecsBenchOptions& options) {
  const std::size_t n = options.latency_videos;
  const auto generated = Clock::now();
  const auto videos = make_catalogue(n, std::max<std::size_t>(40, n / 500), options.world.seed + 1, 1'700'000'000'000);
  auto vectors = content_vectors(videos);
  const double generate_s = seconds_since(generated);

  const std::size_t resident_before = resident_bytes();
  const auto build_started = Clock::now();
  recs::VectorIndex index(recs::kContentDimensions, options.hnsw, n);
  build_index(index, videos, vectors, thread_count(options.threads));
  const double build_s = seconds_since(build_started);
  const std::size_t resident_after = resident_bytes();

  SeedRandom random(options.world.seed + 2);
  std::vector<std::size_t> queries;
  for (std::size_t q = 0; q < options.latency_queries; ++q) queries.push_back(static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(n) - 1)));

  std::vector<double> search_us, similar_us;
  std::vector<std::vector<std::string>> found;
  const recs::CoWatchTable no_cowatch;
  for (std::size_t q : queries) {
    auto start = Clock::now();
    auto nearest = index.nearest(vectors[q], kTop + 1);
    search_us.push_back(seconds_since(start) * 1e6);
    std::vector<std::string> ids;
    for (const auto& neighbour : nearest) {
      if (neighbour.video.video_id != videos[q].id && ids.size() < kTop) ids.push_back(neighbour.video.video_id);
    }
    found.push_back(std::move(ids));
    start = Clock::now();
    auto similar = recs::rank_similar(index, no_cowatch, videos[q].id, vectors[q], 20, {});
    similar_us.push_back(seconds_since(start) * 1e6);
  }

  // Exact: every vector's cosine, the best ten (the query itself left out).
  std::vector<double> exact_us;
  std::size_t agree = 0, wanted = 0;
  const std::size_t exact_queries = std::min(options.exact_queries, queries.size());
  std::vector<std::pair<float, std::size_t>> all(n);
  for (std::size_t e = 0; e < exact_queries; ++e) {
    const std::size_t q = queries[e];
    const auto start = Clock::now();
    for (std::size_t i = 0; i < n; ++i) all[i] = {i == q ? 2.0f : -recs::dot(vectors[q], vectors[i]), i};  // the query itself last
    std::partial_sort(all.begin(), all.begin() + kTop, all.end());
    exact_us.push_back(seconds_since(start) * 1e6);
    std::unordered_set<std::string> truth;
    for (std::size_t i = 0; i < kTop; ++i) truth.insert(videos[all[i].second].id);
    for (const auto& id : found[e]) agree += truth.count(id);
    wanted += kTop;
  }

  const recs::HnswParameters& parameters = options.hnsw;
  return {{"videos", n},
          {"dimensions", recs::kContentDimensions},
          {"hnsw", {{"m", parameters.m}, {"ef_construction", parameters.ef_construction}, {"ef_search", parameters.ef_search}}},
          {"threads", thread_count(options.threads)},
          {"generate_s", round_to(generate_s, 1)},
          {"build_s", round_to(build_s, 1)},
          {"index_mib", round_to(static_cast<double>(index.memory_bytes()) / (1024.0 * 1024.0), 1)},
          {"resident_growth_mib", round_to(static_cast<double>(resident_after - std::min(resident_after, resident_before)) /
                                               (1024.0 * 1024.0), 1)},
          {"hnsw_search_us", {{"p50", round_to(percentile(search_us, 0.5), 1)}, {"p99", round_to(percentile(search_us, 0.99), 1)}}},
          {"similar_us", {{"p50", round_to(percentile(similar_us, 0.5), 1)}, {"p99", round_to(percentile(similar_us, 0.99), 1)}}},
          {"exact_us", {{"p50", round_to(percentile(exact_us, 0.5), 1)}, {"p99", round_to(percentile(exact_us, 0.99), 1)}}},
          {"queries", queries.size()},
          {"exact_queries", exact_queries},
          {"recall_at_10", round_to(static_cast<double>(agree) / static_cast<double>(std::max<std::size_t>(1, wanted)), 4)}};
}

}  // namespace

std::string run_recs_bench(const RecsBenchOptions& options) {
  bj::object out{{"quality", quality(options)}};
  if (options.latency_videos > 0) out["latency"] = latency(options);
  return bj::serialize(out);
}

}  // namespace marquee::dev
