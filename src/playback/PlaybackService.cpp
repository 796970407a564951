#include "playback/PlaybackService.h"

#include "core/Error.h"
#include "core/Ids.h"
#include "videos/VideoEvents.h"
#include "videos/VideoPolicy.h"

namespace marquee::playback {
namespace {

constexpr auto kAccessCacheTtl = std::chrono::seconds(1);
constexpr std::size_t kAccessCacheMax = 10'000;

bool is_playable(videos::VideoStatus status) {
  return status == videos::VideoStatus::playable || status == videos::VideoStatus::ready;
}

}  // namespace

bool needs_signature(const videos::VideoAccess& video, const std::string& relative_path) {
  if (video.visibility == videos::Visibility::private_ || video.moderation != videos::Moderation::none) return true;
  // A premium video's poster and thumbnail are its teasers; everything else — the stream and
  // the storyboard, whose tiles show frames from across the whole video — is for premium
  // viewers.
  const bool teaser =
      relative_path == "thumbs/poster.jpg" || relative_path == "thumbs/poster.webp" || relative_path == "thumbs/thumb.jpg";
  return video.is_premium && !teaser;
}

PlaybackService::PlaybackService(videos::VideoService& videos, const PlaybackSigner& signer, const Clock& clock,
                                 int token_ttl_s, events::EventBus& bus)
    : videos_(videos), signer_(signer), clock_(clock), token_ttl_s_(token_ttl_s) {
  auto forget = [this](const events::Event& event) {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(event.subject);
  };
  subscriptions_.push_back(bus.subscribe(videos::kVideoChanged, forget));
  subscriptions_.push_back(bus.subscribe(videos::kVideoDeleted, forget));
  subscriptions_.push_back(bus.on_missed([this] {
    std::lock_guard lock(cache_mutex_);
    cache_.clear();
  }));
}

PlaybackTicket PlaybackService::ticket(const accounts::Caller& caller, const std::string& video_id,
                                       bool age_gate_passed) {
  PlaybackTicket ticket;
  ticket.video = videos_.get(caller, video_id);  // 404 for those who may not see it, 410 when removed
  const auto& video = ticket.video;
  videos::require_age_gate(caller, video, age_gate_passed);
  bool privileged = caller && (caller->user_id == video.owner_id || caller->is_moderator());
  if (video.is_premium && !privileged && !(caller && caller->is_premium)) {
    throw Error(ErrorCode::forbidden, "this video is for premium members", {{"reason", "premium_required"}});
  }
  if (!is_playable(video.status)) {
    throw Error(ErrorCode::conflict, "this video is not playable yet (status " +
                                         std::string(videos::status_name(video.status)) + ")",
                {{"status", std::string(videos::status_name(video.status))}});
  }
  if (video.visibility == videos::Visibility::private_ || video.is_premium || video.is_adult ||
      video.moderation != videos::Moderation::none) {
    ticket.expires_at_ms = clock_.now_ms() + static_cast<Millis>(token_ttl_s_) * 1000;
    ticket.query = signer_.sign(video.id, ticket.expires_at_ms, caller ? caller->user_id : "");
  }
  return ticket;
}

std::optional<std::optional<videos::VideoAccess>> PlaybackService::access_facts(const std::string& video_id,
                                                                               bool memory_only) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(video_id);
    if (it != cache_.end() && now - it->second.fetched < kAccessCacheTtl) return it->second.access;
  }
  if (memory_only) return std::nullopt;
  auto access = videos_.access(video_id);
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kAccessCacheMax) cache_.clear();
  cache_[video_id] = {access, now};
  return access;
}

PlaybackService::MediaAccess PlaybackService::media_access(const std::string& video_id, const std::string& relative,
                                                           std::string_view exp, std::string_view viewer,
                                                           std::string_view sig, bool memory_only,
                                                           bool age_gate_cookie, bool adult_content) {
  MediaAccess out;
  if (!looks_like_public_id(video_id)) {
    out.verdict = Verdict::missing;
    return out;
  }
  auto facts = access_facts(video_id, memory_only);
  if (!facts) return out;  // unknown
  const auto& access = *facts;
  // A removed video's files answer to nobody: a token handed out before the removal would
  // otherwise play it until it expires (moderators review the case's snapshot and, once it is
  // restored, the video).
  if (!access || !is_playable(access->status) || access->moderation == videos::Moderation::removed ||
      (access->is_adult && !adult_content)) {
    out.verdict = Verdict::missing;
    return out;
  }
  out.finished = access->status == videos::VideoStatus::ready;
  out.private_cache = access->is_adult;
  const bool gate_needs_token = access->is_adult && !age_gate_cookie;
  if (!needs_signature(*access, relative) && !gate_needs_token) {
    out.verdict = Verdict::allowed;
    return out;
  }
  out.signed_ = true;
  out.verdict = signer_.verify(video_id, exp, viewer, sig) ? Verdict::allowed : Verdict::forbidden;
  return out;
}

}  // namespace marquee::playback
