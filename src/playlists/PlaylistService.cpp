#include "playlists/PlaylistService.h"

#include "core/Error.h"
#include "core/Ids.h"
#include "playlists/PlaylistCursor.h"
#include "playlists/PlaylistFieldRules.h"
#include "playlists/PlaylistPolicy.h"
#include "videos/VideoPolicy.h"

namespace marquee::playlists {
namespace {

constexpr int kIdAttempts = 3;

using accounts::Caller;
using accounts::Principal;

// The videos `caller` may watch, as videos::may_view decides, for SQL to filter by.
VideoScope scope_of(const Caller& caller) {
  VideoScope scope;
  if (caller) {
    scope.reader_id = caller->user_id;
    scope.sees_every_private_video = caller->is_moderator();
  }
  return scope;
}

std::int64_t checked_limit(const PageQuery& query) {
  const std::int64_t limit = query.limit.value_or(kDefaultPageSize);
  if (limit < 1 || limit > kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  return limit;
}

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

void check_position(std::int64_t position) {
  if (position < 0) throw_validation("position", "position must be 0 or more");
}

// Validates every field present in `fields` and writes it to `playlist`; absent ones stay.
void apply_fields(const PlaylistFields& fields, Playlist& playlist) {
  if (fields.title) playlist.title = normalized_title(*fields.title);
  if (fields.description) playlist.description = normalized_description(*fields.description);
  if (fields.visibility) playlist.visibility = checked_visibility(*fields.visibility);
}

// Refuses `editor` unless they own `playlist`; callers who cannot see it learn nothing.
void require_editor(const Principal& editor, const Playlist& playlist) {
  if (!may_view(Caller(editor), playlist)) throw_not_found("playlist");
  if (!may_edit(editor, playlist)) throw_forbidden("only the owner may change this playlist");
}

void require_deleter(const Principal& editor, const Playlist& playlist) {
  if (!may_view(Caller(editor), playlist)) throw_not_found("playlist");
  if (playlist.is_system()) throw_forbidden("system playlists cannot be deleted");
  if (!may_delete(editor, playlist)) throw_forbidden("only the owner or a moderator may delete this playlist");
}

[[noreturn]] void refuse_item_change(ItemOutcome outcome) {
  switch (outcome) {
    case ItemOutcome::no_playlist: throw_not_found("playlist");
    case ItemOutcome::no_video: throw_not_found("video");
    case ItemOutcome::not_in_playlist: throw Error(ErrorCode::not_found, "the video is not in this playlist");
    case ItemOutcome::full:
      throw Error(ErrorCode::conflict,
                  "a playlist holds at most " + std::to_string(kMaxItemsPerPlaylist) + " videos");
    case ItemOutcome::changed:
    case ItemOutcome::unchanged: break;
  }
  throw Error(ErrorCode::internal, "unexpected playlist item outcome");
}

}  // namespace

Playlist PlaylistService::create(const Principal& owner, const PlaylistFields& fields) {
  if (!fields.title) throw_validation("title", "title is required");
  Playlist playlist;
  playlist.owner_id = owner.user_id;
  playlist.kind = PlaylistKind::user;
  playlist.visibility = PlaylistVisibility::private_;
  apply_fields(fields, playlist);
  playlist.created_at = playlist.updated_at = clock_.now_ms();

  for (int attempt = 1;; ++attempt) {
    playlist.id = new_public_id();
    try {
      auto owner_username = store_.insert(playlist);
      if (!owner_username) throw_unauthorized("your account no longer exists");
      playlist.owner_username = *owner_username;
      return playlist;
    } catch (const db::UniqueViolation&) {
      if (attempt == kIdAttempts) throw;
    }
  }
}

Playlist PlaylistService::get(const Caller& caller, const std::string& id) {
  if (!looks_like_public_id(id)) throw_not_found("playlist");
  auto playlist = store_.find(id, scope_of(caller));
  if (!playlist || !may_view(caller, *playlist)) throw_not_found("playlist");
  return *playlist;
}

Playlist PlaylistService::update(const Principal& editor, const std::string& id, const PlaylistFields& fields) {
  if (!looks_like_public_id(id)) throw_not_found("playlist");
  const Millis now = clock_.now_ms();
  auto updated = store_.modify(id, scope_of(editor), [&](Playlist& playlist) {
    require_editor(editor, playlist);
    if (playlist.is_system()) throw_forbidden("system playlists cannot be renamed or changed");
    const Playlist before = playlist;
    apply_fields(fields, playlist);
    if (playlist.title != before.title || playlist.description != before.description ||
        playlist.visibility != before.visibility) {
      playlist.updated_at = now;
    }
  });
  if (!updated) throw_not_found("playlist");
  return *updated;
}

void PlaylistService::remove(const Principal& editor, const std::string& id) {
  if (!looks_like_public_id(id)) throw_not_found("playlist");
  bool removed = store_.remove(id, [&](const Playlist& playlist) { require_deleter(editor, playlist); });
  if (!removed) throw_not_found("playlist");
}

ItemPage PlaylistService::items(const Caller& caller, const std::string& playlist_id, const PageQuery& query) {
  const std::int64_t limit = checked_limit(query);
  ItemListFilter filter;
  filter.playlist_id = playlist_id;
  filter.scope = scope_of(caller);
  filter.scope.hide_adult = !query.adult_allowed;
  filter.limit = static_cast<int>(limit) + 1;
  get(caller, playlist_id);
  if (auto cursor = present(query.cursor)) filter.after = decode_item_cursor(*cursor);

  auto rows = store_.list_items(filter);
  ItemPage page;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_item_cursor({rows.back().sort_key, rows.back().video_id});
  }
  for (const auto& row : rows) {
    if (auto item = loaded_item(caller, playlist_id, row)) page.items.push_back(std::move(*item));
  }
  return page;
}

AddedItem PlaylistService::add_item(const Principal& editor, const std::string& playlist_id,
                                    const std::string& video_id, std::optional<std::int64_t> position) {
  if (position) check_position(*position);
  if (!looks_like_public_id(playlist_id)) throw_not_found("playlist");
  if (!looks_like_public_id(video_id)) throw_not_found("video");
  const Millis now = clock_.now_ms();
  auto change = store_.add_item(playlist_id, video_id, position, scope_of(editor), kMaxItemsPerPlaylist, now,
                                [&](const Playlist& playlist) { require_editor(editor, playlist); });
  if (change.outcome != ItemOutcome::changed && change.outcome != ItemOutcome::unchanged) {
    refuse_item_change(change.outcome);
  }
  auto item = loaded_item(Caller(editor), playlist_id, {video_id, change.position, 0, change.added_at});
  if (!item) throw_not_found("video");
  return {std::move(*item), change.outcome == ItemOutcome::changed};
}

void PlaylistService::remove_item(const Principal& editor, const std::string& playlist_id,
                                  const std::string& video_id) {
  if (!looks_like_public_id(playlist_id)) throw_not_found("playlist");
  auto change = store_.remove_item(playlist_id, video_id, clock_.now_ms(),
                                   [&](const Playlist& playlist) { require_editor(editor, playlist); });
  if (change.outcome == ItemOutcome::no_playlist) throw_not_found("playlist");
}

PlaylistItem PlaylistService::move_item(const Principal& editor, const std::string& playlist_id,
                                        const std::string& video_id, std::int64_t position) {
  check_position(position);
  if (!looks_like_public_id(playlist_id)) throw_not_found("playlist");
  const Millis now = clock_.now_ms();
  auto change = store_.move_item(playlist_id, video_id, position, scope_of(editor), now,
                                 [&](const Playlist& playlist) { require_editor(editor, playlist); });
  if (change.outcome != ItemOutcome::changed && change.outcome != ItemOutcome::unchanged) {
    refuse_item_change(change.outcome);
  }
  auto item = loaded_item(Caller(editor), playlist_id, {video_id, change.position, 0, change.added_at});
  if (!item) throw Error(ErrorCode::not_found, "the video is not in this playlist");
  return std::move(*item);
}

OwnPlaylists PlaylistService::list_own(const Principal& owner, const PageQuery& query) {
  const std::int64_t limit = checked_limit(query);
  OwnPlaylists own;
  own.watch_later_id = system_playlist(owner, PlaylistKind::watch_later).id;
  own.saved_id = system_playlist(owner, PlaylistKind::saved).id;

  PlaylistListFilter filter;
  filter.owner_id = owner.user_id;
  filter.public_only = false;
  filter.scope = scope_of(Caller(owner));
  filter.limit = static_cast<int>(limit) + 1;
  if (auto cursor = present(query.cursor)) filter.after = decode_playlist_cursor(*cursor);
  own.page.items = store_.list(filter);
  if (own.page.items.size() > static_cast<std::size_t>(limit)) {
    own.page.items.resize(static_cast<std::size_t>(limit));
    const Playlist& last = own.page.items.back();
    own.page.next_cursor = encode_playlist_cursor({list_group(last.kind), last.created_at, last.id});
  }
  return own;
}

PlaylistPage PlaylistService::list_channel(const Caller& caller, const std::string& username,
                                           const PageQuery& query) {
  const std::int64_t limit = checked_limit(query);
  auto owner_id = store_.find_user_id_by_username(username);
  if (!owner_id) throw_not_found("channel");

  PlaylistListFilter filter;
  filter.owner_id = *owner_id;
  filter.public_only = !sees_all_playlists_of(caller, *owner_id);
  filter.scope = scope_of(caller);
  filter.limit = static_cast<int>(limit) + 1;
  if (auto cursor = present(query.cursor)) filter.after = decode_playlist_cursor(*cursor);
  PlaylistPage page;
  page.items = store_.list(filter);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    const Playlist& last = page.items.back();
    page.next_cursor = encode_playlist_cursor({list_group(last.kind), last.created_at, last.id});
  }
  return page;
}

