#include "feeds/FeedViewer.h"

#include <algorithm>

namespace marquee::feeds {

bool admits(const FeedViewer& viewer, const std::string& owner_id, bool is_adult) {
  if (is_adult && !viewer.adult_allowed) return false;
  return !viewer.blocks_any() ||
         !std::binary_search(viewer.blocked_channel_ids->begin(), viewer.blocked_channel_ids->end(), owner_id);
}

bool may_list(const FeedViewer& viewer, const videos::Video& video) {
  return videos::is_listed(video) && admits(viewer, video.owner_id, video.is_adult);
}

FeedViewer feed_viewer(const accounts::Caller& caller, bool adult_allowed) {
  FeedViewer viewer;
  if (caller) viewer.user_id = caller->user_id;
  viewer.adult_allowed = adult_allowed;
  return viewer;
}

}  // namespace marquee::feeds
