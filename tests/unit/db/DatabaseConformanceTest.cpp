// One conformance suite for the Database contract, run against SQLite and PostgreSQL through
// open_database(), so the stores built on it behave the same on either backend.
//
// Isolation: each SQLite test opens a fresh temp file and deletes it afterwards. The
// PostgreSQL tests need MARQUEE_TEST_POSTGRES_URL (scripts/with-postgres sets it) and skip
// without it; each creates a fresh schema and opens the database under test with
// `options=-csearch_path=<schema>` in the URL, so every table it makes, schema_migrations
// included, lives in that schema, which is dropped with CASCADE afterwards.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <latch>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.h"
#include "db/Database.h"
#include "db/Migrations.h"

namespace marquee::db {
namespace {

using namespace std::chrono_literals;

std::string random_hex_suffix() {
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> any;
  const std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device() ^ any(device);
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(bits));
  return buffer;
}

std::string with_query_parameter(const std::string& url, const std::string& parameter) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

// The same migrations for both dialects, so run_migrations picks its own.
std::vector<Migration> for_both_dialects(const std::vector<Migration>& migrations) {
  std::vector<Migration> out;
  for (const auto& m : migrations) {
    out.push_back({"sqlite", m.version, m.name, m.sql});
    out.push_back({"postgres", m.version, m.name, m.sql});
  }
  return out;
}

// Lets two threads meet, but never waits longer than `limit`: on SQLite the second writer
// cannot start until the first commits, so a plain barrier would hang.
class BoundedRendezvous {
 public:
  void arrive_and_wait_for(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    met_.notify_all();
    met_.wait_for(lock, limit, [this] { return arrived_ >= 2; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable met_;
  int arrived_ = 0;
};

class DatabaseConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      sqlite_path_ = std::filesystem::temp_directory_path() / ("marquee-conformance-" + random_hex_suffix() + ".db");
      url_ = "sqlite:" + sqlite_path_.string();
    } else {
      const char* base_url = std::getenv("MARQUEE_TEST_POSTGRES_URL");
      if (base_url == nullptr || *base_url == '\0') {
        GTEST_SKIP() << "MARQUEE_TEST_POSTGRES_URL is not set; run the tests under scripts/with-postgres "
                        "to check the PostgreSQL implementation";
      }
      admin_ = open_database(base_url, {.pool_size = 1});
      schema_ = "conformance_" + random_hex_suffix();
      admin_->execute("CREATE SCHEMA " + schema_);
      url_ = with_query_parameter(base_url, "options=-csearch_path%3D" + schema_);
    }
    db_ = open();
  }

  void TearDown() override {
    db_.reset();
    if (admin_) admin_->execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!sqlite_path_.empty()) {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path_.string() + suffix, ignored);
    }
  }

  std::unique_ptr<Database> open(DatabaseOptions options = {}) { return open_database(url_, options); }
  bool is_postgres() const { return GetParam() == "postgres"; }
  std::string generated_id_column() const {
    return is_postgres() ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY";
  }
  std::int64_t count_rows(const std::string& table) {
    return db_->query("SELECT COUNT(*) AS n FROM " + table).front().i64("n");
  }

  std::string url_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Database> admin_;
  std::string schema_;
  std::filesystem::path sqlite_path_;
};

TEST_P(DatabaseConformanceTest, ReportsItsDialectAndAnswersPing) {
  EXPECT_EQ(db_->dialect(), is_postgres() ? Dialect::postgres : Dialect::sqlite);
  EXPECT_TRUE(db_->ping());
}

