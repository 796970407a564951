// Search over HTTP on the real server, on SQLite and PostgreSQL alike: ranking (an exact title
// first, title above description), prefixes, phrases, exclusions, diacritics and typos; partial
// matches when few videos hold every word; filters, sorts and paging; what must never be found
// (private, unlisted, unfinished, deleted, blocked, adult without asking); channels, playlists,
// suggestions, tags, categories, the query log and hostile queries. Statuses and media facts
// are set in the database: the pipeline would be slow.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "core/Clock.h"
#include "db/Database.h"
#include "support/PseudoRandom.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kHour = 3'600'000;

std::string encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Search : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser admin = server.user_with_role("admin", "admin");
  TestUser creator = server.register_user("creator");
  TestUser viewer = server.register_user("viewer");

  db::Database& db() { return server.app().database(); }

  // A video of `owner`'s, set to `status`, created `age_ms` ago.
  std::string video(const TestUser& owner, object fields, const std::string& status = "ready", Millis age_ms = kHour,
                    Millis duration_ms = 60'000) {
    auto r = client.post("/api/videos", fields, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id(r.json().as_object()["id"].as_string());
    db().execute("UPDATE videos SET status = ?, duration_ms = ?, created_at = ? WHERE id = ?",
                 {status, duration_ms, wall_clock_ms() - age_ms, id});
    return id;
  }
  std::string titled(const std::string& title, const std::string& description = "") {
    return video(creator, object{{"title", title}, {"description", description}});
  }

  HttpResult get(const std::string& target, const std::string& token = "") { return client.get(target, token); }

  boost::json::object search(const std::string& q, const std::string& extra = "", const std::string& token = "") {
    auto r = get("/api/search?q=" + encoded(q) + extra, token);
    if (r.status != 200) throw std::runtime_error("search " + q + " answered " + std::to_string(r.status) + ": " + r.body);
    return r.json().as_object();
  }

  static std::vector<std::string> ids_of(const boost::json::object& page) { return item_ids(page); }
  std::vector<std::string> found(const std::string& q, const std::string& extra = "", const std::string& token = "") {
    return ids_of(search(q, extra, token));
  }
  static bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  void refresh() { ASSERT_EQ(client.post("/api/admin/search/refresh", object{}, admin.access_token).status, 204); }
};

TEST_F(Search, AnExactTitleComesFirstAndTitlesOutrankDescriptions) {
  const auto in_description = titled("Evening walk", "we saw a harbour seal near the pier");
  const auto longer_title = titled("Harbour seal colony at dawn");
  const auto exact = titled("Harbour seal");
  const auto ids = found("harbour seal");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], exact);
  EXPECT_EQ(ids[1], longer_title);
  EXPECT_EQ(ids[2], in_description);
}

TEST_F(Search, TagsAndChannelNamesAreSearchedToo) {
  const auto tagged = video(creator, object{{"title", "Morning routine"}, {"tags", boost::json::array{"skateboarding"}}});
  const auto plain = titled("Morning routine two");
  auto ids = found("skateboarding");
  EXPECT_EQ(ids, std::vector<std::string>{tagged});
  ids = found(creator.username);
  EXPECT_TRUE(has(ids, tagged) && has(ids, plain)) << "videos are found by their channel's name";
}

TEST_F(Search, TheLastWordIsAPrefixWhileTyped) {
  const auto id = titled("Harbour timelapse");
  EXPECT_TRUE(has(found("harbour timel"), id));
  EXPECT_TRUE(found("timel ").empty()) << "a finished word is a whole word";
  auto page = search("harbour timel ");
  ASSERT_EQ(ids_of(page), std::vector<std::string>{id});
  EXPECT_TRUE(page.at("items").as_array()[0].as_object().at("partial").as_bool()) << "it matches only some words";
  EXPECT_TRUE(has(found("timelapse harb"), id));
}

