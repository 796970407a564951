#include "playlists/PlaylistStore.h"

#include "core/Text.h"

namespace marquee::playlists {
namespace {

// SQL that keeps the rows of `v` (videos) a scope sees; appends its parameters. Held and
// removed videos (src/moderation) are hidden like private ones; an owner still sees their own
// held video, never a removed one.
std::string visible_videos(const VideoScope& scope, std::vector<db::Value>& params) {
  std::string adult;
  if (scope.hide_adult) {
    adult = " AND (NOT v.is_adult OR v.owner_id = ?)";
    params.emplace_back(scope.reader_id.value_or(""));
  }
  if (scope.sees_every_private_video) return adult;
  params.emplace_back(std::string(videos::visibility_name(videos::Visibility::private_)));
  if (!scope.reader_id) return adult + " AND v.visibility <> ? AND v.moderation = ''";
  params.emplace_back(*scope.reader_id);
  return adult + " AND ((v.visibility <> ? AND v.moderation = '') OR (v.owner_id = ? AND v.moderation <> 'removed'))";
}

// The SELECT of playlists `p` with their owner's username and the count of items the scope
// sees; its parameters come first.
std::string select_playlists(const VideoScope& scope, std::vector<db::Value>& params) {
  return "SELECT p.id AS id, p.owner_id AS owner_id, u.username AS owner_username, p.kind AS kind, "
         "p.title AS title, p.description AS description, p.visibility AS visibility, p.created_at AS created_at, "
         "p.updated_at AS updated_at, (SELECT COUNT(*) FROM playlist_items i JOIN videos v ON v.id = i.video_id "
         "WHERE i.playlist_id = p.id" +
         visible_videos(scope, params) + ") AS item_count FROM playlists p JOIN users u ON u.id = p.owner_id";
}

// list_group() of playlists `p` in SQL.
std::string list_group_sql() {
  return "(CASE p.kind WHEN '" + std::string(kind_name(PlaylistKind::watch_later)) + "' THEN " +
         std::to_string(list_group(PlaylistKind::watch_later)) + " WHEN '" +
         std::string(kind_name(PlaylistKind::saved)) + "' THEN " + std::to_string(list_group(PlaylistKind::saved)) +
         " ELSE " + std::to_string(list_group(PlaylistKind::user)) + " END)";
}

Playlist playlist_from(const db::Row& row) {
  Playlist p;
  p.id = row.str("id");
  p.owner_id = row.str("owner_id");
  p.owner_username = row.str("owner_username");
  p.kind = parse_kind(row.str("kind")).value_or(PlaylistKind::user);
  p.title = row.str("title");
  p.description = row.str("description");
  p.visibility = parse_visibility(row.str("visibility")).value_or(PlaylistVisibility::private_);
  p.item_count = row.i64("item_count");
  p.created_at = row.i64("created_at");
  p.updated_at = row.i64("updated_at");
  return p;
}

std::optional<Playlist> find_in(db::Connection& c, const std::string& id, const VideoScope& scope) {
  std::vector<db::Value> params;
  std::string sql = select_playlists(scope, params) + " WHERE p.id = ?";
  params.emplace_back(id);
  auto result = c.exec(sql, params);
  if (result.empty()) return std::nullopt;
  return playlist_from(result.front());
}

struct StoredItem {
  std::int64_t sort_key = 0;
  Millis added_at = 0;
};

std::optional<StoredItem> stored_item(db::Connection& c, const std::string& playlist_id, const std::string& video_id) {
  auto result = c.exec("SELECT position, added_at FROM playlist_items WHERE playlist_id = ? AND video_id = ?",
                       {playlist_id, video_id});
  if (result.empty()) return std::nullopt;
  return StoredItem{result.front().i64("position"), result.front().i64("added_at")};
}

bool scope_sees_video(db::Connection& c, const std::string& video_id, const VideoScope& scope) {
  std::vector<db::Value> params{video_id};
  std::string sql = "SELECT 1 AS seen FROM videos v WHERE v.id = ?" + visible_videos(scope, params);
  return !c.exec(sql, params).empty();
}

// How many items the scope sees before `sort_key`: the rank of the item there.
std::int64_t rank_of(db::Connection& c, const std::string& playlist_id, std::int64_t sort_key,
                     const VideoScope& scope) {
  std::vector<db::Value> params{playlist_id, sort_key};
  std::string sql =
      "SELECT COUNT(*) AS n FROM playlist_items i JOIN videos v ON v.id = i.video_id "
      "WHERE i.playlist_id = ? AND i.position < ?" +
      visible_videos(scope, params);
  return c.exec(sql, params).front().i64("n");
}

// The ordering key of the item at rank `rank` among those the scope sees, leaving out
// `except_video`; nullopt when there are not that many.
std::optional<std::int64_t> key_at_rank(db::Connection& c, const std::string& playlist_id, std::int64_t rank,
                                        const std::string& except_video, const VideoScope& scope) {
  std::vector<db::Value> params{playlist_id, except_video};
  std::string sql =
      "SELECT i.position AS position FROM playlist_items i JOIN videos v ON v.id = i.video_id "
      "WHERE i.playlist_id = ? AND i.video_id <> ?" +
      visible_videos(scope, params) + " ORDER BY i.position LIMIT 1 OFFSET ?";
  params.emplace_back(rank);
  auto result = c.exec(sql, params);
  if (result.empty()) return std::nullopt;
  return result.front().i64("position");
}

// One past the largest ordering key: where an appended item goes.
std::int64_t end_key(db::Connection& c, const std::string& playlist_id) {
  auto result = c.exec("SELECT COUNT(*) AS n, MAX(position) AS top FROM playlist_items WHERE playlist_id = ?",
                       {playlist_id});
  return result.front().i64("n") == 0 ? 0 : result.front().i64("top") + 1;
}

void touch(db::Connection& c, const std::string& playlist_id, Millis now) {
  c.exec("UPDATE playlists SET updated_at = ? WHERE id = ?", {now, playlist_id});
}

}  // namespace

std::int64_t list_group(PlaylistKind kind) {
  switch (kind) {
    case PlaylistKind::watch_later: return 0;
    case PlaylistKind::saved: return 1;
    case PlaylistKind::user: break;
  }
  return 2;
}

bool PlaylistStore::lock_playlist(db::Connection& c, const std::string& id) {
  std::string sql = "SELECT id FROM playlists WHERE id = ?";
  if (db_.dialect() == db::Dialect::postgres) sql += " FOR UPDATE";
  return !c.exec(sql, {id}).empty();
}

std::optional<std::string> PlaylistStore::insert(const Playlist& p) {
  return db_.write([&](db::Connection& c) -> std::optional<std::string> {
    auto owner = c.exec("SELECT username FROM users WHERE id = ?", {p.owner_id});
    if (owner.empty()) return std::nullopt;
    c.exec(
        "INSERT INTO playlists (id, owner_id, kind, title, description, visibility, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {p.id, p.owner_id, std::string(kind_name(p.kind)), p.title, p.description,
         std::string(visibility_name(p.visibility)), p.created_at, p.updated_at});
    return owner.front().str("username");
  });
}