TEST_P(DatabaseConformanceTest, EveryValueTypeRoundTripsExactly) {
  db_->execute("CREATE TABLE samples (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT)");
  struct Sample {
    std::int64_t id;
    Value i, d, s;
  };
  const std::vector<Sample> samples = {
      {1, std::int64_t{0}, 0.0, std::string()},
      {2, std::numeric_limits<std::int64_t>::max(), 0.1, std::string("héllo wörld ✓ 日本語 🎬 Ω≈ç")},
      {3, std::numeric_limits<std::int64_t>::min(), -1.0e300, std::string("it's \"quoted\" and ''doubled''")},
      {4, std::int64_t{-42}, 1.0 / 3.0, std::string("what? ?? ?1 $1 -- not a comment /* nor this */")},
      {5, nullptr, nullptr, nullptr},
      {6, std::int64_t{7}, 2.5e-308, std::string(100'000, 'x')},
      {7, std::int64_t{1}, 123456789.125, std::string("line\nbreak\ttab\\backslash;")},
  };
  for (const auto& sample : samples) {
    const Result inserted = db_->execute("INSERT INTO samples (id, i, d, s) VALUES (?, ?, ?, ?)",
                                         {sample.id, sample.i, sample.d, sample.s});
    EXPECT_EQ(inserted.affected_rows(), 1);
  }

  const Result result = db_->query("SELECT id, i, d, s FROM samples ORDER BY id");
  ASSERT_EQ(result.size(), samples.size());
  for (std::size_t n = 0; n < samples.size(); ++n) {
    const Row row = result.row(n);
    SCOPED_TRACE("sample " + std::to_string(samples[n].id));
    EXPECT_EQ(row.at("id"), Value(samples[n].id));
    EXPECT_EQ(row.at("i"), samples[n].i);
    EXPECT_EQ(row.at("d"), samples[n].d);
    EXPECT_EQ(row.at("s"), samples[n].s);
  }

  const Row nulls = result.row(4);
  EXPECT_TRUE(nulls.is_null("i"));
  EXPECT_TRUE(nulls.is_null("s"));
  EXPECT_EQ(nulls.i64("i"), 0);
  EXPECT_EQ(nulls.str("s"), "");
  EXPECT_FALSE(result.row(0).is_null("s"));

  const Result found = db_->query("SELECT id FROM samples WHERE s = ?", {std::string("héllo wörld ✓ 日本語 🎬 Ω≈ç")});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.front().i64("id"), 2);
}

TEST_P(DatabaseConformanceTest, QuestionMarksInLiteralsIdentifiersAndCommentsAreNotPlaceholders) {
  const Result result = db_->query(
      "SELECT 'why?' AS a, 'it''s ?' AS b, ? AS c, '?' || ? AS \"what?\" -- is this ? a parameter\n",
      {std::string("bound"), std::string("x")});
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result.front().str("a"), "why?");
  EXPECT_EQ(result.front().str("b"), "it's ?");
  EXPECT_EQ(result.front().str("c"), "bound");
  EXPECT_EQ(result.front().str("what?"), "?x");

  db_->execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  db_->execute("INSERT INTO notes (id, body) VALUES (?, 'literal ? mark')", {std::int64_t{1}});
  db_->execute("UPDATE notes SET body = body || ? WHERE id = ? AND body <> '?'", {std::string(" and ?"), std::int64_t{1}});
  EXPECT_EQ(db_->query("SELECT body FROM notes WHERE id = ?", {std::int64_t{1}}).front().str("body"),
            "literal ? mark and ?");
}

TEST_P(DatabaseConformanceTest, BooleansAndCountsReadAsIntegers) {
  const Result result = db_->query("SELECT (1 = 1) AS yes, (1 = 0) AS no, COUNT(*) AS n FROM (SELECT 1 AS x) AS one");
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result.front().at("yes"), Value(std::int64_t{1}));
  EXPECT_EQ(result.front().at("no"), Value(std::int64_t{0}));
  EXPECT_EQ(result.front().at("n"), Value(std::int64_t{1}));
  EXPECT_TRUE(result.front().boolean("yes"));
  EXPECT_FALSE(result.front().boolean("no"));
}

