#include "videos/VideoService.h"

#include "accounts/AccountEvents.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "videos/VideoCursor.h"
#include "videos/VideoEvents.h"
#include "videos/VideoFieldRules.h"
#include "videos/VideoPolicy.h"

namespace marquee::videos {
namespace {

constexpr int kIdAttempts = 3;

}  // namespace

VideoService::VideoService(db::Database& db, const Clock& clock, events::EventBus& bus,
                           std::chrono::milliseconds cache_ttl)
    : store_(db), clock_(clock), bus_(bus), cache_(cache_ttl) {
  // This node drops its copy before it publishes; another node's change drops it here.
  auto forget = [this](const events::Event& event) {
    if (event.origin != bus_.node_id()) cache_.erase(event.subject);
  };
  subscriptions_.push_back(bus_.subscribe(kVideoChanged, forget));
  subscriptions_.push_back(bus_.subscribe(kVideoDeleted, forget));
  subscriptions_.push_back(bus_.on_missed([this] { cache_.clear(); }));
  // An account's deletion moved the counters of every video it rated or commented on.
  subscriptions_.push_back(bus_.subscribe(accounts::kAccountDeleted, [this](const events::Event& event) {
    if (event.origin != bus_.node_id()) cache_.clear();
  }));
}

namespace {

// Validates every field present in `fields` and writes it to `video`; absent ones stay.
void apply_fields(const VideoFields& fields, Video& video) {
  if (fields.title) video.title = normalized_title(*fields.title);
  if (fields.description) video.description = normalized_description(*fields.description);
  if (fields.tags) video.tags = normalized_tags(*fields.tags);
  if (fields.category) video.category = normalized_category(*fields.category);
  if (fields.visibility) video.visibility = checked_visibility(*fields.visibility);
  if (fields.is_premium) video.is_premium = *fields.is_premium;
  if (fields.is_adult) video.is_adult = *fields.is_adult;
}

bool same_metadata(const Video& a, const Video& b) {
  return a.title == b.title && a.description == b.description && a.tags == b.tags && a.category == b.category &&
         a.visibility == b.visibility && a.is_premium == b.is_premium && a.is_adult == b.is_adult;
}

// Refuses `editor` unless they manage `video`; strangers who cannot see it learn nothing.
void require_manager(const accounts::Principal& editor, const Video& video) {
  if (!may_view(accounts::Caller(editor), video)) throw_not_found("video");
  if (!may_manage(editor, video)) throw_forbidden("only the owner or a moderator may change this video");
}

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

}  // namespace

Video VideoService::create(const accounts::Principal& author, const VideoDraft& draft) {
  if (!may_create_videos(author)) throw_forbidden("your account may not create videos");
  if (!draft.title) throw_validation("title", "title is required");

  Video video;
  video.owner_id = author.user_id;
  video.status = VideoStatus::draft;
  apply_fields(draft, video);
  video.created_at = video.updated_at = clock_.now_ms();
  if (review_.reason) {
    if (auto reason = review_.reason(author)) {
      video.moderation = Moderation::held;
      video.moderation_reason = *reason;
    }
  }

  for (int attempt = 1;; ++attempt) {
    video.id = new_public_id();
    try {
      auto owner_username = store_.insert(video);
      if (!owner_username) throw_unauthorized("your account no longer exists");
      video.owner_username = *owner_username;
      if (video.moderation == Moderation::held && review_.held) review_.held(video);
      return video;
    } catch (const db::UniqueViolation&) {
      if (attempt == kIdAttempts) throw;
    }
  }
}

Video VideoService::get(const accounts::Caller& caller, const std::string& id) {
  if (!looks_like_public_id(id)) throw_not_found("video");
  if (auto cached = cache_.get_fresh(id)) {
    if (!may_view(caller, *cached->video)) throw_not_found("video");
    require_not_removed(caller, *cached->video);
    return *cached->video;
  }
  auto video = store_.find(id);
  if (video) cache_.put(*video);
  if (!video || !may_view(caller, *video)) throw_not_found("video");
  require_not_removed(caller, *video);
  return *video;
}

std::optional<CachedVideo> VideoService::cached(const accounts::Caller& caller, const std::string& id) const {
  if (!looks_like_public_id(id)) throw_not_found("video");
  auto cached = cache_.get(id);
  if (cached && !may_view(caller, *cached->video)) throw_not_found("video");
  if (cached) require_not_removed(caller, *cached->video);
  return cached;
}

Video VideoService::update(const accounts::Principal& editor, const std::string& id, const VideoPatch& patch) {
  if (!looks_like_public_id(id)) throw_not_found("video");
  const Millis now = clock_.now_ms();
  auto updated = store_.modify(id, [&](Video& video) {
    require_manager(editor, video);
    require_not_removed(accounts::Caller(editor), video);
    if (video.adult_locked && patch.is_adult == false && !editor.is_moderator()) {
      throw Error(ErrorCode::forbidden, "a moderator marked this video adult; appeal their action to change it",
                  {{"field", "is_adult"}});
    }
    const Video before = video;
    apply_fields(patch, video);
    if (!same_metadata(before, video)) video.updated_at = now;
  });
  cache_.erase(id);
  if (!updated) throw_not_found("video");
  publish(kVideoChanged, id);
  announce_if_first(id);  // made public while watchable
  return *updated;
}

void VideoService::remove(const accounts::Principal& editor, const std::string& id) {
  if (!looks_like_public_id(id)) throw_not_found("video");
  bool removed = store_.remove(id, [&](const Video& video) { require_manager(editor, video); });
  cache_.erase(id);
  if (!removed) throw_not_found("video");
  publish(kVideoDeleted, id);
}

bool VideoService::purge(const std::string& id) {
  cache_.erase(id);
  if (!store_.remove(id, [](const Video&) {})) return false;
  cache_.erase(id);
  publish(kVideoDeleted, id);
  return true;
}

VideoPage VideoService::list(const accounts::Caller& caller, const VideoQuery& query) {
  const std::int64_t limit = query.limit.value_or(kDefaultPageSize);
  if (limit < 1 || limit > kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }

  VideoListFilter filter;
  filter.limit = static_cast<int>(limit) + 1;
  if (auto cursor = present(query.cursor)) filter.after = decode_cursor(*cursor);
  if (auto tag = present(query.tag)) filter.tag = normalized_tag(*tag, "tag");
  if (auto channel = present(query.channel)) {
    filter.owner_id = store_.find_user_id_by_username(*channel);
    if (!filter.owner_id) throw_not_found("channel");
    filter.public_and_published_only = !sees_whole_channel(caller, *filter.owner_id);
  }
  filter.include_adult = query.adult_allowed || !filter.public_and_published_only;

  VideoPage page;
  page.items = store_.list(filter);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    const Video& last = page.items.back();
    page.next_cursor = encode_cursor({last.created_at, last.id});
  }
  return page;
}

