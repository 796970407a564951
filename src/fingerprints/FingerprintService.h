#pragma once
// Re-uploads of removed videos (docs/security.md#re-uploads-of-removed-videos). Every
// processed video gets a perceptual fingerprint: a FrameHash of about one frame a second, from
// the frames its transcode decodes anyway (a frame screen of the processor:
// videos/SourceScreen.h). When a moderator removes a video for a reason that blocks re-upload
// (rights, which DMCA takedowns use, or sexual content involving minors), its fingerprint goes
// on the blocklist; restoring it takes it off. An upload is held for review when, on frames of
// usable quality, most of it matches one list (a copy, re-encoded, rescaled, cropped a little,
// letterboxed, brighter or mirrored) or it holds most of one list (the removed video inside a
// longer one). Operators share lists as hex hashes, one per line.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "events/EventBus.h"
#include "fingerprints/BlocklistIndex.h"
#include "fingerprints/FingerprintStore.h"
#include "videos/SourceScreen.h"

namespace marquee::fingerprints {

// Published when the blocklist changed on this node; other nodes reload it. Subject: the list.
inline constexpr const char* kBlocklistChanged = "fingerprints.blocklist_changed";

struct MatchRule {
  double coverage = 0.5;  // "most": of the upload's usable frames, or of a list's frames
  int min_frames = 3;     // matched frames needed before either share counts
};

// The list among `matches` that decides a hold, if any: most of the upload's `query_frames`
// usable frames match it, or (`complete`: the whole upload was seen) the upload holds most of it.
std::optional<ListMatch> decisive_match(const std::vector<ListMatch>& matches, std::size_t query_frames, bool complete,
                                        const MatchRule& rule = {});
// The frames of usable quality (kUsableQuality).
std::vector<HashedFrame> usable_frames(const std::vector<HashedFrame>& frames);

class FingerprintService {
 public:
  FingerprintService(db::Database& db, const Clock& clock, events::EventBus& bus, MatchRule rule = {});

  // The frame screen: hashes the luma frames written so far, holds a match; once `complete`,
  // stores the video's fingerprint.
  videos::ScreenVerdict screen(const videos::Video& video, const std::string& luma_path, bool complete);
  // Why frames match the blocklist ("" when they do not); `complete`: the whole video.
  std::string match(const std::vector<HashedFrame>& frames, bool complete);

  // Puts a video's stored fingerprint on the blocklist (list "video:<id>"); false when it has none.
  bool block_video(const std::string& video_id, const std::string& reason);
  void unblock_video(const std::string& video_id);
  // Parses hex hashes, one per line ('#' starts a comment; blank lines are skipped); 400
  // naming the first bad line. Returns the new list.
  BlockList import_list(const std::string& label, std::string_view text);
  // Hex hashes, one per line, of one list or of all.
  std::string export_text(const std::string& list_id = "");
  std::vector<BlockList> lists() { return store_.lists(); }
  // 404 when there is no such list.
  void remove_list(const std::string& id);
  std::size_t blocked_hashes();

 private:
  void changed(const std::string& list_id);
  void ensure_loaded();  // guarded by mutex_

  FingerprintStore store_;
  const Clock& clock_;
  events::EventBus& bus_;
  MatchRule rule_;
  std::mutex mutex_;
  BlocklistIndex index_;  // guarded by mutex_
  bool loaded_ = false;   // guarded by mutex_
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::fingerprints