Playlist PlaylistService::system_playlist(const Principal& owner, PlaylistKind kind) {
  Playlist fresh;
  fresh.owner_id = owner.user_id;
  fresh.kind = kind;
  fresh.title = system_title(kind);
  fresh.visibility = PlaylistVisibility::private_;
  fresh.created_at = fresh.updated_at = clock_.now_ms();
  for (int attempt = 1;; ++attempt) {
    fresh.id = new_public_id();
    try {
      auto playlist = store_.ensure_system(fresh, scope_of(Caller(owner)));
      if (!playlist) throw_unauthorized("your account no longer exists");
      return *playlist;
    } catch (const db::UniqueViolation&) {
      if (attempt == kIdAttempts) throw;
    }
  }
}

AddedItem PlaylistService::add_to_system_playlist(const Principal& owner, PlaylistKind kind,
                                                  const std::string& video_id) {
  return add_item(owner, system_playlist(owner, kind).id, video_id, std::nullopt);
}

std::optional<PlaylistItem> PlaylistService::loaded_item(const Caller& caller, const std::string& playlist_id,
                                                         const ItemRow& row) {
  auto video = videos_.find(row.video_id);
  if (!video || !videos::may_view(caller, *video)) return std::nullopt;
  return PlaylistItem{playlist_id, row.position, row.added_at, std::move(*video)};
}

}  // namespace marquee::playlists
