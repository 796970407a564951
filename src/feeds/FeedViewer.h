#pragma once
// Who a feed is for, reduced to what filters it: the signed-in user (if any), whether adult
// videos may show, and channels this viewer must never see. Every feed lists only public,
// published videos of existing accounts; these add the per-viewer rules on top.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "videos/Video.h"

namespace marquee::feeds {

struct FeedViewer {
  std::optional<std::string> user_id;
  bool adult_allowed = false;
  std::vector<std::string> hidden_channel_ids;
};

// The hook for blocked or muted channels: the owner ids a user must not be shown. Marquee has
// no blocking yet; App passes nothing and feeds hide nothing.
using HiddenChannels = std::function<std::vector<std::string>(const std::string& user_id)>;

// Adult videos show only to signed-in callers who ask for them (`?adult=true`); an anonymous
// caller asking gets the feed without them.
bool shows_adult(const accounts::Caller& caller, bool adult_requested);

// The per-viewer rules alone (adult opt-in, hidden channels), for a video known to be listed.
bool admits(const FeedViewer& viewer, const std::string& owner_id, bool is_adult);
// Whether a feed may show `video` to the viewer: listed (public and published) and admitted.
bool may_list(const FeedViewer& viewer, const videos::Video& video);

FeedViewer feed_viewer(const accounts::Caller& caller, bool adult_requested, const HiddenChannels& hidden);

}  // namespace marquee::feeds
