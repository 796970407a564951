#include "notifications/NotificationService.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/TimeCursor.h"
#include "moderation/ModerationEvents.h"
#include "social/CommentEvents.h"
#include "social/RatingEvents.h"
#include "videos/VideoEvents.h"
#include "videos/VideoPolicy.h"

namespace marquee::notifications {
namespace {

constexpr int kFanOutPage = 1'000;
constexpr std::int64_t kLikeMilestones[] = {10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000};

std::string json_text(boost::json::object object) { return boost::json::serialize(object); }

}  // namespace

NotificationService::NotificationService(db::Database& db, videos::VideoService& videos,
                                         channels::ChannelService& channels, jobs::JobQueue& queue,
                                         const Clock& clock, events::EventBus& bus)
    : store_(db), videos_(videos), channels_(channels), queue_(queue), clock_(clock), bus_(bus) {
  // A handler that fails is logged by the bus; the change it reacts to stands.
  subscriptions_.push_back(bus_.subscribe(videos::kVideoPublished, [this](const events::Event& e) {
    if (published_here(e)) video_published(e);
  }));
  subscriptions_.push_back(bus_.subscribe(videos::kVideoChanged, [this](const events::Event& e) {
    if (published_here(e)) video_changed(e);
  }));
  subscriptions_.push_back(bus_.subscribe(social::kCommentCreated, [this](const events::Event& e) {
    if (published_here(e)) comment_created(e);
  }));
  subscriptions_.push_back(bus_.subscribe(social::kRatingChanged, [this](const events::Event& e) {
    if (published_here(e)) rating_changed(e);
  }));
  subscriptions_.push_back(bus_.subscribe(moderation::kModerationAction, [this](const events::Event& e) {
    if (published_here(e)) moderation_action(e);
  }));
  // What a notification points at is gone: so is the notification.
  auto forget_subject = [this](const events::Event& e) {
    if (published_here(e)) store_.remove_about(e.subject);
  };
  subscriptions_.push_back(bus_.subscribe(videos::kVideoDeleted, forget_subject));
  subscriptions_.push_back(bus_.subscribe(social::kCommentDeleted, forget_subject));
}

Notification NotificationService::make(Kind kind, const std::string& user_id, const std::string& subject_id,
                                       std::optional<std::string> actor_id, std::string data_json,
                                       const std::string& dedupe_detail) {
  Notification n;
  n.id = new_public_id();
  n.user_id = user_id;
  n.kind = kind;
  n.subject_id = subject_id;
  n.actor_id = std::move(actor_id);
  n.data_json = std::move(data_json);
  n.dedupe_key = std::string(kind_name(kind)) + ":" + subject_id + (dedupe_detail.empty() ? "" : ":" + dedupe_detail);
  n.created_at = clock_.now_ms();
  return n;
}

void NotificationService::video_published(const events::Event& event) {
  // A channel may have any number of subscribers: the fan-out is a durable job of its own,
  // off the thread that published the video.
  jobs::EnqueueOptions options;
  options.subject = event.subject;
  queue_.enqueue(kNotifySubscribersJob, json_text({{"video_id", event.subject}}), options);
}

void NotificationService::notify_subscribers(jobs::JobContext& job) {
  boost::system::error_code ec;
  auto payload = boost::json::parse(job.payload(), ec);
  if (ec || !payload.is_object() || !payload.as_object().contains("video_id") ||
      !payload.as_object().at("video_id").is_string()) {
    throw Error(ErrorCode::validation_failed, "notify_subscribers needs video_id");
  }
  auto video = videos_.find(std::string(payload.as_object().at("video_id").as_string()));
  if (!video || !videos::is_listed(*video)) return;  // gone or hidden meanwhile
  const std::string data = json_text({{"title", video->title}, {"channel", video->owner_username}});
  std::size_t notified = 0;
  // Resumable after a crash: inserting again adds nothing (the dedupe key), so the job simply
  // runs from the start.
  for (std::string after;;) {
    if (job.cancelled()) return;
    auto subscribers = store_.subscriber_ids(video->owner_id, after, kFanOutPage);
    if (subscribers.empty()) break;
    std::vector<Notification> rows;
    rows.reserve(subscribers.size());
    for (const auto& user_id : subscribers) rows.push_back(make(Kind::new_video, user_id, video->id, video->owner_id, data));
    notified += insert(rows);
    after = subscribers.back();
    if (subscribers.size() < static_cast<std::size_t>(kFanOutPage)) break;
  }
  spdlog::debug("video {}: {} subscriber(s) notified", video->id, notified);
}

void NotificationService::video_changed(const events::Event& event) {
  // Taken down: nobody is pointed at it any more (the owner's notice of the removal is about
  // the moderators' action, not the video).
  if (events::data_string(event, "moderation") == "removed") {
    store_.remove_about(event.subject);
    return;
  }
  // Only a status change says ready or failed; edits of a ready video notify nobody.
  const auto status = events::data_string(event, "status");
  if (!status || (*status != "ready" && *status != "failed")) return;
  auto video = videos_.find(event.subject);
  if (!video) return;
  if (*status == "ready") {
    insert({make(Kind::video_ready, video->owner_id, video->id, std::nullopt, json_text({{"title", video->title}}))});
  } else {
    // Each failure is its own fact (a retry may fail again): keyed by its moment.
    insert({make(Kind::video_failed, video->owner_id, video->id, std::nullopt,
                        json_text({{"title", video->title}, {"reason", video->failure_reason}}),
                        events::data_string(event, "at").value_or(""))});
  }
}

void NotificationService::comment_created(const events::Event& event) {
  auto parent_author = events::data_string(event, "parent_author_id");
  auto author = events::data_string(event, "author_id");
  auto video_id = events::data_string(event, "video_id");
  if (!parent_author || !author || !video_id || parent_author->empty() || *parent_author == *author) return;
  if (channels_.has_blocked(*parent_author, *author)) return;
  insert({make(Kind::comment_reply, *parent_author, event.subject, author,
                      json_text({{"video_id", *video_id}, {"parent_id", events::data_string(event, "parent_id").value_or("")}}))});
}

void NotificationService::moderation_action(const events::Event& event) {
  auto user_id = events::data_string(event, "user_id");
  if (!user_id || user_id->empty()) return;
  boost::system::error_code ec;
  auto data = boost::json::parse(event.data, ec);
  if (ec || !data.is_object()) return;
  auto fields = data.as_object();
  fields.erase("user_id");
  fields["action_id"] = event.subject;
  // Keyed by the action: one notice per action however often the event is delivered.
  insert({make(Kind::moderation, *user_id, event.subject, std::nullopt, json_text(std::move(fields)))});
}

void NotificationService::rating_changed(const events::Event& event) {
  auto likes = events::data_integer(event, "likes_count");
  if (!likes || std::find(std::begin(kLikeMilestones), std::end(kLikeMilestones), *likes) == std::end(kLikeMilestones)) {
    return;
  }
  auto video = videos_.find(event.subject);
  if (!video) return;
  insert({make(Kind::like_milestone, video->owner_id, video->id, std::nullopt,
                      json_text({{"title", video->title}, {"likes", *likes}}), std::to_string(*likes))});
}

std::size_t NotificationService::insert(const std::vector<Notification>& rows) {
  std::size_t inserted = store_.insert(rows);
  if (inserted == 0) return 0;
  // Who may have a new notification: the relay sends each that exists to its user's room
  // (rows that were opted out of or already there are not found, and send nothing).
  std::string items;
  auto flush = [&] {
    if (items.empty()) return;
    bus_.publish({kNotificationsAdded, 1, "", events::data_of({{"items", items}})});
    items.clear();
  };
  for (const auto& row : rows) {
    if (items.size() > 6'000) flush();  // an event stays well under the NOTIFY limit
    items += (items.empty() ? "" : ",") + row.user_id + ":" + row.id;
  }
  flush();
  return inserted;
}

std::optional<Notification> NotificationService::find(const std::string& user_id, const std::string& id) {
  return store_.find(user_id, id);
}

NotificationPage NotificationService::list(const accounts::Principal& who, const NotificationQuery& query) {
  const std::int64_t limit = query.limit.value_or(kDefaultNotificationPage);
  if (limit < 1 || limit > kMaxNotificationPage) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxNotificationPage));
  }
  std::optional<NotificationListPosition> after;
  if (query.cursor && !query.cursor->empty()) {
    auto decoded = decode_time_cursor(*query.cursor);
    after = NotificationListPosition{decoded.at, decoded.id};
  }
  NotificationPage page;
  page.items = store_.list(who.user_id, query.unread_only, after, static_cast<int>(limit) + 1);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_time_cursor(page.items.back().created_at, page.items.back().id);
  }
  // A video made private since (or a comment on one) is not shown to those who may no longer
  // see it; the page may then hold fewer than `limit` items, and the cursor goes on as stored.
  std::erase_if(page.items, [&](const Notification& n) {
    std::string video_id = n.subject_id;
    if (n.kind == Kind::comment_reply) {
      boost::system::error_code ec;
      auto data = boost::json::parse(n.data_json, ec);
      if (ec || !data.is_object() || !data.as_object().contains("video_id") ||
          !data.as_object().at("video_id").is_string()) {
        return false;
      }
      video_id = std::string(data.as_object().at("video_id").as_string());
    }
    auto video = videos_.find(video_id);
    if (video && !videos::may_view(accounts::Caller{who}, *video)) return true;
    // Nor anything a channel the reader has blocked since did.
    return n.actor_id && channels_.has_blocked(who.user_id, *n.actor_id);
  });
  return page;
}