TEST_P(DatabaseConformanceTest, ReturningHandsBackGeneratedAndChangedValues) {
  db_->execute("CREATE TABLE items (" + generated_id_column() + ", name TEXT NOT NULL, qty BIGINT NOT NULL DEFAULT 0)");

  const Result apple = db_->execute("INSERT INTO items (name) VALUES (?) RETURNING id, name, qty", {std::string("apple")});
  ASSERT_EQ(apple.size(), 1u);
  const std::int64_t apple_id = apple.front().i64("id");
  EXPECT_GT(apple_id, 0);
  EXPECT_EQ(apple.front().str("name"), "apple");
  EXPECT_EQ(apple.front().at("qty"), Value(std::int64_t{0}));

  const std::int64_t pear_id =
      db_->execute("INSERT INTO items (name) VALUES (?) RETURNING id", {std::string("pear")}).front().i64("id");
  EXPECT_GT(pear_id, apple_id);

  const Result updated =
      db_->execute("UPDATE items SET qty = qty + ? WHERE id = ? RETURNING qty", {std::int64_t{5}, pear_id});
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated.front().i64("qty"), 5);

  const Result deleted = db_->execute("DELETE FROM items WHERE id = ? RETURNING name", {apple_id});
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted.front().str("name"), "apple");
  EXPECT_EQ(deleted.affected_rows(), 1);
  EXPECT_EQ(count_rows("items"), 1);
}

TEST_P(DatabaseConformanceTest, AffectedRowsCountsWhatChanged) {
  db_->execute("CREATE TABLE items (id INTEGER PRIMARY KEY, qty BIGINT NOT NULL)");
  EXPECT_EQ(db_->execute("INSERT INTO items (id, qty) VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)").affected_rows(), 5);
  EXPECT_EQ(db_->execute("UPDATE items SET qty = qty * 10 WHERE qty > ?", {std::int64_t{2}}).affected_rows(), 3);
  EXPECT_EQ(db_->execute("DELETE FROM items WHERE qty = ?", {std::int64_t{10}}).affected_rows(), 0);
  EXPECT_EQ(db_->execute("DELETE FROM items WHERE id IN (?, ?)", {std::int64_t{1}, std::int64_t{2}}).affected_rows(), 2);
  EXPECT_EQ(count_rows("items"), 3);
}

TEST_P(DatabaseConformanceTest, PreparedStatementsAreReusedWithFreshParameters) {
  db_->execute("CREATE TABLE squares (n INTEGER PRIMARY KEY, square BIGINT NOT NULL)");
  for (std::int64_t n = 1; n <= 50; ++n) db_->execute("INSERT INTO squares (n, square) VALUES (?, ?)", {n, n * n});
  for (std::int64_t n = 1; n <= 50; ++n) {
    EXPECT_EQ(db_->query("SELECT square FROM squares WHERE n = ?", {n}).front().i64("square"), n * n);
  }
  EXPECT_THROW(db_->query("SELECT square FROM squares WHERE n = ?", {}), Error);
}

TEST_P(DatabaseConformanceTest, CommittedWritesAreVisibleToReadsAndOtherInstances) {
  db_->execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const std::int64_t written = db_->write([](Connection& c) {
    c.exec("INSERT INTO notes (id, body) VALUES (?, ?)", {std::int64_t{1}, std::string("one")});
    c.exec("INSERT INTO notes (id, body) VALUES (?, ?)", {std::int64_t{2}, std::string("two")});
    return c.exec("SELECT COUNT(*) AS n FROM notes").front().i64("n");
  });
  EXPECT_EQ(written, 2);

  const std::string bodies = db_->read([](Connection& c) {
    std::string out;
    for (auto row : c.exec("SELECT body FROM notes ORDER BY id")) out += row.str("body") + ";";
    return out;
  });
  EXPECT_EQ(bodies, "one;two;");

  auto other = open();
  EXPECT_EQ(other->query("SELECT body FROM notes WHERE id = ?", {std::int64_t{2}}).front().str("body"), "two");
}

TEST_P(DatabaseConformanceTest, ReadersDoNotSeeUncommittedWrites) {
  db_->execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  std::int64_t seen_during_write = -1;
  db_->write([&](Connection& c) {
    c.exec("INSERT INTO notes (id, body) VALUES (1, 'pending')");
    seen_during_write = std::async(std::launch::async, [&] { return count_rows("notes"); }).get();
  });
  EXPECT_EQ(seen_during_write, 0);
  EXPECT_EQ(count_rows("notes"), 1);
}

