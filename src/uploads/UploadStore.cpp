#include "uploads/UploadStore.h"

namespace marquee::uploads {
namespace {

constexpr const char* kColumns =
    "id, owner_id, video_id, length, upload_offset, metadata, filename, filetype, state, created_at, updated_at, "
    "expires_at, kind";

Upload upload_from(const db::Row& row) {
  Upload u;
  u.id = row.str("id");
  u.owner_id = row.str("owner_id");
  u.video_id = row.str("video_id");
  u.length = static_cast<std::uint64_t>(row.i64("length"));
  u.offset = static_cast<std::uint64_t>(row.i64("upload_offset"));
  u.metadata = row.str("metadata");
  u.filename = row.str("filename");
  u.filetype = row.str("filetype");
  u.state = parse_upload_state(row.str("state"));
  u.created_at = row.i64("created_at");
  u.updated_at = row.i64("updated_at");
  u.expires_at = row.i64("expires_at");
  u.direct = row.str("kind") == "direct";
  return u;
}

std::vector<Upload> uploads_from(const db::Result& result) {
  std::vector<Upload> out;
  for (auto row : result) out.push_back(upload_from(row));
  return out;
}

}  // namespace

std::string_view upload_state_name(UploadState state) {
  switch (state) {
    case UploadState::receiving: return "receiving";
    case UploadState::received: return "received";
    case UploadState::done: return "done";
  }
  return "receiving";
}

UploadState parse_upload_state(std::string_view name) {
  if (name == "received") return UploadState::received;
  if (name == "done") return UploadState::done;
  return UploadState::receiving;
}

void UploadStore::insert(const Upload& u) {
  db_.execute(
      "INSERT INTO uploads (id, owner_id, video_id, length, upload_offset, metadata, filename, filetype, state, "
      "created_at, updated_at, expires_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {u.id, u.owner_id, u.video_id, static_cast<std::int64_t>(u.length), static_cast<std::int64_t>(u.offset),
       u.metadata, u.filename, u.filetype, std::string(upload_state_name(u.state)), u.created_at, u.updated_at,
       u.expires_at, std::string(u.direct ? "direct" : "tus")});
}

std::optional<Upload> UploadStore::find(const std::string& id) {
  auto result = db_.query(std::string("SELECT ") + kColumns + " FROM uploads WHERE id = ?", {id});
  if (result.empty()) return std::nullopt;
  return upload_from(result.front());
}

bool UploadStore::advance(const std::string& id, std::uint64_t expected, std::uint64_t offset, Millis now,
                          Millis expires_at) {
  auto result = db_.execute(
      "UPDATE uploads SET upload_offset = ?, updated_at = ?, expires_at = ?, "
      "state = CASE WHEN ? = length THEN 'received' ELSE state END "
      "WHERE id = ? AND upload_offset = ? AND state = 'receiving'",
      {static_cast<std::int64_t>(offset), now, expires_at, static_cast<std::int64_t>(offset), id,
       static_cast<std::int64_t>(expected)});
  return result.affected_rows() == 1;
}

void UploadStore::set_state(const std::string& id, UploadState state, Millis now) {
  db_.execute("UPDATE uploads SET state = ?, updated_at = ? WHERE id = ?",
              {std::string(upload_state_name(state)), now, id});
}

void UploadStore::conclude_at(const std::string& id, std::uint64_t length, Millis now) {
  db_.execute("UPDATE uploads SET length = ?, state = 'received', updated_at = ? WHERE id = ? AND upload_offset = ?",
              {static_cast<std::int64_t>(length), now, id, static_cast<std::int64_t>(length)});
}

void UploadStore::remove(const std::string& id) { db_.execute("DELETE FROM uploads WHERE id = ?", {id}); }

std::vector<Upload> UploadStore::expired(Millis now, int limit) {
  return uploads_from(db_.query(std::string("SELECT ") + kColumns +
                                    " FROM uploads WHERE state = 'receiving' AND expires_at <= ? ORDER BY expires_at "
                                    "LIMIT ?",
                                {now, std::int64_t{limit}}));
}

std::vector<Upload> UploadStore::in_state(UploadState state, int limit) {
  return uploads_from(db_.query(std::string("SELECT ") + kColumns + " FROM uploads WHERE state = ? LIMIT ?",
                                {std::string(upload_state_name(state)), std::int64_t{limit}}));
}

bool UploadStore::claim(const std::string& id, Millis seen, Millis now) {
  return db_.execute("UPDATE uploads SET updated_at = ? WHERE id = ? AND updated_at = ?", {now, id, seen})
             .affected_rows() == 1;
}

std::uint64_t UploadStore::bytes_used_by(const std::string& owner_id) {
  auto result = db_.query(
      "SELECT (SELECT COALESCE(SUM(source_bytes), 0) FROM videos WHERE owner_id = ?) + "
      "(SELECT COALESCE(SUM(length), 0) FROM uploads WHERE owner_id = ? AND state <> 'done') AS used",
      {owner_id, owner_id});
  return static_cast<std::uint64_t>(result.front().i64("used"));
}

void UploadStore::insert_ticket(const std::string& token_hash, const UploadTicket& t) {
  db_.execute(
      "INSERT INTO upload_tickets (token_hash, owner_id, video_id, max_bytes, expires_at) VALUES (?, ?, ?, ?, ?)",
      {token_hash, t.owner_id, t.video_id, static_cast<std::int64_t>(t.max_bytes), t.expires_at});
}

std::optional<UploadTicket> UploadStore::redeem_ticket(const std::string& token_hash, Millis now) {
  return db_.write([&](db::Connection& c) -> std::optional<UploadTicket> {
    auto result = c.exec(
        "UPDATE upload_tickets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? "
        "RETURNING owner_id, video_id, max_bytes, expires_at",
        {now, token_hash, now});
    if (result.empty()) return std::nullopt;
    auto row = result.front();
    return UploadTicket{row.str("owner_id"), row.str("video_id"), static_cast<std::uint64_t>(row.i64("max_bytes")),
                        row.i64("expires_at")};
  });
}

}  // namespace marquee::uploads