TEST_F(Search, QuotedPhrasesAndExcludedWords) {
  const auto red_fox = titled("The red fox jumps");
  const auto fox_red = titled("A fox in a red coat");
  const auto arctic = titled("Arctic fox in snow");
  auto ids = found("\"red fox\"");
  EXPECT_EQ(ids, std::vector<std::string>{red_fox});
  ids = found("fox -arctic");
  EXPECT_TRUE(has(ids, red_fox) && has(ids, fox_red));
  EXPECT_FALSE(has(ids, arctic));
  ids = found("fox -\"red coat\"");
  EXPECT_TRUE(has(ids, red_fox) && has(ids, arctic));
  EXPECT_FALSE(has(ids, fox_red));
}

TEST_F(Search, CaseAndDiacriticsFold) {
  const auto id = titled("Le fabuleux destin d'Amélie Poulain");
  for (const char* q : {"amelie", "AMELIE", "Amélie", "AMÉLIE", "amélie poulain"}) {
    EXPECT_TRUE(has(found(q), id)) << q;
  }
  const auto plain = titled("Creme brulee at home");
  EXPECT_TRUE(has(found("crème brûlée"), plain));
}

TEST_F(Search, TyposFollowTheDocumentedRule) {
  const auto timelapse = titled("Harbour timelapse");
  const auto kitten = titled("Sleepy kitten");
  const auto cat = titled("Grumpy cat");
  refresh();  // the vocabulary the corrections come from
  // One typo from 5 letters, two from 9.
  auto page = search("kittne ");
  EXPECT_TRUE(has(ids_of(page), kitten));
  EXPECT_EQ(page.at("corrections").as_object().at("kittne").as_array().at(0).as_string(), "kitten");
  EXPECT_TRUE(has(found("tmielapze "), timelapse)) << "two typos in a 9-letter word";
  EXPECT_TRUE(has(found("harbur "), timelapse)) << "one missing letter in a 6-letter word";
  // None under 5 letters, and never more than allowed.
  EXPECT_TRUE(found("cta ").empty()) << "no typo allowed in a 3-letter word";
  EXPECT_TRUE(found("ktitne ").empty()) << "two typos in a 6-letter word";
  EXPECT_TRUE(has(found("cat"), cat));
}

TEST_F(Search, AddingAWordNarrowsButNeverEmptiesTheResults) {
  const auto fox = titled("Fox in the garden");
  const auto zebra = titled("Zebra crossing");
  const auto both = titled("Fox meets zebra");
  auto page = search("fox zebra ");
  auto ids = ids_of(page);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], both) << "every word first";
  EXPECT_FALSE(page.at("items").as_array()[0].as_object().at("partial").as_bool());
  EXPECT_TRUE(page.at("items").as_array()[1].as_object().at("partial").as_bool());
  EXPECT_TRUE(has(ids, fox) && has(ids, zebra)) << "then the videos with some of the words";
  // With enough videos holding every word, the others are left out: the word narrows.
  for (int i = 0; i < 10; ++i) titled("Fox and zebra " + std::to_string(i));
  ids = found("fox zebra ");
  EXPECT_EQ(ids.size(), 11u);
  EXPECT_FALSE(has(ids, fox) || has(ids, zebra));
  // A word nothing holds does not empty the list either.
  ids = found("fox qwxzv ");
  EXPECT_TRUE(has(ids, fox));
}