std::optional<Playlist> PlaylistStore::ensure_system(const Playlist& fresh, const VideoScope& scope) {
  auto find_system = [&](db::Connection& c) -> std::optional<Playlist> {
    std::vector<db::Value> params;
    std::string sql = select_playlists(scope, params) + " WHERE p.owner_id = ? AND p.kind = ?";
    params.emplace_back(fresh.owner_id);
    params.emplace_back(std::string(kind_name(fresh.kind)));
    auto result = c.exec(sql, params);
    if (result.empty()) return std::nullopt;
    return playlist_from(result.front());
  };
  if (auto existing = db_.read(find_system)) return existing;
  return db_.write([&](db::Connection& c) -> std::optional<Playlist> {
    if (c.exec("SELECT 1 AS found FROM users WHERE id = ?", {fresh.owner_id}).empty()) return std::nullopt;
    c.exec(
        "INSERT INTO playlists (id, owner_id, kind, title, description, visibility, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner_id, kind) WHERE kind <> 'user' DO NOTHING",
        {fresh.id, fresh.owner_id, std::string(kind_name(fresh.kind)), fresh.title, fresh.description,
         std::string(visibility_name(fresh.visibility)), fresh.created_at, fresh.updated_at});
    return find_system(c);
  });
}

std::optional<Playlist> PlaylistStore::find(const std::string& id, const VideoScope& scope) {
  return db_.read([&](db::Connection& c) { return find_in(c, id, scope); });
}

