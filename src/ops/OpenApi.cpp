#include "ops/OpenApi.h"

#include "ops/StudioSchemas.h"

#include <boost/json/parse.hpp>

#include <set>

namespace marquee::ops {
namespace {

// Shared schemas. Keep in step with the JSON the routes produce (VideoJson, AccountJson).
constexpr const char* kSchemas = R"json({
  "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
    "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"},
    "details": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
  "RegisterRequest": {"type": "object", "required": ["email", "username", "password"], "properties": {
    "email": {"type": "string", "format": "email", "maxLength": 254},
    "username": {"type": "string", "pattern": "^[A-Za-z0-9_]{3,30}$"},
    "password": {"type": "string", "minLength": 8, "maxLength": 1024}}},
  "LoginRequest": {"type": "object", "required": ["login", "password"], "properties": {
    "login": {"type": "string", "description": "email or username"}, "password": {"type": "string"},
    "totp": {"type": "string", "description": "the authenticator's 6-digit code, or a recovery code (accounts with two-factor sign-in)"},
    "new_password": {"type": "string", "minLength": 8, "description": "the new password, when the answer was password_reset_required"}}},
  "FingerprintList": {"type": "object", "properties": {"id": {"type": "string"}, "label": {"type": "string"},
    "reason": {"type": "string"}, "hashes": {"type": "integer", "description": "frames (imported: hashes)"},
    "created_at": {"type": "string", "format": "date-time"}}},
  "FingerprintLists": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/FingerprintList"}}}},
  "SessionList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
    "last_used_at": {"type": "string", "format": "date-time"}, "user_agent": {"type": "string"},
    "ip_address": {"type": "string"}, "current": {"type": "boolean"}}}}}},
  "TotpEnrollment": {"type": "object", "properties": {"secret": {"type": "string", "description": "base32"},
    "otpauth_uri": {"type": "string"}}},
  "TotpConfirm": {"type": "object", "required": ["code", "password"], "properties": {"code": {"type": "string"},
    "password": {"type": "string"}}},
  "TotpDisable": {"type": "object", "required": ["password", "totp"], "properties": {"password": {"type": "string"},
    "totp": {"type": "string", "description": "a current code or a recovery code"}}},
  "RecoveryCodes": {"type": "object", "properties": {"two_factor": {"type": "boolean"},
    "recovery_codes": {"type": "array", "items": {"type": "string"}}}},
  "RefreshRequest": {"type": "object", "properties": {"refresh_token": {"type": "string",
    "description": "optional when the marquee_refresh cookie is sent"}}},
  "Profile": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": "string"},
    "display_name": {"type": "string"}, "bio": {"type": "string"}, "avatar_url": {"type": "string"},
    "banner_url": {"type": "string", "description": "the channel banner (PUT /api/me/banner), \"\" for none"},
    "role": {"type": "string", "enum": ["user", "creator", "moderator", "admin"]},
    "created_at": {"type": "string", "format": "date-time"}}},
  "Account": {"allOf": [{"$ref": "#/components/schemas/Profile"}, {"type": "object", "properties": {
    "email": {"type": "string"}, "is_premium": {"type": "boolean"}, "updated_at": {"type": "string", "format": "date-time"},
    "adult_attested": {"type": "boolean", "description": "attested 18 or older (the age gate)"},
    "birth_date": {"type": ["string", "null"], "format": "date"},
    "trusted": {"type": "boolean", "description": "uploads skip pre-moderation"},
    "two_factor": {"type": "boolean", "description": "two-factor sign-in (TOTP) is on"}}}]},
  "Session": {"type": "object", "properties": {"user": {"$ref": "#/components/schemas/Account"},
    "access_token": {"type": "string"}, "token_type": {"const": "Bearer"}, "expires_in": {"type": "integer"},
    "refresh_token": {"type": "string"}}},
  "BrowserSession": {"type": "object", "properties": {"user": {"oneOf": [{"$ref": "#/components/schemas/Account"},
    {"type": "null"}]}, "refreshable": {"type": "boolean", "description": "no valid access cookie, but a refresh cookie was sent"}}},
  "SetupState": {"type": "object", "properties": {"admin_needed": {"type": "boolean",
    "description": "the site has never had an admin: POST /api/setup/admin with the setup code from the server's log"}}},
  "FirstAdmin": {"type": "object", "required": ["email", "username", "password", "code"], "properties": {
    "email": {"type": "string"}, "username": {"type": "string"}, "password": {"type": "string", "minLength": 8},
    "code": {"type": "string", "description": "the one-time setup code from the server's log (XXXXX-XXXXX)"}}},
  "ProfilePatch": {"type": "object", "properties": {"display_name": {"type": "string", "maxLength": 50},
    "bio": {"type": "string", "maxLength": 1000}, "avatar_url": {"type": "string", "format": "uri"},
    "birth_date": {"type": "string", "format": "date"}, "adult_attested": {"type": "boolean"}}},
  "AdminUserPatch": {"type": "object", "properties": {"role": {"type": "string",
    "enum": ["user", "creator", "moderator", "admin"]}, "is_premium": {"type": "boolean"},
    "trusted": {"type": "boolean", "description": "exempt from pre-moderation"}}},
  "VideoCreate": {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 200}, "description": {"type": "string", "maxLength": 5000},
    "tags": {"type": "array", "maxItems": 30, "items": {"type": "string", "maxLength": 50}},
    "category": {"type": "string", "maxLength": 50},
    "visibility": {"type": "string", "enum": ["public", "unlisted", "private"]},
    "is_premium": {"type": "boolean"}, "is_adult": {"type": "boolean"}}},
  "VideoPatch": {"$ref": "#/components/schemas/VideoCreate"},
  "Video": {"type": "object", "properties": {"id": {"type": "string"},
    "owner": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": "string"}}},
    "title": {"type": "string"}, "description": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
    "category": {"type": "string"}, "visibility": {"type": "string", "enum": ["public", "unlisted", "private"]},
    "is_premium": {"type": "boolean"}, "is_adult": {"type": "boolean"},
    "status": {"type": "string", "enum": ["draft", "uploading", "queued", "processing", "playable", "ready", "failed"]},
    "duration_ms": {"type": "integer"}, "width": {"type": "integer"}, "height": {"type": "integer"},
    "views_count": {"type": "integer"}, "watching_now": {"type": "integer", "description": "live player sessions in the video's realtime room, on every node"}, "likes_count": {"type": "integer"}, "dislikes_count": {"type": "integer"},
    "comments_count": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "progress": {"type": "integer", "minimum": 0, "maximum": 100},
    "failure_reason": {"type": ["string", "null"]},
    "renditions": {"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}},
    "poster_url": {"type": ["string", "null"]}, "thumbnail_url": {"type": ["string", "null"]},
    "moderation": {"type": ["object", "null"], "description": "held for review or removed (its owner and moderators see it)",
      "properties": {"state": {"type": "string", "enum": ["held", "removed"]}, "reason": {"type": "string"}}}}},
  "VideoList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Video"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "FeedRefresh": {"type": "object", "properties": {"generation": {"type": "integer",
    "description": "number of the ranking snapshot just computed"}}},
  "FeedPage": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Video"},
      "description": "public, published videos; adult ones only with ?adult=true for callers past the age gate; premium ones with is_premium true; none of a channel the caller blocked"},
    "next_cursor": {"type": ["string", "null"],
      "description": "opaque; pins the ranking snapshot (and the reels session), so pages neither repeat nor skip"}}},
  "SearchPage": {"type": "object", "required": ["items", "next_cursor", "corrections"], "properties": {
    "items": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {
      "type": {"enum": ["video", "channel", "playlist"]},
      "partial": {"type": "boolean", "description": "videos: matches only some of the words (shown after full matches when these are few)"}},
      "description": "a Video with type and partial, or a channel {id, username, display_name, avatar_url, subscriber_count}, or a playlist {id, title, description, owner, video_count, updated_at}"}},
    "next_cursor": {"type": ["string", "null"]},
    "corrections": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
      "description": "each typed word that was also searched as these typo corrections"},
    "ignored": {"type": "array", "items": {"type": "string"},
      "description": "stop words (held by more than half of a catalogue of 10,000+ videos) left out of matching"}}},
  "Suggestions": {"type": "object", "properties": {"suggestions": {"type": "array", "items": {"type": "object",
    "properties": {"text": {"type": "string"}, "kind": {"enum": ["query", "completion", "title", "tag", "channel"]}}}}}},
  "TagPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object",
    "properties": {"tag": {"type": "string"}, "videos": {"type": "integer"}}}}, "next_cursor": {"type": ["string", "null"]}}},
  "CategoryList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object",
    "properties": {"name": {"type": "string"}, "videos": {"type": "integer"}}}}}},
  "SearchStats": {"type": "object", "properties": {"days": {"type": "integer"},
    "top_queries": {"type": "array", "items": {"$ref": "#/components/schemas/QueryStat"}},
    "zero_result_queries": {"type": "array", "items": {"$ref": "#/components/schemas/QueryStat"}}}},
  "QueryStat": {"type": "object", "properties": {"query": {"type": "string", "description": "folded words"},
    "searches": {"type": "integer"}, "zero_results": {"type": "integer"}}},
  "RecommendedVideo": {"allOf": [{"$ref": "#/components/schemas/Video"}, {"type": "object", "required": ["match", "match_label"], "properties": {
    "match": {"type": ["integer", "null"], "minimum": 0, "maximum": 100,
      "description": "how well the video matches (docs/ranking.md, Recommendations); null where the list is not a match (for-you of a new or anonymous viewer)"},
    "match_label": {"type": ["string", "null"], "description": "\"87% match\"; null when match is under 50 (not shown as a percentage) or null"}}}]},
  "RecommendationPage": {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/RecommendedVideo"},
      "description": "public, published videos the caller may see in lists, best first; adult ones only with ?adult=true for callers past the age gate; premium ones with is_premium true; none of a channel the caller blocked; never the video itself"},
    "next_cursor": {"type": ["string", "null"], "description": "opaque; always null for similar videos"}}},
  "RecsRefresh": {"type": "object", "properties": {
    "indexed_videos": {"type": "integer", "description": "videos in this node's content index"},
    "cowatched_videos": {"type": "integer", "description": "videos with co-watched neighbours"}}},
  "Channel": {"allOf": [{"$ref": "#/components/schemas/Profile"}, {"type": "object", "properties": {
    "subscriber_count": {"type": "integer"},
    "video_count": {"type": "integer", "description": "public, published videos"}}}]},
  "Subscription": {"type": "object", "properties": {"channel": {"type": "object", "properties": {
    "id": {"type": "string"}, "username": {"type": "string"}, "display_name": {"type": "string"},
    "avatar_url": {"type": "string"}, "subscriber_count": {"type": "integer"}}},
    "subscribed_at": {"type": "string", "format": "date-time"}}},
  "SubscriptionList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/Subscription"}}, "next_cursor": {"type": ["string", "null"]}}},
  "Block": {"type": "object", "properties": {"channel": {"type": "object", "properties": {
    "id": {"type": "string"}, "username": {"type": "string"}, "display_name": {"type": "string"},
    "avatar_url": {"type": "string"}, "subscriber_count": {"type": "integer"}}},
    "blocked_at": {"type": "string", "format": "date-time"}}},
  "BlockList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/Block"}}, "next_cursor": {"type": ["string", "null"]}}},
  "PlaylistCreate": {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 150}, "description": {"type": "string", "maxLength": 5000},
    "visibility": {"type": "string", "enum": ["public", "unlisted", "private"], "default": "private"}}},
  "PlaylistPatch": {"type": "object", "properties": {
    "title": {"type": "string", "minLength": 1, "maxLength": 150}, "description": {"type": "string", "maxLength": 5000},
    "visibility": {"type": "string", "enum": ["public", "unlisted", "private"]}}},
  "Playlist": {"type": "object", "properties": {"id": {"type": "string"},
    "owner": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": "string"}}},
    "kind": {"type": "string", "enum": ["user", "watch_later", "saved"]},
    "title": {"type": "string"}, "description": {"type": "string"},
    "visibility": {"type": "string", "enum": ["public", "unlisted", "private"]},
    "item_count": {"type": "integer", "description": "items the caller may see"},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
  "PlaylistItem": {"type": "object", "properties": {"playlist_id": {"type": "string"},
    "position": {"type": "integer", "minimum": 0, "description": "0-based rank among the items the caller may see"},
    "added_at": {"type": "string", "format": "date-time"}, "video": {"$ref": "#/components/schemas/Video"}}},
  "PlaylistItemList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/PlaylistItem"}}, "next_cursor": {"type": ["string", "null"]}}},
  "PlaylistWithItems": {"allOf": [{"$ref": "#/components/schemas/Playlist"}, {"type": "object", "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/PlaylistItem"}},
    "items_next_cursor": {"type": ["string", "null"], "description": "cursor for GET /api/playlists/{id}/items"}}}]},
  "PlaylistList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/Playlist"}}, "next_cursor": {"type": ["string", "null"]}}},
  "OwnPlaylistList": {"allOf": [{"$ref": "#/components/schemas/PlaylistList"}, {"type": "object", "properties": {
    "system": {"type": "object", "properties": {"watch_later": {"type": "string"}, "saved": {"type": "string"}}}}}]},
  "PlaylistItemAdd": {"type": "object", "required": ["video_id"], "properties": {"video_id": {"type": "string"},
    "position": {"type": "integer", "minimum": 0, "description": "0-based; absent or past the end: last"}}},
  "PlaylistItemPosition": {"type": "object", "required": ["position"], "properties": {
    "position": {"type": "integer", "minimum": 0, "description": "0-based; past the end: last"}}},
  "SystemPlaylistAdd": {"type": "object", "required": ["video_id"], "properties": {"video_id": {"type": "string"}}},
  "RatingRequest": {"type": "object", "required": ["rating"], "properties": {
    "rating": {"type": "string", "enum": ["like", "dislike", "none"]}}},
  "Rating": {"type": "object", "properties": {"rating": {"type": "string", "enum": ["like", "dislike", "none"],
    "description": "the caller's own rating"}, "likes_count": {"type": "integer"}, "dislikes_count": {"type": "integer"}}},
  "LikeToggle": {"type": "object", "properties": {"liked": {"type": "boolean"}, "likes_count": {"type": "integer"}}},
  "CommentCreate": {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "minLength": 1, "maxLength": 5000, "description": "plain text; trimmed; no control characters but \\n and \\t"},
    "parent_id": {"type": "string", "description": "reply to this comment of the same video"}}},
  "CommentPatch": {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "minLength": 1, "maxLength": 5000}}},
  "Comment": {"type": "object", "properties": {"id": {"type": "string"}, "video_id": {"type": "string"},
    "parent_id": {"type": ["string", "null"]},
    "author": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": "string"}}},
    "text": {"type": "string", "description": "plain text, never HTML"},
    "likes_count": {"type": "integer"}, "replies_count": {"type": "integer", "description": "direct replies"},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
    "edited": {"type": "boolean"},
    "liked_by_me": {"type": "boolean", "description": "present only for signed-in callers"}}},
  "CommentList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "ViewBeacon": {"type": "object", "required": ["position_ms", "watched_ms", "session_id"], "properties": {
    "position_ms": {"type": "integer", "minimum": 0, "description": "where the player is now"},
    "watched_ms": {"type": "integer", "minimum": 0, "description": "watch time of this playback session so far (cumulative)"},
    "session_id": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$",
      "description": "one per playback session; anonymous viewers without the marquee_viewer cookie are known by it"},
    "source": {"type": "string", "enum": ["home", "search", "similar", "subscriptions", "channel", "playlist", "reels", "external"],
      "description": "where the viewer came from (the session keeps the first one sent); anything else counts as external"}}},
  "ViewCounted": {"type": "object", "properties": {"counted": {"type": "boolean",
    "description": "this beacon made the view count"}}},
  "WatchProgress": {"type": "object", "properties": {"video_id": {"type": "string"},
    "position_ms": {"type": "integer", "description": "where to resume"}, "watched_ms": {"type": "integer"},
    "completion_ratio": {"type": "number", "minimum": 0, "maximum": 1, "description": "furthest position / duration"},
    "rewatch_count": {"type": "integer"}, "last_watched_at": {"type": ["string", "null"], "format": "date-time"}}},
  "HistoryItem": {"type": "object", "properties": {"video": {"$ref": "#/components/schemas/Video"},
    "progress": {"$ref": "#/components/schemas/WatchProgress"}}},
  "HistoryPage": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/HistoryItem"}}, "next_cursor": {"type": ["string", "null"]}}},
  "HistorySettings": {"type": "object", "required": ["paused"], "properties": {"paused": {"type": "boolean",
    "description": "while paused no history is recorded; views still count"}}},
  "RetentionPatch": {"type": "object", "required": ["days"], "properties": {"days": {"type": ["integer", "null"],
    "minimum": 0, "maximum": 36500, "description": "days after creation; 0 keeps forever; null follows the site default"}}},
  "Retention": {"type": "object", "properties": {"video_id": {"type": "string"},
    "days": {"type": ["integer", "null"]}, "site_default_days": {"type": "integer", "description": "0: forever"},
    "expires_at": {"type": ["string", "null"], "format": "date-time"}}},
  "AnalyticsFigures": {"type": "object", "properties": {"views": {"type": "integer", "description": "counted views"},
    "watch_time_ms": {"type": "integer", "description": "watch time of every playback session"},
    "average_view_duration_ms": {"type": "integer", "description": "watch_time_ms / views, rounded down; 0 without views"},
    "likes": {"type": "integer", "description": "likes_added - likes_removed"}, "likes_added": {"type": "integer"},
    "likes_removed": {"type": "integer"}, "comments": {"type": "integer", "description": "comments_added - comments_removed"},
    "comments_added": {"type": "integer"}, "comments_removed": {"type": "integer"},
    "sources": {"type": "object", "description": "counted views by traffic source", "properties": {
      "home": {"type": "integer"}, "search": {"type": "integer"}, "similar": {"type": "integer"},
      "subscriptions": {"type": "integer"}, "channel": {"type": "integer"}, "playlist": {"type": "integer"},
      "reels": {"type": "integer"}, "external": {"type": "integer"}}}}},
  "VideoAnalytics": {"type": "object", "description": "query: from, to (YYYY-MM-DD, UTC, inclusive; default the last 28 days; at most 366)",
    "properties": {"video_id": {"type": "string"}, "from": {"type": "string", "format": "date"},
    "to": {"type": "string", "format": "date"}, "duration_ms": {"type": "integer"},
    "totals": {"$ref": "#/components/schemas/AnalyticsFigures"},
    "days": {"type": "array", "description": "every day of the range, oldest first", "items": {"allOf": [
      {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}},
      {"$ref": "#/components/schemas/AnalyticsFigures"}]}},
    "retention": {"type": "object", "description": "the audience-retention curve over the video's whole life",
      "properties": {"sessions": {"type": "integer", "description": "playback sessions (those at point 0)"},
      "points": {"type": "array", "items": {"type": "object", "properties": {"point": {"type": "integer", "minimum": 0, "maximum": 99},
        "position_ms": {"type": "integer"}, "sessions": {"type": "integer", "description": "sessions that reached the point"},
        "share": {"type": "number", "minimum": 0, "maximum": 1, "description": "sessions / retention.sessions"}}}}}}}},
  "AccountDeletion": {"type": "object", "required": ["password"], "properties": {"password": {"type": "string"}}},
  "Notification": {"type": "object", "properties": {"id": {"type": "string"},
    "kind": {"type": "string", "enum": ["new_video", "comment_reply", "video_ready", "video_failed", "like_milestone"]},
    "subject_id": {"type": "string"}, "actor_id": {"type": ["string", "null"]}, "data": {"type": "object"},
    "created_at": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"}}},
  "NotificationList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/Notification"}}, "next_cursor": {"type": ["string", "null"]},
    "unread_count": {"type": "integer"}}},
  "NotificationsRead": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"},
    "maxItems": 500}, "all": {"type": "boolean"}}},
  "NotificationsMarked": {"type": "object", "properties": {"marked": {"type": "integer"},
    "unread_count": {"type": "integer"}}},
  "NotificationSettings": {"type": "object", "additionalProperties": {"type": "boolean"}},
  "ChatMessage": {"type": "object", "properties": {"id": {"type": "string"}, "video_id": {"type": "string"},
    "user": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": "string"},
      "display_name": {"type": "string"}}},
    "text": {"type": "string", "maxLength": 500}, "created_at": {"type": "string", "format": "date-time"}}},
  "ChatMessageList": {"type": "object", "properties": {"items": {"type": "array",
    "items": {"$ref": "#/components/schemas/ChatMessage"}}}},
  "PasswordChange": {"type": "object", "required": ["current_password", "new_password"], "properties": {
    "current_password": {"type": "string"}, "new_password": {"type": "string", "minLength": 8}}},
  "Health": {"type": "object", "properties": {"status": {"type": "string"}, "version": {"type": "string"},
    "uptime_s": {"type": "integer"}}},
  "Ready": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ready", "degraded"]}, "database": {"type": "string"}, "blobs": {"type": "string", "enum": ["ok", "degraded"]}, "redis": {"type": "string", "enum": ["ok", "degraded"]}, "problems": {"type": "object", "additionalProperties": {"type": "string"}}}},
  "Rendition": {"type": "object", "properties": {"name": {"type": "string"}, "width": {"type": "integer"},
    "height": {"type": "integer"}, "bitrate": {"type": "integer"}, "average_bitrate": {"type": "integer"},
    "codecs": {"type": "string"}, "playlist_url": {"type": "string"}}},
  "Playback": {"type": "object", "properties": {"video_id": {"type": "string"}, "status": {"type": "string"},
    "duration_ms": {"type": "integer"}, "master_url": {"type": "string"},
    "poster_url": {"type": ["string", "null"]}, "poster_webp_url": {"type": ["string", "null"]},
    "thumbnail_url": {"type": ["string", "null"]}, "storyboard_url": {"type": ["string", "null"]},
    "renditions": {"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}},
    "signed": {"type": "boolean", "description": "URLs carry exp/vid/sig query parameters"},
    "expires_at": {"type": ["string", "null"], "format": "date-time"}}},
  "Job": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string"},
    "payload": {}, "priority": {"type": "integer"},
    "state": {"type": "string", "enum": ["queued", "running", "succeeded", "dead", "cancelled"]},
    "attempts": {"type": "integer"}, "max_attempts": {"type": "integer"},
    "run_at": {"type": "string", "format": "date-time"}, "lease_owner": {"type": ["string", "null"]},
    "lease_expires_at": {"type": ["string", "null"], "format": "date-time"},
    "last_error": {"type": ["string", "null"]}, "subject": {"type": ["string", "null"]},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
    "finished_at": {"type": ["string", "null"], "format": "date-time"}}},
  "UploadTicketRequest": {"type": "object", "properties": {"video_id": {"type": "string",
    "description": "an existing draft; otherwise a new video is created from the fields below"},
    "title": {"type": "string"}, "description": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
    "category": {"type": "string"}, "visibility": {"type": "string"}, "is_premium": {"type": "boolean"},
    "is_adult": {"type": "boolean"}}},
  "UploadTicket": {"type": "object", "properties": {"video_id": {"type": "string"}, "upload_url": {"type": "string"},
    "method": {"const": "PUT"}, "headers": {"type": "object"}, "max_bytes": {"type": "integer"},
    "expires_at": {"type": "string", "format": "date-time"}}},
  "PresignedUploadRequest": {"type": "object", "required": ["size"], "properties": {
    "size": {"type": "integer", "minimum": 1}, "content_type": {"type": "string", "default": "video/mp4"},
    "filename": {"type": "string"}, "video_id": {"type": "string",
    "description": "an existing draft; otherwise a new video is created from the fields below"},
    "title": {"type": "string"}, "description": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
    "category": {"type": "string"}, "visibility": {"type": "string"}, "is_premium": {"type": "boolean"},
    "is_adult": {"type": "boolean"}}},
  "PresignedUpload": {"type": "object", "properties": {"upload_id": {"type": "string"}, "video_id": {"type": "string"},
    "size": {"type": "integer"}, "method": {"const": "PUT"},
    "url": {"type": "string", "description": "one PUT of the whole file (sizes up to part_size); send headers with it"},
    "headers": {"type": "object"},
    "part_size": {"type": "integer", "description": "multipart: every part but the last holds exactly this many bytes"},
    "parts": {"type": "array", "items": {"type": "object", "properties": {"part_number": {"type": "integer"},
      "url": {"type": "string"}}}},
    "complete_url": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"}}},
  "PresignedUploadComplete": {"type": "object", "properties": {"parts": {"type": "array",
    "description": "multipart only: each part's ETag response header, in order",
    "items": {"type": "object", "properties": {"part_number": {"type": "integer"}, "etag": {"type": "string"}}}}}},
  "PresignedUploadDone": {"type": "object", "properties": {"upload_id": {"type": "string"},
    "video_id": {"type": "string"}, "status": {"const": "queued"}}},
  "JobList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
    "next_cursor": {"type": ["string", "null"]}}}
})json";

