#include "fingerprints/FingerprintStore.h"

namespace marquee::fingerprints {

void FingerprintStore::save_video(const std::string& video_id, const std::vector<HashedFrame>& frames, Millis now) {
  std::string text;
  text.reserve(frames.size() * 68);
  for (const auto& frame : frames) {
    text += to_hex(frame.hash) + " " + std::to_string(frame.quality) + " " + to_hex(frame.cropped[0]) + " " +
            to_hex(frame.cropped[1]) + "\n";
  }
  db_.write([&](db::Connection& c) {
    c.exec("DELETE FROM video_fingerprints WHERE video_id = ?", {video_id});
    c.exec("INSERT INTO video_fingerprints (video_id, frames, created_at) VALUES (?, ?, ?)", {video_id, text, now});
  });
}

std::vector<std::vector<FrameHash>> FingerprintStore::video_frames(const std::string& video_id) {
  std::vector<std::vector<FrameHash>> out;
  const auto rows = db_.query("SELECT frames FROM video_fingerprints WHERE video_id = ?", {video_id});
  if (rows.empty()) return out;
  const std::string text = rows.front().str("frames");
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::vector<FrameHash> frame;
    std::string_view line = std::string_view(text).substr(start, end - start);
    while (!line.empty()) {  // hashes are the 64-digit words; the quality is not
      const auto space = line.find(' ');
      if (auto hash = hash_from_hex(line.substr(0, space))) frame.push_back(*hash);
      if (space == std::string_view::npos) break;
      line.remove_prefix(space + 1);
    }
    if (!frame.empty()) out.push_back(std::move(frame));
    start = end + 1;
  }
  return out;
}

void FingerprintStore::save_list(const BlockList& list, const std::vector<std::vector<FrameHash>>& frames) {
  std::vector<std::pair<std::int64_t, const FrameHash*>> hashes;
  for (std::size_t f = 0; f < frames.size(); ++f) {
    for (const auto& hash : frames[f]) hashes.emplace_back(static_cast<std::int64_t>(f), &hash);
  }
  db_.write([&](db::Connection& c) {
    c.exec("DELETE FROM fingerprint_lists WHERE id = ?", {list.id});
    c.exec("INSERT INTO fingerprint_lists (id, label, reason, created_at) VALUES (?, ?, ?, ?)",
           {list.id, list.label, list.reason, list.created_at});
    // A few hundred rows per statement: an imported list may hold a million hashes.
    constexpr std::size_t kBatch = 200;
    for (std::size_t i = 0; i < hashes.size(); i += kBatch) {
      const std::size_t n = std::min(kBatch, hashes.size() - i);
      std::string sql = "INSERT INTO fingerprint_hashes (list_id, frame, hash) VALUES ";
      std::vector<db::Value> params;
      for (std::size_t k = 0; k < n; ++k) {
        sql += k ? ", (?, ?, ?)" : "(?, ?, ?)";
        params.emplace_back(list.id);
        params.emplace_back(hashes[i + k].first);
        params.emplace_back(to_hex(*hashes[i + k].second));
      }
      c.exec(sql, params);
    }
  });
}

bool FingerprintStore::remove_list(const std::string& id) {
  return db_.write([&](db::Connection& c) {
    c.exec("DELETE FROM fingerprint_hashes WHERE list_id = ?", {id});
    return c.exec("DELETE FROM fingerprint_lists WHERE id = ?", {id}).affected_rows() == 1;
  });
}

std::vector<BlockList> FingerprintStore::lists() {
  std::vector<BlockList> out;
  for (const auto& row : db_.query(
           "SELECT l.id AS id, l.label AS label, l.reason AS reason, l.created_at AS created_at, "
           "(SELECT COUNT(DISTINCT h.frame) FROM fingerprint_hashes h WHERE h.list_id = l.id) AS hashes "
           "FROM fingerprint_lists l ORDER BY l.created_at DESC, l.id")) {
    out.push_back({row.str("id"), row.str("label"), row.str("reason"), row.i64("created_at"), row.i64("hashes")});
  }
  return out;
}

std::optional<BlockList> FingerprintStore::find_list(const std::string& id) {
  const auto rows = db_.query("SELECT id, label, reason, created_at FROM fingerprint_lists WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  const auto& row = rows.front();
  return BlockList{row.str("id"), row.str("label"), row.str("reason"), row.i64("created_at"), 0};
}

std::vector<FingerprintStore::StoredHash> FingerprintStore::hashes(const std::string& list_id) {
  std::vector<StoredHash> out;
  const auto rows =
      list_id.empty()
          ? db_.query("SELECT list_id, frame, hash FROM fingerprint_hashes ORDER BY list_id, frame")
          : db_.query("SELECT list_id, frame, hash FROM fingerprint_hashes WHERE list_id = ? ORDER BY frame", {list_id});
  out.reserve(rows.size());
  for (const auto& row : rows) {
    if (auto hash = hash_from_hex(row.str("hash"))) out.push_back({row.str("list_id"), row.i64("frame"), *hash});
  }
  return out;
}

}  // namespace marquee::fingerprints
