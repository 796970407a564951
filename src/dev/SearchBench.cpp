#include "dev/SearchBench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <iostream>
#include <sstream>
#include <unordered_set>

#include "core/Clock.h"
#include "db/Migrations.h"
#include "dev/RowBatch.h"
#include "search/SearchService.h"
#include "search/SearchText.h"
#include "videos/VideoRow.h"

namespace marquee::dev {
namespace {

using Clock = std::chrono::steady_clock;

// Pronounceable made-up words, one per rank: "lorvane", "tikasu"…
std::vector<std::string> make_vocabulary(std::size_t size, std::mt19937_64& random) {
  static const char* onsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "ch"};
  static const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  while (words.size() < size) {
    std::string word;
    const int syllables = 2 + static_cast<int>(random() % 3);
    for (int s = 0; s < syllables; ++s) {
      word += onsets[random() % std::size(onsets)];
      word += vowels[random() % std::size(vowels)];
    }
    if (random() % 3 == 0) word += "n";
    if (seen.insert(word).second) words.push_back(word);
  }
  return words;
}

// Ranks drawn with probability ∝ 1 / rank^s.
class Zipf {
 public:
  Zipf(std::size_t n, double s) : cumulative_(n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) cumulative_[i] = total += 1.0 / std::pow(static_cast<double>(i + 1), s);
    for (auto& c : cumulative_) c /= total;
  }
  std::size_t operator()(std::mt19937_64& random) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(random);
    return static_cast<std::size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

std::string sentence(const std::vector<std::string>& vocabulary, const Zipf& zipf, int words, std::mt19937_64& random,
                     bool capitalize) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    std::string word = vocabulary[zipf(random)];
    if (capitalize && i == 0) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    out += (i ? " " : "") + word;
  }
  return out;
}

struct Timings {
  std::vector<double> ms;
  double percentile(double p) const {
    if (ms.empty()) return 0;
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  }
};