TEST_P(DatabaseConformanceTest, WriteRollsBackWhenTheCallbackThrows) {
  db_->execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

  EXPECT_THROW(db_->write([](Connection& c) {
    c.exec("INSERT INTO notes (id, body) VALUES (1, 'doomed')");
    c.exec_script("INSERT INTO notes (id, body) VALUES (2, 'doomed too');");
    throw std::runtime_error("the service changed its mind");
  }),
               std::runtime_error);
  EXPECT_EQ(count_rows("notes"), 0);

  EXPECT_THROW(db_->write([](Connection& c) {
    c.exec("INSERT INTO notes (id, body) VALUES (3, 'doomed')");
    c.exec("INSERT INTO no_such_table (id) VALUES (1)");
  }),
               Error);
  EXPECT_EQ(count_rows("notes"), 0);

  db_->execute("INSERT INTO notes (id, body) VALUES (4, 'kept')");
  EXPECT_EQ(count_rows("notes"), 1);
}

TEST_P(DatabaseConformanceTest, InvalidSqlIsAnInternalError) {
  try {
    db_->execute("SELEC nonsense FROM nowhere");
    FAIL() << "invalid SQL did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::internal) << e.what();
  }
  EXPECT_TRUE(db_->ping());
}

TEST_P(DatabaseConformanceTest, ExecScriptRunsSeveralStatementsInTheTransaction) {
  db_->write([](Connection& c) {
    c.exec_script(
        "CREATE TABLE a (x INTEGER NOT NULL);\n"
        "INSERT INTO a (x) VALUES (1);\n"
        "INSERT INTO a (x) VALUES (2); -- a comment with a ? in it\n");
  });
  EXPECT_EQ(db_->query("SELECT SUM(x) AS total FROM a").front().i64("total"), 3);
}

TEST_P(DatabaseConformanceTest, DuplicateKeyThrowsUniqueViolationNamingTheColumn) {
  db_->execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, handle TEXT NOT NULL)");
  db_->execute("INSERT INTO users (id, email, handle) VALUES (1, 'ada@example.com', 'ada')");

  try {
    db_->write([](Connection& c) {
      c.exec("INSERT INTO users (id, email, handle) VALUES (?, ?, ?)",
             {std::int64_t{2}, std::string("bob@example.com"), std::string("bob")});
      c.exec("INSERT INTO users (id, email, handle) VALUES (?, ?, ?)",
             {std::int64_t{3}, std::string("ada@example.com"), std::string("impostor")});
    });
    FAIL() << "duplicate email did not throw";
  } catch (const UniqueViolation& e) {
    EXPECT_TRUE(e.mentions("email")) << e.what();
  }
  EXPECT_EQ(count_rows("users"), 1) << "the whole transaction, including bob, must roll back";

  EXPECT_THROW(db_->execute("INSERT INTO users (id, email, handle) VALUES (1, 'new@example.com', 'dup-id')"),
               UniqueViolation);
  EXPECT_EQ(count_rows("users"), 1);
  db_->execute("INSERT INTO users (id, email, handle) VALUES (2, 'bob@example.com', 'bob')");
  EXPECT_EQ(count_rows("users"), 2);
}

