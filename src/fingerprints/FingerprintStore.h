#pragma once
// The SQL of fingerprints: each processed video's frame hashes, and the blocklist's lists.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "fingerprints/FrameHash.h"

namespace marquee::fingerprints {

struct BlockList {
  std::string id;
  std::string label;
  std::string reason;
  Millis created_at = 0;
  std::int64_t hashes = 0;
};

class FingerprintStore {
 public:
  explicit FingerprintStore(db::Database& db) : db_(db) {}

  void save_video(const std::string& video_id, const std::vector<HashedFrame>& frames, Millis now);
  // Each stored frame's hashes (HashedFrame::stored_hashes).
  std::vector<std::vector<FrameHash>> video_frames(const std::string& video_id);

  // Replaces a list of the same id.
  void save_list(const BlockList& list, const std::vector<std::vector<FrameHash>>& frames);
  bool remove_list(const std::string& id);
  std::vector<BlockList> lists();
  // Without its hash count.
  std::optional<BlockList> find_list(const std::string& id);
  struct StoredHash {
    std::string list_id;
    std::int64_t frame = 0;
    FrameHash hash{};
  };
  // Every hash of the blocklist (or of one list), by list and frame.
  std::vector<StoredHash> hashes(const std::string& list_id = "");

 private:
  db::Database& db_;
};

}  // namespace marquee::fingerprints
