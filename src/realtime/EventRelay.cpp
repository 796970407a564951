#include "realtime/EventRelay.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "chat/ChatEvents.h"
#include "notifications/NotificationJson.h"
#include "notifications/NotificationService.h"
#include "social/CommentEvents.h"
#include "social/CommentJson.h"
#include "social/CommentService.h"
#include "social/RatingEvents.h"
#include "studio/StudioEvents.h"
#include "videos/VideoEvents.h"
#include "videos/VideoJson.h"
#include "videos/VideoService.h"
#include "views/ViewEvents.h"

namespace marquee::realtime {
namespace {

std::string json_text(const boost::json::value& value) { return boost::json::serialize(value); }

std::string string_field(const events::Event& event, const char* key) {
  return events::data_string(event, key).value_or("");
}

}  // namespace

EventRelay::EventRelay(events::EventBus& bus, RoomRegistry& rooms, const RoomAccess& access,
                       videos::VideoService& videos, social::CommentService& comments,
                       notifications::NotificationService& notifications, const Clock& clock, Background background)
    : bus_(bus),
      rooms_(rooms),
      access_(access),
      videos_(videos),
      comments_(comments),
      notifications_(notifications),
      clock_(clock),
      background_(std::move(background)) {
  auto on = [this](const char* type, void (EventRelay::*handler)(const events::Event&)) {
    subscriptions_.push_back(bus_.subscribe(type, [this, handler](const events::Event& e) { (this->*handler)(e); }));
  };
  on(videos::kVideoPublished, &EventRelay::on_published);
  on(videos::kVideoChanged, &EventRelay::on_video_changed);
  on(videos::kVideoDeleted, &EventRelay::on_video_deleted);
  subscriptions_.push_back(
      bus_.subscribe(videos::kVideoProgress, [this](const events::Event& e) { on_progress(e.subject); }));
  on(social::kRatingChanged, &EventRelay::on_rating);
  on(social::kCommentCreated, &EventRelay::on_comment_created);
  on(social::kCommentDeleted, &EventRelay::on_comment_deleted);
  on(chat::kChatMessagePosted, &EventRelay::on_chat_posted);
  on(chat::kChatMessageDeleted, &EventRelay::on_chat_deleted);
  on(notifications::kNotificationsAdded, &EventRelay::on_notifications);
  on(kPresenceChanged, &EventRelay::on_presence);
  on(studio::kStudioProgress, &EventRelay::on_studio_progress);
  subscriptions_.push_back(bus_.subscribe(views::kVideoViewed, [this](const events::Event& e) {
    if (!has_members(video_room(e.subject))) return;
    std::lock_guard lock(dirty_mutex_);
    dirty_views_.insert(e.subject);
  }));
  subscriptions_.push_back(bus_.on_missed([this] { presence_.clear(); }));
  rooms_.on_membership_changed([this](const std::string& room, std::size_t members) { on_membership(room, members); });
}

void EventRelay::send(const std::string& room, const std::string& event, const std::string& data_json) {
  auto encoded = encode_outbound(event, room, data_json);
  std::size_t n = rooms_.send(room, encoded);
  if (n == 0) return;
  counters_.events_sent += 1;
  counters_.deliveries += n;
}

void EventRelay::on_published(const events::Event& event) {
  background_([this, id = event.subject] {
    auto video = videos_.find(id);
    // An adult video is not announced to rooms whose members may not have passed the age gate.
    if (!video || !videos::is_listed(*video) || video->is_adult) return;
    std::string data = json_text(videos::video_json(*video));
    send(kSiteRoom, "new_video", data);
    send(channel_room(video->owner_username), "new_video", data);
  });
}

void EventRelay::on_video_changed(const events::Event& event) {
  if (events::data_string(event, "status")) on_progress(event.subject);
  if (has_members(video_room(event.subject))) {
    background_([this, id = event.subject] { recheck_members(id, false); });
  }
}

void EventRelay::on_video_deleted(const events::Event& event) {
  if (has_members(video_room(event.subject))) {
    background_([this, id = event.subject] { recheck_members(id, true); });
  }
}

void EventRelay::on_progress(const std::string& video_id) {
  if (statuses_.offer(video_id, video_id, clock_.now_ms())) {
    background_([this, video_id] { send_status(video_id); });
  }
}

void EventRelay::send_status(const std::string& video_id) {
  auto video = videos_.find(video_id);
  if (!video || !has_members(user_room(video->owner_id))) return;
  send(user_room(video->owner_id), "video_status",
       json_text(boost::json::object{{"id", video->id},
                                     {"status", videos::status_name(video->status)},
                                     {"progress", video->progress},
                                     {"failure_reason", video->failure_reason.empty()
                                                            ? boost::json::value(nullptr)
                                                            : boost::json::value(video->failure_reason)}}));
}

// Whoever may no longer watch the video leaves its room, told why.
void EventRelay::recheck_members(const std::string& video_id, bool deleted) {
  const std::string room = video_room(video_id);
  for (const auto& client : rooms_.members(room)) {
    std::optional<RoomRefusal> refusal;
    if (deleted) {
      refusal = RoomRefusal{ErrorCode::not_found, "the video was deleted"};
    } else {
      refusal = access_.check(client->caller(), {RoomKind::video, video_id});
    }
    if (!refusal) continue;
    if (!rooms_.leave(*client, room)) continue;
    counters_.evictions += 1;
    client->deliver(encode_outbound(
        "room_closed", room,
        json_text(boost::json::object{{"room", room}, {"reason", deleted ? "deleted" : "forbidden"}})));
  }
}

void EventRelay::on_rating(const events::Event& event) {
  const std::string room = video_room(event.subject);
  if (!has_members(room)) return;
  Held held{room, "like_update",
            json_text(boost::json::object{{"video_id", event.subject},
                                          {"likes_count", events::data_integer(event, "likes_count").value_or(0)},
                                          {"dislikes_count", events::data_integer(event, "dislikes_count").value_or(0)}})};
  if (likes_.offer(event.subject, held, clock_.now_ms())) send(held.room, held.event, held.data);
}

void EventRelay::on_comment_created(const events::Event& event) {
  auto video_id = string_field(event, "video_id");
  if (!has_members(video_room(video_id))) return;
  background_([this, video_id, id = event.subject] {
    auto comment = comments_.find(id);
    if (!comment) return;
    auto data = social::comment_json(*comment);
    data["video_id"] = video_id;
    send(video_room(video_id), "comment_created", json_text(data));
  });
}

void EventRelay::on_comment_deleted(const events::Event& event) {
  auto video_id = string_field(event, "video_id");
  send(video_room(video_id), "comment_deleted",
       json_text(boost::json::object{{"video_id", video_id}, {"id", event.subject}}));
}

void EventRelay::on_chat_posted(const events::Event& event) {
  auto video_id = string_field(event, "video_id");
  boost::json::object data{{"id", event.subject},
                           {"video_id", video_id},
                           {"user", boost::json::object{{"id", string_field(event, "user_id")},
                                                        {"username", string_field(event, "username")},
                                                        {"display_name", string_field(event, "display_name")}}},
                           {"text", string_field(event, "text")},
                           {"created_at", to_rfc3339(std::strtoll(string_field(event, "created_at").c_str(), nullptr, 10))}};
  send(video_room(video_id), "chat_message", json_text(data));
}

void EventRelay::on_chat_deleted(const events::Event& event) {
  auto video_id = string_field(event, "video_id");
  send(video_room(video_id), "chat_deleted", json_text(boost::json::object{{"video_id", video_id}, {"id", event.subject}}));
}

// The studio's own events to its owner: the data names the event and carries its fields.
void EventRelay::on_studio_progress(const events::Event& event) {
  const std::string room = user_room(event.subject);
  if (!has_members(room)) return;
  boost::system::error_code ec;
  auto data = boost::json::parse(event.data, ec);
  if (ec || !data.is_object()) return;
  auto& fields = data.as_object();
  const auto* name = fields.if_contains("event");
  if (!name || !name->is_string()) return;
  const std::string event_name(name->as_string());
  if (event_name != "clip_status" && event_name != "final_video_status") return;
  fields.erase("event");
  send(room, event_name, json_text(fields));
}

void EventRelay::on_notifications(const events::Event& event) {
  std::vector<std::pair<std::string, std::string>> wanted;  // user id, notification id
  const std::string items = string_field(event, "items");
  std::size_t start = 0;
  while (start < items.size()) {
    auto end = items.find(',', start);
    if (end == std::string::npos) end = items.size();
    auto item = items.substr(start, end - start);
    auto colon = item.find(':');
    if (colon != std::string::npos && has_members(user_room(item.substr(0, colon)))) {
      wanted.emplace_back(item.substr(0, colon), item.substr(colon + 1));
    }
    start = end + 1;
  }
  if (wanted.empty()) return;
  background_([this, wanted = std::move(wanted)] {
    for (const auto& [user_id, id] : wanted) {
      auto notification = notifications_.find(user_id, id);
      if (!notification) continue;  // opted out, or a repeat that was not stored
      auto data = notifications::notification_json(*notification);
      data["unread_count"] = notifications_.unread_count(user_id);
      send(user_room(user_id), "notification", json_text(data));
    }
  });
}

void EventRelay::on_presence(const events::Event& event) {
  if (event.origin == bus_.node_id()) return;
  presence_.remote(event.subject, event.origin, events::data_integer(event, "count").value_or(0), clock_.now_ms());
  if (has_members(video_room(event.subject))) {
    std::lock_guard lock(dirty_mutex_);
    dirty_views_.insert(event.subject);
  }
}

void EventRelay::on_membership(const std::string& room, std::size_t members) {
  if (!room.starts_with("video:")) return;
  std::string video_id = room.substr(6);
  if (members > 0) {
    std::lock_guard lock(dirty_mutex_);
    dirty_views_.insert(video_id);
  }
  if (presence_changes_.offer(video_id, video_id, clock_.now_ms())) publish_presence(video_id);
}

void EventRelay::publish_presence(const std::string& video_id) {
  auto count = static_cast<std::int64_t>(rooms_.member_count(video_room(video_id)));
  try {
    bus_.publish({kPresenceChanged, 1, video_id, "{\"count\":" + std::to_string(count) + "}"});
  } catch (const std::exception& e) {
    spdlog::warn("presence of video {} not published: {}", video_id, e.what());
  }
}

std::int64_t EventRelay::watching_now(const std::string& video_id) const {
  return static_cast<std::int64_t>(rooms_.member_count(video_room(video_id))) +
         presence_.remote_total(video_id, clock_.now_ms());
}

void EventRelay::send_view_counts(const std::set<std::string>& video_ids) {
  for (const auto& id : video_ids) {
    if (!has_members(video_room(id))) continue;
    auto video = videos_.find(id);
    if (!video) continue;
    send(video_room(id), "view_count",
         json_text(boost::json::object{
             {"video_id", id}, {"views_count", video->views_count}, {"watching_now", watching_now(id)}}));
  }
}

void EventRelay::tick() {
  const Millis now = clock_.now_ms();
  for (auto& [video_id, held] : likes_.due(now)) send(held.room, held.event, held.data);
  for (auto& [video_id, ignored] : statuses_.due(now)) {
    background_([this, id = video_id] { send_status(id); });
  }
  for (auto& [video_id, ignored] : presence_changes_.due(now)) publish_presence(video_id);
  if (now - last_presence_repeat_ >= kPresenceRepeatMs) {
    last_presence_repeat_ = now;
    for (const auto& room : rooms_.rooms_with_prefix("video:")) publish_presence(room.substr(6));
  }
  if (now - last_view_counts_ >= 1'000) {
    last_view_counts_ = now;
    std::set<std::string> dirty;
    {
      std::lock_guard lock(dirty_mutex_);
      dirty.swap(dirty_views_);
    }
    if (!dirty.empty()) background_([this, dirty = std::move(dirty)] { send_view_counts(dirty); });
  }
}

}  // namespace marquee::realtime