TEST_P(DatabaseConformanceTest, ConcurrentWritersNeverLoseAnIncrement) {
  db_->execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  db_->execute("INSERT INTO counters (id, n) VALUES (1, 0)");
  constexpr int kThreads = 8;
  constexpr int kIncrementsPerThread = 100;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kIncrementsPerThread; ++i) {
        try {
          db_->write([](Connection& c) { c.exec("UPDATE counters SET n = n + 1 WHERE id = ?", {std::int64_t{1}}); });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(db_->query("SELECT n FROM counters WHERE id = 1").front().i64("n"), kThreads * kIncrementsPerThread);
}

TEST_P(DatabaseConformanceTest, CallersQueueForASmallPoolAndAllFinish) {
  auto small = open({.pool_size = 2});
  small->execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  small->execute("INSERT INTO counters (id, n) VALUES (1, 0)");
  std::atomic<bool> over_capacity{false};
  std::vector<std::thread> callers;
  for (int t = 0; t < 6; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto check = [&](Connection&) {
          const PoolStats stats = small->pool_stats();
          if (stats.in_use < 1 || stats.in_use > stats.size) over_capacity = true;
        };
        if (t % 2 == 0) {
          small->write([&](Connection& c) {
            check(c);
            c.exec("UPDATE counters SET n = n + 1 WHERE id = 1");
          });
        } else {
          small->read([&](Connection& c) {
            check(c);
            c.exec("SELECT n FROM counters WHERE id = 1");
          });
        }
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_FALSE(over_capacity.load());
  EXPECT_EQ(small->query("SELECT n FROM counters WHERE id = 1").front().i64("n"), 3 * 25);
  EXPECT_EQ(small->pool_stats().in_use, 0);
}

TEST_P(DatabaseConformanceTest, WritersTakingLocksInOppositeOrderBothComplete) {
  db_->execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL)");
  db_->execute("INSERT INTO accounts (id, balance) VALUES (1, 0), (2, 0)");
  BoundedRendezvous both_hold_a_lock;
  std::atomic<int> attempts{0};
  auto transfer = [&](std::int64_t first, std::int64_t second) {
    db_->write([&](Connection& c) {
      ++attempts;
      c.exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {first});
      both_hold_a_lock.arrive_and_wait_for(500ms);
      c.exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {second});
    });
  };
  auto forward = std::async(std::launch::async, transfer, 1, 2);
  auto backward = std::async(std::launch::async, transfer, 2, 1);
  EXPECT_NO_THROW(forward.get());
  EXPECT_NO_THROW(backward.get());

  const Result balances = db_->query("SELECT balance FROM accounts ORDER BY id");
  ASSERT_EQ(balances.size(), 2u);
  EXPECT_EQ(balances.row(0).i64("balance"), 2);
  EXPECT_EQ(balances.row(1).i64("balance"), 2);
  if (is_postgres()) {
    EXPECT_GE(attempts.load(), 3) << "the deadlock victim must be re-run from scratch";
  }
}

TEST_P(DatabaseConformanceTest, PoolStatsShowConnectionsInUse) {
  const PoolStats idle = db_->pool_stats();
  EXPECT_GE(idle.size, 1);
  EXPECT_EQ(idle.in_use, 0);

  PoolStats while_reading;
  db_->read([&](Connection&) { while_reading = db_->pool_stats(); });
  EXPECT_GE(while_reading.in_use, 1);
  EXPECT_LE(while_reading.in_use, while_reading.size);

  PoolStats while_writing;
  db_->write([&](Connection&) { while_writing = db_->pool_stats(); });
  EXPECT_GE(while_writing.in_use, 1);

  EXPECT_EQ(db_->pool_stats().in_use, 0);
}

TEST_P(DatabaseConformanceTest, UnreachableDatabaseFailsFastAsUnavailable) {
  const std::string unreachable = is_postgres()
                                      ? "postgresql://postgres@/marquee_test?host=/nonexistent/marquee-socket-dir"
                                      : "sqlite:/dev/null/cannot/be/a/directory.db";
  try {
    open_database(unreachable, {});
    FAIL() << "opening " << unreachable << " did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable) << e.what();
  }
}