// Moderation, the audit log, site settings and the age gate (docs/moderation.md).
constexpr const char* kModerationSchemas = R"json({
  "ReportCreate": {"type": "object", "required": ["target", "target_id", "reason"], "properties": {
    "target": {"type": "string", "enum": ["video", "comment", "user"]}, "target_id": {"type": "string"},
    "reason": {"type": "string", "enum": ["violent_or_abusive", "hateful", "sexual_content_involving_minors",
      "spam_or_misleading", "privacy", "rights", "site_rules", "other"]},
    "text": {"type": "string", "maxLength": 2000}, "timestamp_ms": {"type": "integer", "minimum": 0}}},
  "Report": {"type": "object", "properties": {"id": {"type": "string"}, "target": {"type": "string"},
    "target_id": {"type": "string"}, "reason": {"type": "string"}, "text": {"type": "string"},
    "timestamp_ms": {"type": ["integer", "null"]}, "created_at": {"type": "string", "format": "date-time"}}},
  "MyReport": {"allOf": [{"$ref": "#/components/schemas/Report"}, {"type": "object", "properties": {
    "state": {"type": "string", "enum": ["open", "resolved"]}, "outcome": {"type": ["string", "null"]}}}]},
  "MyReportList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/MyReport"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "Case": {"type": "object", "properties": {"id": {"type": "string"},
    "target": {"type": "string", "enum": ["video", "comment", "user"]}, "target_id": {"type": "string"},
    "owner_id": {"type": ["string", "null"]}, "source": {"type": "string", "enum": ["report", "review", "dmca", "appeal"]},
    "reason": {"type": "string"}, "snapshot": {"type": "object", "description": "the target as it was when the case opened"},
    "state": {"type": "string", "enum": ["open", "resolved"]}, "outcome": {"type": ["string", "null"]},
    "reports_count": {"type": "integer"}, "appeal_of": {"type": ["string", "null"]},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
    "resolved_at": {"type": ["string", "null"], "format": "date-time"}}},
  "CaseList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "ModerationActionCreate": {"type": "object", "required": ["action"], "properties": {
    "action": {"type": "string", "enum": ["dismiss", "approve", "remove", "restore", "age_restrict", "warn", "suspend", "ban"]},
    "public_reason": {"type": "string", "maxLength": 1000, "description": "shown to the user; required for remove, age_restrict, warn, suspend and ban"},
    "internal_note": {"type": "string", "maxLength": 5000}, "until": {"type": "string", "format": "date-time",
    "description": "suspend only"}}},
  "ModerationAction": {"type": "object", "properties": {"id": {"type": "string"}, "case_id": {"type": "string"},
    "action": {"type": "string"}, "moderator_id": {"type": ["string", "null"]}, "user_id": {"type": ["string", "null"]},
    "public_reason": {"type": "string"}, "internal_note": {"type": "string"},
    "until": {"type": ["string", "null"], "format": "date-time"}, "appealable": {"type": "boolean"},
    "created_at": {"type": "string", "format": "date-time"}}},
  "CaseDetail": {"allOf": [{"$ref": "#/components/schemas/Case"}, {"type": "object", "properties": {
    "reports": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}},
    "actions": {"type": "array", "items": {"$ref": "#/components/schemas/ModerationAction"}},
    "appeal": {"oneOf": [{"$ref": "#/components/schemas/Appeal"}, {"type": "null"}]},
    "appealed_action": {"oneOf": [{"$ref": "#/components/schemas/ModerationAction"}, {"type": "null"}]},
    "prior_cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}}}]},
  "AppealCreate": {"type": "object", "required": ["action_id", "text"], "properties": {
    "action_id": {"type": "string"}, "text": {"type": "string", "maxLength": 5000}}},
  "Appeal": {"type": "object", "properties": {"id": {"type": "string"}, "action_id": {"type": "string"},
    "case_id": {"type": "string"}, "user_id": {"type": "string"}, "text": {"type": "string"},
    "state": {"type": "string", "enum": ["open", "granted", "denied"]},
    "created_at": {"type": "string", "format": "date-time"}, "decided_at": {"type": ["string", "null"], "format": "date-time"}}},
  "AuditEntry": {"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
    "actor_id": {"type": ["string", "null"]}, "action": {"type": "string"}, "target_type": {"type": "string"},
    "target_id": {"type": "string"}, "before": {}, "after": {}, "request_id": {"type": "string"}}},
  "AuditList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "SiteSettings": {"type": "object", "properties": {"settings": {"type": "object", "additionalProperties": {
    "type": "object", "properties": {"value": {"type": "string"}, "help": {"type": "string"}}}}}},
  "SiteSettingsPatch": {"type": "object", "description": "setting key to its new value",
    "additionalProperties": {"type": ["string", "integer", "boolean"]}},
  "AgeGate": {"type": "object", "properties": {"passed": {"type": "boolean"}, "adult_content": {"type": "boolean"},
    "minimum_age": {"type": "integer"}, "attested": {"type": ["boolean", "null"]}}},
  "AgeGateConfirm": {"type": "object", "required": ["confirm"], "properties": {"confirm": {"const": true},
    "birth_date": {"type": "string", "format": "date"}}},
  "DmcaNoticeCreate": {"type": "object", "description": "the elements of 17 U.S.C. 512(c)(3)(A); a missing one is named in error.details.missing",
    "required": ["signature", "work", "infringing_urls", "name", "email", "address", "phone",
      "good_faith_statement", "accuracy_and_authority_statement"], "properties": {
    "signature": {"type": "string", "maxLength": 200}, "work": {"type": "string", "maxLength": 5000},
    "infringing_urls": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "string"},
      "description": "URLs of videos on this site (/watch/{id}, /api/videos/{id}, ?v={id})"},
    "name": {"type": "string"}, "email": {"type": "string"}, "address": {"type": "string"}, "phone": {"type": "string"},
    "good_faith_statement": {"const": true}, "accuracy_and_authority_statement": {"const": true}}},
  "DmcaNotice": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
    "email": {"type": ["string", "null"]}, "address": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
    "signature": {"type": "string"}, "work": {"type": "string"},
    "infringing_urls": {"type": "array", "items": {"type": "string"}}, "statements": {"type": "object"},
    "videos": {"type": "array", "items": {"type": "object", "properties": {"video_id": {"type": "string"},
      "state": {"type": "string", "enum": ["removed", "countered", "restored", "court_action"]},
      "case_id": {"type": ["string", "null"]}, "restore_at": {"type": ["string", "null"], "format": "date-time"}}}},
    "counter_notices": {"type": "array", "items": {"$ref": "#/components/schemas/DmcaCounterNotice"}},
    "court_action_at": {"type": ["string", "null"], "format": "date-time"},
    "redacted": {"type": "boolean", "description": "the uploader's copy, without the complainant's contact details"},
    "access_key": {"type": "string", "description": "only when sent: lets the sender read the notice with ?key="},
    "created_at": {"type": "string", "format": "date-time"}}},
  "DmcaCounterNoticeCreate": {"type": "object", "description": "the elements of 17 U.S.C. 512(g)(3)",
    "required": ["notice_id", "video_id", "signature", "mistake_statement", "name", "address", "phone",
      "jurisdiction_consent"], "properties": {
    "notice_id": {"type": "string"}, "video_id": {"type": "string"}, "signature": {"type": "string"},
    "mistake_statement": {"const": true}, "name": {"type": "string"}, "address": {"type": "string"},
    "phone": {"type": "string"}, "email": {"type": "string"}, "jurisdiction_consent": {"const": true}}},
  "DmcaCounterNotice": {"type": "object", "properties": {"id": {"type": "string"}, "notice_id": {"type": "string"},
    "video_id": {"type": "string"}, "user_id": {"type": "string"}, "name": {"type": "string"},
    "address": {"type": "string"}, "phone": {"type": "string"}, "email": {"type": "string"},
    "signature": {"type": "string"}, "statements": {"type": "object"},
    "restore_at": {"type": "string", "format": "date-time", "description": "when sent: when the video returns"},
    "created_at": {"type": "string", "format": "date-time"}}},
  "StrikeList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "string"}, "notice_id": {"type": "string"}, "video_id": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"}, "expires_at": {"type": "string", "format": "date-time"}}}}}}
})json";

