#include "feeds/FeedViewer.h"

#include <algorithm>

namespace marquee::feeds {

bool shows_adult(const accounts::Caller& caller, bool adult_requested) { return caller && adult_requested; }

bool admits(const FeedViewer& viewer, const std::string& owner_id, bool is_adult) {
  if (is_adult && !viewer.adult_allowed) return false;
  const auto& hidden = viewer.hidden_channel_ids;
  return std::find(hidden.begin(), hidden.end(), owner_id) == hidden.end();
}

bool may_list(const FeedViewer& viewer, const videos::Video& video) {
  return video.visibility == videos::Visibility::public_ && videos::is_published(video.status) &&
         admits(viewer, video.owner_id, video.is_adult);
}

FeedViewer feed_viewer(const accounts::Caller& caller, bool adult_requested, const HiddenChannels& hidden) {
  FeedViewer viewer;
  if (caller) viewer.user_id = caller->user_id;
  viewer.adult_allowed = shows_adult(caller, adult_requested);
  if (caller && hidden) viewer.hidden_channel_ids = hidden(caller->user_id);
  return viewer;
}

}  // namespace marquee::feeds