template <typename F>
double timed_ms(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void load_catalogue(db::Database& db, const SearchBenchOptions& options, const std::function<void(const std::string&)>& progress) {
  std::mt19937_64 random(options.seed);
  const auto vocabulary = make_vocabulary(50'000, random);
  const Zipf words(vocabulary.size(), 1.0);
  const Zipf tags(2'000, 1.0);
  const std::int64_t users = std::max<std::int64_t>(10, options.videos / 100);
  const Millis now = wall_clock_ms();
  {
    RowBatch batch(db, "INSERT INTO users (id, email, username, username_key, password_hash, display_name, created_at, updated_at)", 8);
    for (std::int64_t u = 0; u < users; ++u) {
      const std::string name = "bench" + std::to_string(u);
      batch.add({"bu" + std::to_string(u), name + "@example.com", name, name, "x",
                 sentence(vocabulary, words, 2, random, true), now, now});
    }
    batch.finish();
  }
  RowBatch batch(db,
                 "INSERT INTO videos (id, owner_id, title, description, tags_json, category, visibility, status, "
                 "duration_ms, width, height, views_count, likes_count, created_at, updated_at)",
                 15);
  for (std::int64_t v = 0; v < options.videos; ++v) {
    std::vector<std::string> video_tags;
    for (int t = 0; t < 3; ++t) {
      std::string tag = vocabulary[tags(random)];
      if (std::find(video_tags.begin(), video_tags.end(), tag) == video_tags.end()) video_tags.push_back(tag);
    }
    const std::string id = "bv" + std::to_string(v);
    // Uploaded over the last year in the order they are loaded, as a site's videos arrive.
    const Millis created = now - (options.videos - v) * (365LL * 86'400'000 / options.videos);
    batch.add({id, "bu" + std::to_string(static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(users))),
               sentence(vocabulary, words, 3 + static_cast<int>(random() % 6), random, true),
               sentence(vocabulary, words, 15 + static_cast<int>(random() % 25), random, false),
               videos::tags_column(video_tags), "Entertainment", "public", "ready",
               static_cast<std::int64_t>(30'000 + random() % 1'800'000), std::int64_t{1920}, std::int64_t{1080},
               static_cast<std::int64_t>(std::pow(10.0, std::uniform_real_distribution<double>(0, 6)(random))),
               static_cast<std::int64_t>(random() % 1000), created, created});
    if ((v + 1) % 100'000 == 0) progress("loaded " + std::to_string(v + 1) + " videos");
  }
  batch.finish();
}

}  // namespace

std::string run_search_bench(db::Database& db, const SearchBenchOptions& options,
                             const std::function<void(const std::string&)>& progress) {
  db::run_migrations(db);
  std::ostringstream report;
  const char* engine = db.dialect() == db::Dialect::sqlite ? "SQLite FTS5" : "PostgreSQL tsvector+GIN";
  if (!options.reuse) {
    const bool postgres = db.dialect() == db::Dialect::postgres;
    // PostgreSQL builds a GIN index much faster in one statement than row by row (the triggers
    // stay the way every later change reaches the index).
    if (postgres) db.execute("ALTER TABLE videos DISABLE TRIGGER videos_search");
    const double load_ms = timed_ms([&] {
      load_catalogue(db, options, progress);
      if (postgres) {
        db.execute("INSERT INTO video_search (video_id, owner_id, is_adult, category, duration_ms, created_at, document) "
                   "SELECT v.id, v.owner_id, v.is_adult, v.category, v.duration_ms, v.created_at, "
                   "marquee_video_document(v.title, v.tags_json, u.username || ' ' || u.display_name, v.description) "
                   "FROM videos v JOIN users u ON u.id = v.owner_id");
        db.execute("ALTER TABLE videos ENABLE TRIGGER videos_search");
      }
      db.execute("ANALYZE");  // what autovacuum would do soon after a bulk load
    });
    report << "catalogue: " << options.videos << " videos loaded and indexed in " << static_cast<int>(load_ms / 1000)
           << " s (" << engine << ")\n";
  }
  SystemClock clock;
  search::SearchService service(db, clock, {{"Entertainment"}, 30});
  const double refresh_ms = timed_ms([&] { service.refresh(); });
  report << "vocabulary and suggestions loaded in " << static_cast<int>(refresh_ms) << " ms\n\n";
  progress("catalogue ready; timing queries");

  // Queries are words of real titles: common words come up as often as people type them.
  std::mt19937_64 random(options.seed + 1);
  auto title_words = [&] {
    for (;;) {
      const std::string id = "bv" + std::to_string(random() % static_cast<std::uint64_t>(options.videos));
      auto rows = db.query("SELECT title FROM videos WHERE id = ?", {id});
      if (rows.empty()) continue;
      auto w = search::words(rows.front().str("title"));
      if (w.size() >= 3) return w;
    }
  };
  auto typo_of = [&](std::string word) {
    const std::size_t at = 1 + random() % (word.size() - 2);
    switch (random() % 3) {
      case 0: std::swap(word[at], word[at + 1]); break;        // swap
      case 1: word.erase(at, 1); break;                        // deletion
      default: word[at] = static_cast<char>('a' + random() % 26);  // substitution
    }
    return word;
  };
  struct Kind {
    std::string name;
    std::vector<std::string> queries;
  };
  std::vector<Kind> kinds{{"one word", {}}, {"two words", {}}, {"three words", {}}, {"typo (one word of 5+ letters)", {}},
                          {"as you type (last word a prefix)", {}}};
  for (int i = 0; i < options.queries; ++i) {
    auto w = title_words();
    std::shuffle(w.begin(), w.end(), random);
    kinds[0].queries.push_back(w[0] + " ");
    kinds[1].queries.push_back(w[0] + " " + w[1] + " ");
    kinds[2].queries.push_back(w[0] + " " + w[1] + " " + w[2] + " ");
    std::string long_word;
    for (const auto& word : w) {
      if (word.size() >= 5) long_word = word;
    }
    if (long_word.empty()) long_word = w[0] + "ab";
    kinds[3].queries.push_back(typo_of(long_word) + " ");
    kinds[4].queries.push_back(w[0] + " " + w[1].substr(0, std::max<std::size_t>(2, w[1].size() / 2)));
  }

  report << "| query (" << engine << ", " << options.videos << " videos) | Marquee p50 ms | Marquee p99 ms | "
         << "naive LIKE p50 ms | naive p99 ms | naive ÷ Marquee (p50) | results found (Marquee) |\n"
         << "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& kind : kinds) {
    Timings marquee, naive;
    std::size_t nonempty = 0;
    for (const auto& q : kind.queries) {
      search::SearchRequest request;
      request.q = q;
      std::size_t found = 0;
      marquee.ms.push_back(timed_ms([&] { found = service.search(std::nullopt, request).items.size(); }));
      if (std::getenv("MARQUEE_BENCH_SLOW") && marquee.ms.back() > 30) std::cerr << "slow " << marquee.ms.back() << " ms: " << q << "\n";
      if (found > 0) ++nonempty;
    }
    for (int i = 0; i < options.naive_queries && i < static_cast<int>(kind.queries.size()); ++i) {
      // The naive way: every word anywhere in the title or description, most viewed first.
      std::string sql = "SELECT id FROM videos WHERE visibility = 'public' AND status IN ('playable', 'ready')";
      std::vector<db::Value> params;
      for (const auto& word : search::words(kind.queries[static_cast<std::size_t>(i)])) {
        sql += " AND (lower(title) LIKE ? OR lower(description) LIKE ?)";
        params.emplace_back("%" + word + "%");
        params.emplace_back("%" + word + "%");
      }
      sql += " ORDER BY views_count DESC LIMIT 20";
      naive.ms.push_back(timed_ms([&] { db.query(sql, params); }));
    }
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %.2f | %.2f | %.1f | %.1f | %.0f× | %zu of %zu |\n", kind.name.c_str(),
                  marquee.percentile(0.5), marquee.percentile(0.99), naive.percentile(0.5), naive.percentile(0.99),
                  naive.percentile(0.5) / std::max(marquee.percentile(0.5), 1e-6), nonempty, kind.queries.size());
    report << line;
  }
  Timings suggest;
  for (const auto& q : kinds[4].queries) suggest.ms.push_back(timed_ms([&] { service.suggest(q); }));
  char line[256];
  std::snprintf(line, sizeof line, "| suggest (as you type) | %.2f | %.2f | | | | |\n", suggest.percentile(0.5),
                suggest.percentile(0.99));
  report << line;
  return report.str();
}

}  // namespace marquee::dev