void VideoService::set_status(const std::string& id, VideoStatus status, const std::string& failure_reason) {
  cache_.erase(id);
  const Millis now = clock_.now_ms();
  store_.set_status(id, status, failure_reason, now);
  // A status change says so, with its moment, for those who react to it (notifications).
  events::Event event;
  event.type = kVideoChanged;
  event.subject = id;
  event.data = events::data_of({{"status", std::string(status_name(status))}, {"at", std::to_string(now)}});
  bus_.publish(std::move(event));
  if (status == VideoStatus::playable || status == VideoStatus::ready) announce_if_first(id);
}

std::optional<Video> VideoService::set_moderation(const std::string& id, Moderation state,
                                                  const std::string& public_reason, const std::string& action_id) {
  auto before = store_.find(id);
  if (!before) return std::nullopt;
  cache_.erase(id);
  store_.set_moderation(id, state, state == Moderation::none ? "" : public_reason, action_id, clock_.now_ms());
  cache_.erase(id);
  events::Event event;
  event.type = kVideoChanged;
  event.subject = id;
  event.data = events::data_of({{"moderation", std::string(moderation_name(state))}});
  bus_.publish(std::move(event));
  if (state == Moderation::none) announce_if_first(id);  // approved after a hold
  return before;
}

void VideoService::hold_for_review(const std::string& id, const std::string& reason) {
  set_moderation(id, Moderation::held, reason);
  if (auto video = store_.find(id); video && review_.held) review_.held(*video);
}

void VideoService::set_age_restriction(const std::string& id, bool restricted) {
  cache_.erase(id);
  store_.set_age_restriction(id, restricted, clock_.now_ms());
  cache_.erase(id);
  publish(kVideoChanged, id);
}

void VideoService::announce_if_first(const std::string& id) {
  if (auto owner_id = store_.mark_published(id, clock_.now_ms())) {
    events::Event event;
    event.type = kVideoPublished;
    event.subject = id;
    event.data = events::data_of({{"owner_id", *owner_id}});
    bus_.publish(std::move(event));
  }
}

void VideoService::set_progress(const std::string& id, int percent) {
  cache_.erase(id);
  store_.set_progress(id, percent, clock_.now_ms());
  bus_.publish({kVideoProgress, 1, id, events::data_of({{"progress", std::to_string(percent)}})});
}

void VideoService::save_media(const std::string& id, const MediaFacts& facts) {
  cache_.erase(id);
  store_.save_media(id, facts, clock_.now_ms());
  publish(kVideoChanged, id);
}

void VideoService::publish(const char* type, const std::string& id) {
  events::Event event;
  event.type = type;
  event.subject = id;
  bus_.publish(std::move(event));
}

void VideoService::set_source_bytes(const std::string& id, std::int64_t bytes) {
  cache_.erase(id);
  store_.set_source_bytes(id, bytes, clock_.now_ms());
}

}  // namespace marquee::videos
