#include "search/SearchFilters.h"

namespace marquee::search {

std::optional<DurationFilter> parse_duration_filter(std::string_view text) {
  if (text == "short") return DurationFilter::short_;
  if (text == "medium") return DurationFilter::medium;
  if (text == "long") return DurationFilter::long_;
  return std::nullopt;
}

std::optional<UploadedFilter> parse_uploaded_filter(std::string_view text) {
  if (text == "hour") return UploadedFilter::hour;
  if (text == "day") return UploadedFilter::day;
  if (text == "week") return UploadedFilter::week;
  if (text == "month") return UploadedFilter::month;
  if (text == "year") return UploadedFilter::year;
  return std::nullopt;
}

std::optional<SearchSort> parse_sort(std::string_view text) {
  if (text == "relevance") return SearchSort::relevance;
  if (text == "date") return SearchSort::date;
  if (text == "views") return SearchSort::views;
  if (text == "rating") return SearchSort::rating;
  return std::nullopt;
}

std::optional<ResultType> parse_result_type(std::string_view text) {
  if (text == "video") return ResultType::video;
  if (text == "channel") return ResultType::channel;
  if (text == "playlist") return ResultType::playlist;
  if (text == "all") return ResultType::all;
  return std::nullopt;
}

Millis uploaded_window_ms(UploadedFilter filter) {
  constexpr Millis hour = 3'600'000;
  switch (filter) {
    case UploadedFilter::hour: return hour;
    case UploadedFilter::day: return 24 * hour;
    case UploadedFilter::week: return 7 * 24 * hour;
    case UploadedFilter::month: return 30 * 24 * hour;
    case UploadedFilter::year: return 365 * 24 * hour;
  }
  return 0;
}

}  // namespace marquee::search