std::int64_t NotificationService::mark_read(const accounts::Principal& who, const std::vector<std::string>& ids) {
  if (ids.size() > kMaxIdsPerReadCall) {
    throw_validation("ids", "at most " + std::to_string(kMaxIdsPerReadCall) + " ids at once; use {\"all\": true}");
  }
  std::vector<std::string> wellformed;
  for (const auto& id : ids) {
    if (looks_like_public_id(id)) wellformed.push_back(id);
  }
  return store_.mark_read(who.user_id, wellformed, clock_.now_ms());
}

std::int64_t NotificationService::mark_all_read(const accounts::Principal& who) {
  return store_.mark_all_read(who.user_id, clock_.now_ms());
}

std::map<std::string, bool> NotificationService::settings(const accounts::Principal& who) {
  std::map<std::string, bool> out;
  for (Kind kind : all_kinds()) out[std::string(kind_name(kind))] = true;
  for (const auto& kind : store_.disabled_kinds(who.user_id)) {
    if (out.contains(kind)) out[kind] = false;
  }
  return out;
}

std::map<std::string, bool> NotificationService::update_settings(const accounts::Principal& who,
                                                                 const std::map<std::string, bool>& kinds) {
  for (const auto& [kind, enabled] : kinds) {
    if (!parse_kind(kind)) throw_validation(kind, "unknown notification kind " + kind);
    if (kind == kind_name(Kind::moderation) && !enabled) {
      throw_validation(kind, "notices of the moderators' actions cannot be turned off");
    }
  }
  store_.set_enabled(who.user_id, kinds);
  return settings(who);
}

}  // namespace marquee::notifications
