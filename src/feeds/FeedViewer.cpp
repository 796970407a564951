#include "feeds/FeedViewer.h"

namespace marquee::feeds {

bool shows_adult(const accounts::Caller& caller, bool adult_requested) { return caller && adult_requested; }

FeedViewer feed_viewer(const accounts::Caller& caller, bool adult_requested, const HiddenChannels& hidden) {
  FeedViewer viewer;
  if (caller) viewer.user_id = caller->user_id;
  viewer.adult_allowed = shows_adult(caller, adult_requested);
  if (caller && hidden) viewer.hidden_channel_ids = hidden(caller->user_id);
  return viewer;
}

}  // namespace marquee::feeds
