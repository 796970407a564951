#pragma once
// Who a feed is for, reduced to what filters it: the signed-in user (if any), whether adult
// videos may show, and the channels this viewer blocked. Every feed lists only public,
// published videos of existing accounts; these add the per-viewer rules on top.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "videos/Video.h"

namespace marquee::feeds {

struct FeedViewer {
  std::optional<std::string> user_id;
  bool adult_allowed = false;
  // The owner ids whose videos this viewer never sees, sorted (FeedCatalog::blocked); null
  // for anonymous callers.
  std::shared_ptr<const std::vector<std::string>> blocked_channel_ids;

  bool blocks_any() const { return blocked_channel_ids && !blocked_channel_ids->empty(); }
};

// The per-viewer rules alone (adult opt-in, blocked channels), for a video known to be listed.
bool admits(const FeedViewer& viewer, const std::string& owner_id, bool is_adult);
// Whether a feed may show `video` to the viewer: listed (public and published) and admitted.
bool may_list(const FeedViewer& viewer, const videos::Video& video);

// The viewer without blocked channels (FeedService adds those from its FeedCatalog).
// `adult_allowed`: the caller asked for adult videos and passed the age gate (FeedRoutes).
FeedViewer feed_viewer(const accounts::Caller& caller, bool adult_allowed);

}  // namespace marquee::feeds