std::optional<Playlist> PlaylistStore::modify(const std::string& id, const VideoScope& scope,
                                              const std::function<void(Playlist&)>& edit) {
  return db_.write([&](db::Connection& c) -> std::optional<Playlist> {
    if (!lock_playlist(c, id)) return std::nullopt;
    auto playlist = find_in(c, id, scope);
    if (!playlist) return std::nullopt;
    edit(*playlist);
    c.exec("UPDATE playlists SET title = ?, description = ?, visibility = ?, updated_at = ? WHERE id = ?",
           {playlist->title, playlist->description, std::string(visibility_name(playlist->visibility)),
            playlist->updated_at, id});
    return playlist;
  });
}

bool PlaylistStore::remove(const std::string& id, const Approval& approve) {
  return db_.write([&](db::Connection& c) {
    if (!lock_playlist(c, id)) return false;
    auto playlist = find_in(c, id, VideoScope{});
    if (!playlist) return false;
    approve(*playlist);
    c.exec("DELETE FROM playlists WHERE id = ?", {id});
    return true;
  });
}

std::vector<Playlist> PlaylistStore::list(const PlaylistListFilter& filter) {
  std::vector<db::Value> params;
  std::string sql = select_playlists(filter.scope, params) + " WHERE p.owner_id = ?";
  params.emplace_back(filter.owner_id);
  if (filter.public_only) {
    sql += " AND p.visibility = ?";
    params.emplace_back(std::string(visibility_name(PlaylistVisibility::public_)));
  }
  const std::string group = list_group_sql();
  if (filter.after) {
    sql += " AND (" + group + " > ? OR (" + group + " = ? AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?))))";
    params.emplace_back(filter.after->group);
    params.emplace_back(filter.after->group);
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->id);
  }
  sql += " ORDER BY " + group + ", p.created_at DESC, p.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});

  return db_.read([&](db::Connection& c) {
    std::vector<Playlist> playlists;
    for (auto row : c.exec(sql, params)) playlists.push_back(playlist_from(row));
    return playlists;
  });
}

std::vector<ItemRow> PlaylistStore::list_items(const ItemListFilter& filter) {
  std::vector<db::Value> params{filter.playlist_id};
  std::string sql =
      "SELECT r.video_id AS video_id, r.sort_key AS sort_key, r.item_rank AS item_rank, r.added_at AS added_at "
      "FROM (SELECT i.video_id AS video_id, i.position AS sort_key, i.added_at AS added_at, "
      "ROW_NUMBER() OVER (ORDER BY i.position) - 1 AS item_rank "
      "FROM playlist_items i JOIN videos v ON v.id = i.video_id WHERE i.playlist_id = ?" +
      visible_videos(filter.scope, params) + ") r";
  if (filter.after) {
    sql +=
        " WHERE r.sort_key > COALESCE((SELECT position FROM playlist_items WHERE playlist_id = ? AND video_id = ?), "
        "CAST(? AS BIGINT))";
    params.emplace_back(filter.playlist_id);
    params.emplace_back(filter.after->video_id);
    params.emplace_back(filter.after->sort_key);
  }
  sql += " ORDER BY r.sort_key LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});

  return db_.read([&](db::Connection& c) {
    std::vector<ItemRow> rows;
    for (auto row : c.exec(sql, params)) {
      rows.push_back({row.str("video_id"), row.i64("item_rank"), row.i64("sort_key"), row.i64("added_at")});
    }
    return rows;
  });
}