// Every schema, from both tables.
boost::json::object all_schemas() {
  auto schemas = boost::json::parse(kSchemas).as_object();
  const auto more = boost::json::parse(kModerationSchemas);
  for (const auto& [name, schema] : more.as_object()) schemas[name] = schema;
  const auto studio = boost::json::parse(kStudioSchemas);
  for (const auto& [name, schema] : studio.as_object()) schemas[name] = schema;
  return schemas;
}

std::string openapi_path(const std::string& pattern) {
  std::string out = pattern;
  auto star = out.find("*}");
  if (star != std::string::npos) out.erase(star, 1);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

boost::json::object ref(const std::string& schema) {
  return {{"$ref", "#/components/schemas/" + schema}};
}

}  // namespace

boost::json::object build_openapi(const http::Router& router) {
  boost::json::object paths;
  std::set<std::string> tags;
  for (const auto& route : router.routes()) {
    std::string path = openapi_path(route.pattern);
    boost::json::object op;
    op["summary"] = route.doc.summary;
    op["operationId"] = lower(http::method_name(route.method)) + path;
    if (!route.doc.tag.empty()) {
      op["tags"] = boost::json::array{route.doc.tag};
      tags.insert(route.doc.tag);
    }
    op["x-access"] = http::access_name(route.doc.access);
    if (route.doc.access != http::Access::public_) {
      op["security"] = boost::json::array{boost::json::object{{"bearer", boost::json::array{}}},
                                          boost::json::object{{"cookie", boost::json::array{}}}};
    }
    boost::json::array parameters;
    for (const auto& seg : route.segments) {
      if (seg.size() > 2 && seg.front() == '{') {
        std::string name = seg.substr(1, seg.size() - 2);
        if (!name.empty() && name.back() == '*') name.pop_back();
        parameters.push_back(boost::json::object{
            {"name", name}, {"in", "path"}, {"required", true}, {"schema", boost::json::object{{"type", "string"}}}});
      }
    }
    if (!parameters.empty()) op["parameters"] = std::move(parameters);
    if (!route.doc.request_schema.empty()) {
      op["requestBody"] = boost::json::object{
          {"required", true},
          {"content", boost::json::object{{"application/json", boost::json::object{{"schema", ref(route.doc.request_schema)}}}}}};
    }
    boost::json::object responses;
    boost::json::object success{{"description", "success"}};
    if (!route.doc.response_schema.empty()) {
      success["content"] =
          boost::json::object{{"application/json", boost::json::object{{"schema", ref(route.doc.response_schema)}}}};
    }
    responses[std::to_string(route.doc.success_status)] = std::move(success);
    responses["default"] = boost::json::object{
        {"description", "error envelope"},
        {"content", boost::json::object{{"application/json", boost::json::object{{"schema", ref("Error")}}}}}};
    op["responses"] = std::move(responses);
    auto& item = paths[path];
    if (!item.is_object()) item = boost::json::object{};
    item.as_object()[lower(http::method_name(route.method))] = std::move(op);
  }
  boost::json::array tag_list;
  for (const auto& t : tags) tag_list.push_back(boost::json::object{{"name", t}});
  return {
      {"openapi", "3.1.0"},
      {"info", boost::json::object{{"title", "Marquee API"},
                                   {"version", MARQUEE_VERSION},
                                   {"description", "Self-hosted video platform server. Errors use one envelope: "
                                                   "{\"error\":{\"code\",\"message\",\"details\"}}. Lists are "
                                                   "cursor-paginated with ?limit=&cursor=."}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       boost::json::object{
           {"schemas", all_schemas()},
           {"securitySchemes",
            boost::json::object{
                {"bearer", boost::json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
                {"cookie", boost::json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "marquee_access"}}}}}}},
  };
}

}  // namespace marquee::ops