TEST_P(DatabaseConformanceTest, MigrationsApplyOnceInOrderAndAreRecorded) {
  std::vector<Migration> migrations = for_both_dialects({
      {"", 2, "0002_seed_widgets",
       "INSERT INTO widgets (id, name) VALUES (1, 'first');\nINSERT INTO widgets (id, name) VALUES (2, 'second');"},
      {"", 1, "0001_widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
  });
  migrations.push_back({is_postgres() ? "sqlite" : "postgres", 3, "0003_other_dialect", "THIS IS NOT SQL"});

  EXPECT_EQ(run_migrations(*db_, migrations), 2);
  EXPECT_EQ(applied_migrations(*db_), (std::vector<int>{1, 2}));
  EXPECT_EQ(count_rows("widgets"), 2);
  EXPECT_EQ(db_->query("SELECT name FROM schema_migrations WHERE version = 1").front().str("name"), "0001_widgets");

  EXPECT_EQ(run_migrations(*db_, migrations), 0);
  EXPECT_EQ(count_rows("widgets"), 2);

  auto broken = migrations;
  broken.push_back({GetParam(), 4, "0004_broken",
                    "CREATE TABLE gadgets (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);"});
  EXPECT_THROW(run_migrations(*db_, broken), Error);
  EXPECT_EQ(applied_migrations(*db_), (std::vector<int>{1, 2}));
  EXPECT_THROW(db_->query("SELECT COUNT(*) AS n FROM gadgets"), Error) << "a failed migration must roll back";

  migrations.push_back({GetParam(), 5, "0005_more", "INSERT INTO widgets (id, name) VALUES (3, 'third');"});
  EXPECT_EQ(run_migrations(*db_, migrations), 1);
  EXPECT_EQ(applied_migrations(*db_), (std::vector<int>{1, 2, 5}));
  EXPECT_EQ(count_rows("widgets"), 3);
}

TEST_P(DatabaseConformanceTest, ConcurrentMigratorsApplyEachMigrationExactlyOnce) {
  std::vector<Migration> plain = {{"", 1, "0001_log", "CREATE TABLE migration_log (version INTEGER NOT NULL);"}};
  for (int version = 2; version <= 8; ++version) {
    plain.push_back({"", version, "000" + std::to_string(version) + "_entry",
                     "INSERT INTO migration_log (version) VALUES (" + std::to_string(version) + ");"});
  }
  const std::vector<Migration> migrations = for_both_dialects(plain);

  // Two instances, like two server processes starting at once.
  auto first = open();
  auto second = open();
  std::latch start(2);
  auto migrate = [&](Database& db) {
    start.arrive_and_wait();
    return run_migrations(db, migrations);
  };
  auto first_ran = std::async(std::launch::async, migrate, std::ref(*first));
  auto second_ran = std::async(std::launch::async, migrate, std::ref(*second));
  int total = 0;
  EXPECT_NO_THROW(total += first_ran.get());
  EXPECT_NO_THROW(total += second_ran.get());

  EXPECT_EQ(total, 8);
  EXPECT_EQ(applied_migrations(*db_), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  const Result log = db_->query("SELECT version, COUNT(*) AS times FROM migration_log GROUP BY version ORDER BY version");
  ASSERT_EQ(log.size(), 7u);
  for (std::size_t n = 0; n < log.size(); ++n) {
    EXPECT_EQ(log.row(n).i64("version"), static_cast<std::int64_t>(n) + 2);
    EXPECT_EQ(log.row(n).i64("times"), 1);
  }
}

TEST_P(DatabaseConformanceTest, ConnectionKilledMidTransactionIsReplaced) {
  if (!is_postgres()) GTEST_SKIP() << "only a server-side database can drop a connection";
  auto single = open({.pool_size = 1});
  try {
    single->write([](Connection& c) { c.exec("SELECT pg_terminate_backend(pg_backend_pid())"); });
    FAIL() << "a killed connection did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable) << e.what();
  }
  EXPECT_EQ(single->pool_stats().in_use, 0);
  EXPECT_EQ(single->query("SELECT 1 AS one").front().i64("one"), 1);
}

TEST_P(DatabaseConformanceTest, IdleConnectionKilledByTheServerIsReplacedTransparently) {
  if (!is_postgres()) GTEST_SKIP() << "only a server-side database can drop a connection";
  auto single = open({.pool_size = 1});
  const std::int64_t pid = single->query("SELECT pg_backend_pid() AS pid").front().i64("pid");
  const Result killed = admin_->execute("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000) AS done", {pid});
  ASSERT_EQ(killed.front().i64("done"), 1);

  EXPECT_TRUE(single->ping());
  const std::int64_t new_pid = single->query("SELECT pg_backend_pid() AS pid").front().i64("pid");
  EXPECT_NE(new_pid, pid);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseConformanceTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace marquee::db
