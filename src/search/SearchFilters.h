#pragma once
// What narrows a search besides its words (docs/search.md), and who asks: the per-viewer rules
// every list applies (adult videos only on request of a caller past the age gate, never a channel
// the viewer blocked).
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::search {

enum class DurationFilter { short_, medium, long_ };    // < 4 min, 4–20 min, > 20 min
enum class UploadedFilter { hour, day, week, month, year };
enum class SearchSort { relevance, date, views, rating };
enum class ResultType { video, channel, playlist, all };

std::optional<DurationFilter> parse_duration_filter(std::string_view text);
std::optional<UploadedFilter> parse_uploaded_filter(std::string_view text);
std::optional<SearchSort> parse_sort(std::string_view text);
std::optional<ResultType> parse_result_type(std::string_view text);
Millis uploaded_window_ms(UploadedFilter filter);

struct SearchViewer {
  std::optional<std::string> user_id;
  bool adult_allowed = false;
  bool blocks_any = false;  // the user blocked some channel: filter them out
};

struct VideoFilters {
  std::optional<std::string> tag;       // lower-case, as stored
  std::optional<std::string> category;  // exact
  std::optional<DurationFilter> duration;
  std::optional<Millis> uploaded_since;
};

}  // namespace marquee::search
