#include "search/SearchJson.h"

#include <boost/json/array.hpp>

#include "videos/VideoJson.h"

namespace marquee::search {
namespace {

boost::json::value cursor_json(const std::optional<std::string>& cursor) {
  return cursor ? boost::json::value(*cursor) : boost::json::value(nullptr);
}

boost::json::object channel_json(const ChannelHit& c) {
  return {{"type", "channel"},
          {"id", c.id},
          {"username", c.username},
          {"display_name", c.display_name},
          {"avatar_url", c.avatar_url},
          {"subscriber_count", c.subscriber_count}};
}

boost::json::object playlist_json(const PlaylistHit& p) {
  return {{"type", "playlist"},
          {"id", p.id},
          {"title", p.title},
          {"description", p.description},
          {"owner", boost::json::object{{"id", p.owner_id}, {"username", p.owner_username}}},
          {"video_count", p.video_count},
          {"updated_at", to_rfc3339(p.updated_at)}};
}

boost::json::array stats_json(const std::vector<QueryStat>& stats) {
  boost::json::array out;
  for (const auto& s : stats) {
    out.push_back(boost::json::object{{"query", s.query}, {"searches", s.searches}, {"zero_results", s.zero_results}});
  }
  return out;
}

}  // namespace

boost::json::object search_results_json(const SearchResults& results) {
  boost::json::array items;
  for (const auto& item : results.items) {
    if (item.video) {
      auto video = videos::video_json(*item.video);
      video["type"] = "video";
      video["partial"] = item.partial;
      items.push_back(std::move(video));
    } else if (item.channel) {
      items.push_back(channel_json(*item.channel));
    } else if (item.playlist) {
      items.push_back(playlist_json(*item.playlist));
    }
  }
  boost::json::object corrections;
  for (const auto& [word, list] : results.corrections) {
    boost::json::array alternatives;
    for (const auto& c : list) alternatives.push_back(boost::json::string(c));
    corrections[word] = std::move(alternatives);
  }
  boost::json::array ignored;
  for (const auto& word : results.ignored) ignored.push_back(boost::json::string(word));
  return {{"items", std::move(items)}, {"next_cursor", cursor_json(results.next_cursor)},
          {"corrections", std::move(corrections)}, {"ignored", std::move(ignored)}};
}

boost::json::object suggestions_json(const std::vector<Suggestion>& suggestions) {
  boost::json::array items;
  for (const auto& s : suggestions) items.push_back(boost::json::object{{"text", s.text}, {"kind", s.kind}});
  return {{"suggestions", std::move(items)}};
}

boost::json::object tag_page_json(const std::vector<NameCount>& tags, const std::optional<std::string>& next_cursor) {
  boost::json::array items;
  for (const auto& t : tags) items.push_back(boost::json::object{{"tag", t.name}, {"videos", t.videos}});
  return {{"items", std::move(items)}, {"next_cursor", cursor_json(next_cursor)}};
}

boost::json::object categories_json(const std::vector<CategoryCount>& categories) {
  boost::json::array items;
  for (const auto& c : categories) items.push_back(boost::json::object{{"name", c.name}, {"videos", c.videos}});
  return {{"items", std::move(items)}};
}

boost::json::object search_stats_json(int days, const std::vector<QueryStat>& top, const std::vector<QueryStat>& zero) {
  return {{"days", days}, {"top_queries", stats_json(top)}, {"zero_result_queries", stats_json(zero)}};
}

}  // namespace marquee::search