ItemChange PlaylistStore::add_item(const std::string& playlist_id, const std::string& video_id,
                                   std::optional<std::int64_t> position, const VideoScope& scope,
                                   std::int64_t max_items, Millis now, const Approval& approve) {
  return db_.write([&](db::Connection& c) -> ItemChange {
    if (!lock_playlist(c, playlist_id)) return {ItemOutcome::no_playlist};
    auto playlist = find_in(c, playlist_id, scope);
    if (!playlist) return {ItemOutcome::no_playlist};
    approve(*playlist);

    if (!scope_sees_video(c, video_id, scope)) return {ItemOutcome::no_video};
    if (auto existing = stored_item(c, playlist_id, video_id)) {
      return {ItemOutcome::unchanged, rank_of(c, playlist_id, existing->sort_key, scope), existing->added_at};
    }
    auto stored = c.exec("SELECT COUNT(*) AS n FROM playlist_items WHERE playlist_id = ?", {playlist_id});
    if (stored.front().i64("n") >= max_items) return {ItemOutcome::full};

    std::optional<std::int64_t> key;
    if (position) key = key_at_rank(c, playlist_id, *position, video_id, scope);
    if (key) {
      c.exec("UPDATE playlist_items SET position = position + 1 WHERE playlist_id = ? AND position >= ?",
             {playlist_id, *key});
    } else {
      key = end_key(c, playlist_id);
    }
    c.exec("INSERT INTO playlist_items (playlist_id, video_id, position, added_at) VALUES (?, ?, ?, ?)",
           {playlist_id, video_id, *key, now});
    touch(c, playlist_id, now);
    return {ItemOutcome::changed, rank_of(c, playlist_id, *key, scope), now};
  });
}

ItemChange PlaylistStore::move_item(const std::string& playlist_id, const std::string& video_id,
                                    std::int64_t position, const VideoScope& scope, Millis now,
                                    const Approval& approve) {
  return db_.write([&](db::Connection& c) -> ItemChange {
    if (!lock_playlist(c, playlist_id)) return {ItemOutcome::no_playlist};
    auto playlist = find_in(c, playlist_id, scope);
    if (!playlist) return {ItemOutcome::no_playlist};
    approve(*playlist);

    auto item = stored_item(c, playlist_id, video_id);
    if (!item || !scope_sees_video(c, video_id, scope)) return {ItemOutcome::not_in_playlist};
    const std::int64_t from = item->sort_key;
    const auto before = key_at_rank(c, playlist_id, position, video_id, scope);
    std::int64_t to = 0;
    if (before && *before < from) {
      to = *before;
      c.exec("UPDATE playlist_items SET position = position + 1 WHERE playlist_id = ? AND position >= ? AND position < ?",
             {playlist_id, to, from});
    } else if (before) {
      to = *before - 1;
      c.exec("UPDATE playlist_items SET position = position - 1 WHERE playlist_id = ? AND position > ? AND position <= ?",
             {playlist_id, from, to});
    } else {
      to = end_key(c, playlist_id) - 1;
      c.exec("UPDATE playlist_items SET position = position - 1 WHERE playlist_id = ? AND position > ?",
             {playlist_id, from});
    }
    if (to == from) return {ItemOutcome::unchanged, rank_of(c, playlist_id, from, scope), item->added_at};
    c.exec("UPDATE playlist_items SET position = ? WHERE playlist_id = ? AND video_id = ?", {to, playlist_id, video_id});
    touch(c, playlist_id, now);
    return {ItemOutcome::changed, rank_of(c, playlist_id, to, scope), item->added_at};
  });
}

ItemChange PlaylistStore::remove_item(const std::string& playlist_id, const std::string& video_id, Millis now,
                                      const Approval& approve) {
  return db_.write([&](db::Connection& c) -> ItemChange {
    if (!lock_playlist(c, playlist_id)) return {ItemOutcome::no_playlist};
    auto playlist = find_in(c, playlist_id, VideoScope{});
    if (!playlist) return {ItemOutcome::no_playlist};
    approve(*playlist);
    auto removed = c.exec("DELETE FROM playlist_items WHERE playlist_id = ? AND video_id = ?", {playlist_id, video_id});
    if (removed.affected_rows() == 0) return {ItemOutcome::unchanged};
    touch(c, playlist_id, now);
    return {ItemOutcome::changed};
  });
}

std::optional<std::string> PlaylistStore::find_user_id_by_username(const std::string& username) {
  auto result = db_.query("SELECT id FROM users WHERE username_key = ?", {text::lower_ascii(username)});
  if (result.empty()) return std::nullopt;
  return result.front().str("id");
}

}  // namespace marquee::playlists
