#pragma once
// Notifications: made from other features' events, stored so an offline user finds them
// later, listed newest first, marked read, and turned off per kind.
//
// What notifies whom:
// - video.published → `new_video` to every subscriber of the channel (a durable job,
//   kNotifySubscribersJob, so a channel's size never holds up the thread that published);
// - comment.created (a reply) → `comment_reply` to the parent comment's author;
// - a status change to ready or failed → `video_ready` / `video_failed` to the owner;
// - rating.changed reaching 10, 100, 1,000 … likes → `like_milestone` to the owner;
// - moderation.action → `moderation` to the account it affected (always on: a legal notice).
// Nobody is notified of their own act, nor of the act of a channel they blocked. Only the node that published an event writes its
// notifications (every node receives it), and each fact notifies a user once however often
// it is delivered (dedupe keys), so a replayed or duplicated event adds nothing. A deleted
// video or comment takes its notifications with it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "channels/ChannelService.h"
#include "events/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "notifications/NotificationStore.h"
#include "videos/VideoService.h"

namespace marquee::notifications {

inline constexpr std::int64_t kDefaultNotificationPage = 20;
inline constexpr std::int64_t kMaxNotificationPage = 100;
inline constexpr std::size_t kMaxIdsPerReadCall = 500;
inline constexpr const char* kNotifySubscribersJob = "notify_subscribers";
// Published after notifications were stored. Data: {"items": "user_id:notification_id,…"}.
inline constexpr const char* kNotificationsAdded = "notifications.added";

struct NotificationQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;
  bool unread_only = false;
};

struct NotificationPage {
  std::vector<Notification> items;
  std::optional<std::string> next_cursor;
};

class NotificationService {
 public:
  NotificationService(db::Database& db, videos::VideoService& videos, channels::ChannelService& channels,
                      jobs::JobQueue& queue, const Clock& clock, events::EventBus& bus);

  // The kNotifySubscribersJob handler: `new_video` to every subscriber of the video's channel.
  void notify_subscribers(jobs::JobContext& job);

  NotificationPage list(const accounts::Principal& who, const NotificationQuery& query);
  std::int64_t unread_count(const std::string& user_id) { return store_.unread_count(user_id); }
  // One of the user's notifications (for the realtime push).
  std::optional<Notification> find(const std::string& user_id, const std::string& id);
  // Marks the caller's own notifications read (others' ids are ignored); returns how many.
  std::int64_t mark_read(const accounts::Principal& who, const std::vector<std::string>& ids);
  std::int64_t mark_all_read(const accounts::Principal& who);
  // Every kind, on or off.
  std::map<std::string, bool> settings(const accounts::Principal& who);
  // 400 for an unknown kind.
  std::map<std::string, bool> update_settings(const accounts::Principal& who, const std::map<std::string, bool>& kinds);

 private:
  bool published_here(const events::Event& event) const { return event.origin == bus_.node_id(); }
  void video_published(const events::Event& event);
  void video_changed(const events::Event& event);
  void comment_created(const events::Event& event);
  void rating_changed(const events::Event& event);
  void moderation_action(const events::Event& event);
  // Stores the rows and publishes kNotificationsAdded. Returns how many were new.
  std::size_t insert(const std::vector<Notification>& rows);
  Notification make(Kind kind, const std::string& user_id, const std::string& subject_id,
                    std::optional<std::string> actor_id, std::string data_json, const std::string& dedupe_detail = "");

  NotificationStore store_;
  videos::VideoService& videos_;
  channels::ChannelService& channels_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
  events::EventBus& bus_;
  std::vector<events::Subscription> subscriptions_;  // last: cancelled before the rest goes
};

}  // namespace marquee::notifications