// A word most of a big catalogue holds: only its newest 1,000 matches are ranked (docs/search.md),
// found on SQLite from the end of the FTS5 index and on PostgreSQL in a recency window of upload
// days that the GIN index intersects with the word. The best match among older videos stays out;
// the best among the newest comes first, and paging stops at the ranked ones.
TEST_F(Search, ABroadQueryRanksItsNewestMatches) {
  const auto old_best = video(creator, object{{"title", "harbour harbour harbour"}}, "ready", 400 * kHour);
  const auto old_lesson = video(creator, object{{"title", "harbour knots"}, {"category", "Education"}}, "ready",
                                500 * kHour);
  constexpr int kBulk = 16'000;
  const Millis now = wall_clock_ms();
  db().execute(
      "INSERT INTO videos (id, owner_id, title, description, tags_json, category, visibility, status, duration_ms, "
      "width, height, views_count, likes_count, created_at, updated_at) "
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
      "SELECT 'bulk' || i, ?, CASE WHEN i % 2 = 0 THEN 'harbour view ' ELSE 'quay view ' END || i, "
      "'boats at the quay', '[]', '', 'public', 'ready', 60000, "
      "1280, 720, 0, 0, CAST(? AS BIGINT) - (CAST(? AS BIGINT) - i) * 1000, CAST(? AS BIGINT) FROM n",
      {std::int64_t{kBulk}, creator.id, now - 2 * kHour, std::int64_t{kBulk}, now});
  const auto new_best = video(creator, object{{"title", "harbour harbour harbour"}}, "ready", 60'000);
  refresh();
  auto page = search("harbour");
  auto ids = ids_of(page);
  ASSERT_EQ(ids.size(), 20u);
  EXPECT_EQ(ids[0], new_best) << "the exact title among the newest matches";
  EXPECT_FALSE(has(ids, old_best)) << "older than the newest 1,000 matches";
  // Every result is one of the newest 1,000 matches (every other bulk video holds the word).
  for (const auto& item : page.at("items").as_array()) {
    const std::string id(item.as_object().at("id").as_string());
    if (id == new_best) continue;
    ASSERT_TRUE(id.starts_with("bulk")) << id;
    EXPECT_GT(std::stoi(id.substr(4)), kBulk - 2'000) << id;
  }
  // Pages go on to the last of the ranked matches, and stop there.
  EXPECT_EQ(walk_pages(client, "/api/search?q=harbour", "", 100).size(), 1'000u);
  // The newest matches are those that pass the filters: an old one in a category is found.
  EXPECT_EQ(found("harbour", "&category=Education"), std::vector<std::string>{old_lesson});
  EXPECT_EQ(found("harbour", "&category=Education&sort=views"), std::vector<std::string>{old_lesson});
  // A word every bulk video holds is a stop word: its newest matches, ranked by the prior alone.
  ids = found("view");
  ASSERT_EQ(ids.size(), 20u);
  for (const auto& id : ids) EXPECT_TRUE(id.starts_with("bulk") && std::stoi(id.substr(4)) > kBulk - 1'000) << id;
  // Narrow queries still reach every match, however old: an exact phrase held by one old video.
  EXPECT_EQ(found("\"harbour view 18\""), std::vector<std::string>{"bulk18"});
}

TEST_F(Search, FiltersAndSorts) {
  const auto short_new = video(creator, object{{"title", "Surf clip"}, {"tags", boost::json::array{"ocean"}},
                                               {"category", "Sports"}}, "ready", kHour, 60'000);
  const auto long_old = video(creator, object{{"title", "Surf documentary"}, {"category", "Education"}}, "ready",
                              60 * 24 * kHour, 30 * 60'000);
  const auto medium = video(creator, object{{"title", "Surf lesson"}}, "ready", 3 * 24 * kHour, 10 * 60'000);
  db().execute("UPDATE videos SET views_count = 500 WHERE id = ?", {medium});
  EXPECT_EQ(found("surf", "&duration=short"), std::vector<std::string>{short_new});
  EXPECT_EQ(found("surf", "&duration=medium"), std::vector<std::string>{medium});
  EXPECT_EQ(found("surf", "&duration=long"), std::vector<std::string>{long_old});
  EXPECT_EQ(found("surf", "&tag=OCEAN"), std::vector<std::string>{short_new}) << "tags compare lower-case";
  EXPECT_EQ(found("surf", "&category=Education"), std::vector<std::string>{long_old});
  auto week = found("surf", "&uploaded=week");
  EXPECT_TRUE(has(week, short_new) && has(week, medium));
  EXPECT_FALSE(has(week, long_old));
  EXPECT_EQ(found("surf", "&uploaded=day"), std::vector<std::string>{short_new});
  EXPECT_EQ(found("surf", "&sort=date"), (std::vector<std::string>{short_new, medium, long_old}));
  EXPECT_EQ(found("surf", "&sort=views").front(), medium);
  // Filters alone list videos newest first.
  auto r = get("/api/search?category=Sports");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_of(r.json().as_object()), std::vector<std::string>{short_new});
  EXPECT_EQ(get("/api/search?q=surf&sort=loudest").status, 400);
  EXPECT_EQ(get("/api/search?q=surf&duration=forever").status, 400);
  EXPECT_EQ(get("/api/search?q=surf&type=people").status, 400);
}

TEST_F(Search, PagesNeitherRepeatNorSkip) {
  std::set<std::string> made;
  for (int i = 0; i < 45; ++i) made.insert(titled("Paging lantern " + std::to_string(i)));
  for (const std::string sort : {"relevance", "date"}) {
    std::set<std::string> seen;
    std::string cursor;
    int pages = 0;
    do {
      auto page = search("lantern", "&limit=7&sort=" + sort + (cursor.empty() ? "" : "&cursor=" + cursor));
      for (const auto& id : ids_of(page)) EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
      cursor = page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
      ASSERT_LT(++pages, 20);
    } while (!cursor.empty());
    EXPECT_EQ(seen, made) << sort;
  }
  EXPECT_EQ(get("/api/search?q=lantern&cursor=zz").status, 400);
  EXPECT_EQ(get("/api/search?q=lantern&cursor=a.-4").status, 400);
}

TEST_F(Search, FindsOnlyWhatEveryListShows) {
  const auto listed = titled("Glacier hike");
  const auto priv = video(creator, object{{"title", "Glacier hike private"}, {"visibility", "private"}});
  const auto unlisted = video(creator, object{{"title", "Glacier hike unlisted"}, {"visibility", "unlisted"}});
  const auto draft = video(creator, object{{"title", "Glacier hike draft"}}, "draft");
  const auto failed = video(creator, object{{"title", "Glacier hike failed"}}, "failed");
  const auto processing = video(creator, object{{"title", "Glacier hike processing"}}, "processing");
  const auto playable = video(creator, object{{"title", "Glacier hike playable"}}, "playable");
  const auto adult = video(creator, object{{"title", "Glacier hike adult"}, {"is_adult", true}});
  const auto premium = video(creator, object{{"title", "Glacier hike premium"}, {"is_premium", true}});
  for (const auto& token : {std::string(), viewer.access_token, creator.access_token}) {
    auto ids = found("glacier", "", token);
    EXPECT_TRUE(has(ids, listed) && has(ids, playable) && has(ids, premium));
    for (const auto& hidden : {priv, unlisted, draft, failed, processing, adult}) EXPECT_FALSE(has(ids, hidden));
  }
  EXPECT_FALSE(has(found("glacier", "&adult=true", viewer.access_token), adult)) << "asking, before the age gate";
  ASSERT_EQ(client.patch("/api/me", object{{"adult_attested", true}}, viewer.access_token).status, 200);
  EXPECT_TRUE(has(found("glacier", "&adult=true", viewer.access_token), adult)) << "signed in, attested and asking";
  EXPECT_FALSE(has(found("glacier", "&adult=true"), adult)) << "anonymous callers without the gate's cookie";
  // Changes show at once: private, deleted, and back to public.
  ASSERT_EQ(client.patch("/api/videos/" + listed, object{{"visibility", "private"}}, creator.access_token).status, 200);
  EXPECT_FALSE(has(found("glacier"), listed));
  ASSERT_EQ(client.patch("/api/videos/" + listed, object{{"visibility", "public"}, {"title", "Glacier trek"}},
                         creator.access_token).status, 200);
  EXPECT_TRUE(has(found("trek"), listed)) << "an edited title is found at once";
  EXPECT_FALSE(has(found("hike"), listed)) << "and the old title no longer";
  ASSERT_EQ(client.del("/api/videos/" + playable, creator.access_token).status, 204);
  EXPECT_FALSE(has(found("glacier"), playable));
  // A blocked channel's videos and the channel itself are gone for the one who blocked it.
  ASSERT_EQ(client.post("/api/users/" + creator.username + "/block", object{}, viewer.access_token).status, 201);
  EXPECT_TRUE(found("glacier", "", viewer.access_token).empty());
  EXPECT_TRUE(found(creator.username, "&type=channel", viewer.access_token).empty());
  EXPECT_FALSE(found("glacier").empty()) << "others still find them";
}

TEST_F(Search, ARenamedChannelIsFoundByItsNewName) {
  const auto id = titled("Pottery wheel basics");
  ASSERT_EQ(client.patch("/api/me", object{{"display_name", "Ceramicist Extraordinaire"}}, creator.access_token).status,
            200);
  EXPECT_TRUE(has(found("ceramicist"), id));
  auto channels = search("extraordinaire", "&type=channel");
  ASSERT_EQ(channels.at("items").as_array().size(), 1u);
  EXPECT_EQ(channels.at("items").as_array()[0].as_object().at("username").as_string(), creator.username);
  EXPECT_EQ(channels.at("items").as_array()[0].as_object().at("type").as_string(), "channel");
}

TEST_F(Search, PlaylistsAndAll) {
  auto r = client.post("/api/playlists", object{{"title", "Volcano documentaries"}, {"visibility", "public"}},
                       creator.access_token);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string playlist(r.json().as_object()["id"].as_string());
  ASSERT_EQ(client.post("/api/playlists", object{{"title", "Volcano secrets"}, {"visibility", "private"}},
                        creator.access_token).status, 201);
  const auto clip = titled("Volcano eruption");
  auto page = search("volcano", "&type=playlist");
  ASSERT_EQ(page.at("items").as_array().size(), 1u) << "private playlists are never found";
  EXPECT_EQ(page.at("items").as_array()[0].as_object().at("id").as_string(), playlist);
  page = search("volcano", "&type=all");
  std::vector<std::string> types;
  for (const auto& item : page.at("items").as_array()) types.emplace_back(item.as_object().at("type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"playlist", "video"}));
  EXPECT_EQ(ids_of(page).back(), clip);
}

TEST_F(Search, SuggestionsCompleteWhatIsTyped) {
  titled("Sourdough bread masterclass");
  titled("Sourdough starter guide");
  video(creator, object{{"title", "Baking day"}, {"tags", boost::json::array{"sourdough"}}});
  for (int i = 0; i < 3; ++i) search("sourdough starter");
  search("nothing matches this zqxj");
  ASSERT_EQ(client.get("/api/admin/search/stats", admin.access_token).status, 200);  // writes the log
  refresh();
  auto r = get("/api/search/suggest?q=sourd");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, std::set<std::string>> by_kind;
  const auto suggestions = r.json();
  for (const auto& s : suggestions.as_object().at("suggestions").as_array()) {
    by_kind[std::string(s.as_object().at("kind").as_string())].insert(std::string(s.as_object().at("text").as_string()));
  }
  EXPECT_TRUE(by_kind["query"].count("sourdough starter")) << r.body;
  EXPECT_TRUE(by_kind["completion"].count("sourdough")) << r.body;
  EXPECT_TRUE(by_kind["title"].count("Sourdough bread masterclass")) << r.body;
  EXPECT_FALSE(by_kind["query"].count("nothing matches this zqxj")) << "queries that found nothing are not offered";
  r = get("/api/search/suggest?q=" + encoded(creator.username.substr(0, 5)));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"kind\":\"channel\""), std::string::npos) << r.body;
  r = get("/api/search/suggest?q=sourdough%20st");
  EXPECT_NE(r.body.find("\"sourdough starter\""), std::string::npos) << r.body;
}

TEST_F(Search, TagsAndCategoriesWithCounts) {
  video(creator, object{{"title", "a"}, {"tags", boost::json::array{"Cooking", "pasta"}}, {"category", "Howto & Style"}});
  video(creator, object{{"title", "b"}, {"tags", boost::json::array{"cooking"}}, {"category", "Howto & Style"}});
  const auto hidden = video(creator, object{{"title", "c"}, {"tags", boost::json::array{"cooking", "secret"}},
                                            {"visibility", "private"}});
  auto r = get("/api/tags?prefix=co");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json().as_object().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << r.body;
  EXPECT_EQ(items[0].as_object().at("tag").as_string(), "cooking");
  EXPECT_EQ(items[0].as_object().at("videos").as_int64(), 2) << "private videos are not counted";
  r = get("/api/tags");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  r = get("/api/tags/cooking/videos");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_of(r.json().as_object()).size(), 2u);
  r = get("/api/categories");
  ASSERT_EQ(r.status, 200);
  bool seen = false;
  const auto categories = r.json();
  for (const auto& c : categories.as_object().at("items").as_array()) {
    if (c.as_object().at("name").as_string() == "Howto & Style") {
      seen = true;
      EXPECT_EQ(c.as_object().at("videos").as_int64(), 2);
    }
  }
  EXPECT_TRUE(seen) << r.body;
  // Counts follow edits and deletions at once.
  ASSERT_EQ(client.patch("/api/videos/" + hidden, object{{"visibility", "public"}}, creator.access_token).status, 200);
  r = get("/api/tags?prefix=cook");
  EXPECT_EQ(r.json().as_object().at("items").as_array()[0].as_object().at("videos").as_int64(), 3);
}

TEST_F(Search, TheQueryLogIsForAdminsAndKeepsNoUsers) {
  titled("Tidal pools");
  for (int i = 0; i < 3; ++i) search("tidal pools", "", viewer.access_token);
  search("Tidal   POOLS");
  search("unfindable words here");
  EXPECT_EQ(client.get("/api/admin/search/stats").status, 401);
  EXPECT_EQ(client.get("/api/admin/search/stats", viewer.access_token).status, 403);
  auto r = client.get("/api/admin/search/stats?days=1", admin.access_token);
  ASSERT_EQ(r.status, 200) << r.body;
  auto stats = r.json().as_object();
  auto top = stats.at("top_queries").as_array();
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].as_object().at("query").as_string(), "tidal pools");
  EXPECT_EQ(top[0].as_object().at("searches").as_int64(), 4) << "folded: case and spacing do not split a query";
  auto zero = stats.at("zero_result_queries").as_array();
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_EQ(zero[0].as_object().at("query").as_string(), "unfindable words here");
  auto columns = db().query("SELECT * FROM search_query_days LIMIT 1").columns();
  EXPECT_EQ(columns, (std::vector<std::string>{"day", "query", "searches", "zero_results"}));
  EXPECT_EQ(client.post("/api/admin/search/refresh", object{}, viewer.access_token).status, 403);
}

TEST_F(Search, HostileQueriesNeverBreakIt) {
  titled("Ordinary video");
  const std::vector<std::string> hostile = {
      "\"", "\"\"", "\"unbalanced", "a\"b", "-", "--", "-\"", "*", "^", "NEAR(a b)", "a AND", "OR OR", "NOT x",
      "title:foo", "{a b}", "(a", "a)", "'", "''", "a'b", "\\", "%", "_", "a:*", "!a", "a & b | c", "<->",
      "'; DROP TABLE videos; --", "\xC3\x28", "\xFF\xFE", "\x01\x02", "💥🎬", "ℌ𝔢𝔩𝔩𝔬", std::string(511, 'a'),
      std::string(300, '"'), std::string(200, '-') + "x", "a -a", "-only -excluded", "\"a\" -\"a\"",
  };
  for (const auto& q : hostile) {
    auto r = get("/api/search?q=" + encoded(q));
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << " -> " << r.status << " " << r.body;
    r = get("/api/search/suggest?q=" + encoded(q));
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << " -> " << r.status;
  }
  EXPECT_EQ(get("/api/search?q=" + std::string(600, 'a')).status, 400) << "longer than 512 bytes";
  EXPECT_EQ(get("/api/search?q=" + encoded("!!! ???")).status, 400) << "punctuation only";
  EXPECT_EQ(get("/api/search").status, 400);
  for (unsigned seed = 1; seed <= 150; ++seed) {
    const std::string q = pseudo_random_bytes(1 + seed % 40, seed);
    auto r = get("/api/search?q=" + encoded(q) + "&type=all");
    EXPECT_TRUE(r.status == 200 || r.status == 400) << "seed " << seed << " -> " << r.status << " " << r.body;
  }
  EXPECT_TRUE(has(found("ordinary"), ids_of(search("ordinary")).front())) << "and it still works";
}

}  // namespace
}  // namespace marquee::testing
