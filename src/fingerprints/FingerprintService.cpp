#include "fingerprints/FingerprintService.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <boost/json.hpp>

#include "core/Error.h"
#include "core/Ids.h"
#include "moderation/ModerationEvents.h"

namespace marquee::fingerprints {
namespace {

constexpr const char* kVideoListPrefix = "video:";
// The early check (before a video first plays) waits for this many frames, at most this long.
constexpr std::int64_t kEarlyFrames = 6;
constexpr auto kEarlyWait = std::chrono::seconds(8);
constexpr std::size_t kMaxImportedHashes = 2'000'000;

bool blocks_reupload(std::string_view case_reason) {
  return case_reason == "rights" || case_reason == "sexual_content_involving_minors";
}

}  // namespace

std::vector<HashedFrame> usable_frames(const std::vector<HashedFrame>& frames) {
  std::vector<HashedFrame> out;
  for (const auto& frame : frames) {
    if (frame.quality >= kUsableQuality) out.push_back(frame);
  }
  return out;
}

std::optional<ListMatch> decisive_match(const std::vector<ListMatch>& matches, std::size_t query_frames, bool complete,
                                        const MatchRule& rule) {
  for (const auto& m : matches) {
    const bool most_of_upload = m.query_frames_matched >= rule.min_frames &&
                                m.query_frames_matched >= rule.coverage * static_cast<double>(query_frames);
    const bool most_of_list = complete && m.list_frames_matched >= rule.min_frames &&
                              m.list_frames_matched >= rule.coverage * static_cast<double>(m.list_frames);
    if (most_of_upload || most_of_list) return m;
  }
  return std::nullopt;
}

FingerprintService::FingerprintService(db::Database& db, const Clock& clock, events::EventBus& bus, MatchRule rule)
    : store_(db), clock_(clock), bus_(bus), rule_(rule) {
  subscriptions_.push_back(bus_.subscribe(moderation::kModerationAction, [this](const events::Event& e) {
    if (e.origin != bus_.node_id()) return;  // the node that acted updates the lists; the others reload
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(e.data, ec);
    if (ec || !parsed.is_object()) return;
    const auto& data = parsed.as_object();
    auto field = [&](const char* key) {
      const auto* v = data.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    if (field("target_type") != "video") return;
    const std::string video_id = field("target_id");
    try {
      if (field("action") == "remove" && blocks_reupload(field("case_reason")) &&
          !block_video(video_id, field("case_reason"))) {
        spdlog::warn("fingerprints: video {} was removed for {} but has no fingerprint (processed before "
                     "fingerprints, or removed before its transcode ended): copies of it are not blocked",
                     video_id, field("case_reason"));
      } else if (field("action") == "restore") {
        unblock_video(video_id);
      }
    } catch (const std::exception& ex) {
      spdlog::error("fingerprints: updating the blocklist for video {} failed: {}", video_id, ex.what());
    }
  }));
  subscriptions_.push_back(bus_.subscribe(kBlocklistChanged, [this](const events::Event& e) {
    if (e.origin == bus_.node_id()) return;
    std::lock_guard lock(mutex_);
    loaded_ = false;  // read again at the next check
  }));
}

void FingerprintService::ensure_loaded() {
  if (loaded_) return;
  index_.clear();
  std::string current;
  std::int64_t current_frame = -1;
  std::vector<std::vector<FrameHash>> frames;
  for (auto& stored : store_.hashes()) {
    if (stored.list_id != current && !frames.empty()) {
      index_.add(current, frames);
      frames.clear();
    }
    if (stored.list_id != current || stored.frame != current_frame) frames.emplace_back();
    current = stored.list_id;
    current_frame = stored.frame;
    frames.back().push_back(stored.hash);
  }
  if (!frames.empty()) index_.add(current, frames);
  loaded_ = true;
}

std::string FingerprintService::match(const std::vector<HashedFrame>& frames, bool complete) {
  const std::vector<HashedFrame> query = usable_frames(frames);
  if (static_cast<int>(query.size()) < rule_.min_frames) return "";
  std::vector<ListMatch> matches;
  {
    std::lock_guard lock(mutex_);
    ensure_loaded();
    matches = index_.match(query);
  }
  const auto m = decisive_match(matches, query.size(), complete, rule_);
  if (!m) return "";
  const auto list = store_.find_list(m->list_id);
  return "held for review: it matches " + (list ? list->label : m->list_id) + " (" +
         std::to_string(m->query_frames_matched) + " of its " + std::to_string(query.size()) + " frames)";
}

videos::ScreenVerdict FingerprintService::screen(const videos::Video& video, const std::string& luma_path,
                                                 bool complete) {
  if (!complete) {
    // Before the video first plays. Nothing blocked: nothing to wait for. Otherwise the first
    // seconds' frames decide (a copy matches from its first frames); they are being written as
    // the ladder encodes, a few times faster than real time, so this waits a second or two.
    if (blocked_hashes() == 0) return {};
    const auto frame_bytes = static_cast<std::uintmax_t>(kLumaSide) * kLumaSide;
    const auto wanted = static_cast<std::uintmax_t>(std::min<std::int64_t>(
        kEarlyFrames, std::max<std::int64_t>(1, video.duration_ms / 1000)));
    const auto deadline = std::chrono::steady_clock::now() + kEarlyWait;
    std::error_code ec;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto size = std::filesystem::file_size(luma_path, ec);
      if (!ec && size >= wanted * frame_bytes) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  const std::vector<HashedFrame> frames = hash_luma_file(luma_path);
  if (complete) store_.save_video(video.id, usable_frames(frames), clock_.now_ms());
  const std::string reason = match(frames, complete);
  if (reason.empty()) return {};
  return {videos::ScreenVerdict::Action::hold, reason};
}

bool FingerprintService::block_video(const std::string& video_id, const std::string& reason) {
  const std::vector<std::vector<FrameHash>> hashes = store_.video_frames(video_id);
  if (hashes.empty()) return false;
  const std::string list_id = kVideoListPrefix + video_id;
  store_.save_list({list_id, "a video removed for " + reason + " (" + video_id + ")", reason, clock_.now_ms(), 0},
                   hashes);
  {
    std::lock_guard lock(mutex_);
    if (loaded_) {
      index_.remove(list_id);
      index_.add(list_id, hashes);
    }
  }
  changed(list_id);
  return true;
}

void FingerprintService::unblock_video(const std::string& video_id) {
  const std::string list_id = kVideoListPrefix + video_id;
  if (!store_.remove_list(list_id)) return;
  {
    std::lock_guard lock(mutex_);
    if (loaded_) index_.remove(list_id);
  }
  changed(list_id);
}

BlockList FingerprintService::import_list(const std::string& label, std::string_view text) {
  std::vector<std::vector<FrameHash>> hashes;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (const auto hash_mark = line.find('#'); hash_mark != std::string_view::npos) line = line.substr(0, hash_mark);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    const auto hash = hash_from_hex(line);
    if (!hash) {
      throw Error(ErrorCode::validation_failed,
                  "line " + std::to_string(line_number) + " is not a hash (64 hex digits, one per line)",
                  {{"line", std::to_string(line_number)}});
    }
    if (hashes.size() >= kMaxImportedHashes) throw Error(ErrorCode::payload_too_large, "at most 2,000,000 hashes per list");
    hashes.push_back({*hash});
  }
  if (hashes.empty()) throw_validation("body", "the list holds no hash");
  BlockList list{"import:" + new_public_id(), label.empty() ? "an imported list" : "the list '" + label + "'",
                 "imported", clock_.now_ms(), static_cast<std::int64_t>(hashes.size())};
  store_.save_list(list, hashes);
  {
    std::lock_guard lock(mutex_);
    if (loaded_) {
      index_.remove(list.id);  // a load that ran meanwhile may have read it already
      index_.add(list.id, hashes);
    }
  }
  changed(list.id);
  return list;
}

std::string FingerprintService::export_text(const std::string& list_id) {
  std::string out;
  for (const auto& stored : store_.hashes(list_id)) out += to_hex(stored.hash) + "\n";
  return out;
}

void FingerprintService::remove_list(const std::string& id) {
  if (!store_.remove_list(id)) throw_not_found("list");
  {
    std::lock_guard lock(mutex_);
    if (loaded_) index_.remove(id);
  }
  changed(id);
}

std::size_t FingerprintService::blocked_hashes() {
  std::lock_guard lock(mutex_);
  ensure_loaded();
  return index_.size();
}

void FingerprintService::changed(const std::string& list_id) {
  events::Event event;
  event.type = kBlocklistChanged;
  event.subject = list_id;
  bus_.publish(std::move(event));
}

}  // namespace marquee::fingerprints
