#pragma once
// The JSON of search results, suggestions, tags, categories and query statistics.
#include <boost/json/object.hpp>

#include "search/SearchService.h"

namespace marquee::search {

// {"items":[{"type":"video",…}|{"type":"channel",…}|{"type":"playlist",…}],"next_cursor":…,
//  "corrections":{"word":["correction",…]}}
boost::json::object search_results_json(const SearchResults& results);
boost::json::object suggestions_json(const std::vector<Suggestion>& suggestions);
boost::json::object tag_page_json(const std::vector<NameCount>& tags, const std::optional<std::string>& next_cursor);
boost::json::object categories_json(const std::vector<CategoryCount>& categories);
boost::json::object search_stats_json(int days, const std::vector<QueryStat>& top, const std::vector<QueryStat>& zero);

}  // namespace marquee::search
