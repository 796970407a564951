#include "dmca/DmcaStore.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace marquee::dmca {
namespace {

constexpr const char* kNoticeColumns =
    "id, complainant_name, complainant_email, complainant_address, complainant_phone, signature, work, urls_json, "
    "statements_json, submitted_by, access_key_hash, court_action_at, created_at";

Notice notice_from(const db::Row& row) {
  Notice n;
  n.id = row.str("id");
  n.name = row.str("complainant_name");
  n.email = row.str("complainant_email");
  n.address = row.str("complainant_address");
  n.phone = row.str("complainant_phone");
  n.signature = row.str("signature");
  n.work = row.str("work");
  boost::system::error_code ec;
  auto urls = boost::json::parse(row.str("urls_json"), ec);
  if (!ec && urls.is_array()) {
    for (const auto& u : urls.as_array()) {
      if (u.is_string()) n.urls.emplace_back(u.as_string());
    }
  }
  n.statements_json = row.str("statements_json");
  n.submitted_by = row.str("submitted_by");
  n.access_key_hash = row.str("access_key_hash");
  n.court_action_at = row.i64("court_action_at");
  n.created_at = row.i64("created_at");
  return n;
}

NoticeVideo video_from(const db::Row& row) {
  return {row.str("notice_id"), row.str("video_id"), row.str("owner_id"), row.str("state"), row.str("case_id"),
          row.str("action_id"), row.i64("restore_at")};
}

}  // namespace

void DmcaStore::insert_notice(const Notice& n, const std::vector<NoticeVideo>& videos) {
  boost::json::array urls;
  for (const auto& u : n.urls) urls.emplace_back(u);
  db_.write([&](db::Connection& c) {
    c.exec("INSERT INTO dmca_notices (id, complainant_name, complainant_email, complainant_address, complainant_phone, "
           "signature, work, urls_json, statements_json, submitted_by, access_key_hash, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {n.id, n.name, n.email, n.address, n.phone, n.signature, n.work, boost::json::serialize(urls),
            n.statements_json, db::null_if_empty(n.submitted_by), n.access_key_hash, n.created_at});
    for (const auto& v : videos) {
      c.exec("INSERT INTO dmca_notice_videos (notice_id, video_id, owner_id, state) VALUES (?, ?, ?, ?)",
             {v.notice_id, v.video_id, v.owner_id, v.state});
    }
  });
}

std::optional<Notice> DmcaStore::find_notice(const std::string& id) {
  for (auto row : db_.query(std::string("SELECT ") + kNoticeColumns + " FROM dmca_notices WHERE id = ?", {id})) {
    return notice_from(row);
  }
  return std::nullopt;
}

std::vector<NoticeVideo> DmcaStore::videos_of(const std::string& notice_id) {
  std::vector<NoticeVideo> out;
  for (auto row : db_.query("SELECT notice_id, video_id, owner_id, state, case_id, action_id, restore_at FROM dmca_notice_videos "
                            "WHERE notice_id = ? ORDER BY video_id",
                            {notice_id})) {
    out.push_back(video_from(row));
  }
  return out;
}

std::optional<NoticeVideo> DmcaStore::notice_video(const std::string& notice_id, const std::string& video_id) {
  for (auto row : db_.query("SELECT notice_id, video_id, owner_id, state, case_id, action_id, restore_at FROM dmca_notice_videos "
                            "WHERE notice_id = ? AND video_id = ?",
                            {notice_id, video_id})) {
    return video_from(row);
  }
  return std::nullopt;
}

void DmcaStore::set_removal(const std::string& notice_id, const std::string& video_id, const std::string& case_id,
                            const std::string& action_id) {
  db_.execute("UPDATE dmca_notice_videos SET case_id = ?, action_id = ? WHERE notice_id = ? AND video_id = ?",
              {case_id, action_id, notice_id, video_id});
}

bool DmcaStore::move(const std::string& notice_id, const std::string& video_id, const std::string& from,
                     const std::string& to, Millis restore_at) {
  return db_.execute("UPDATE dmca_notice_videos SET state = ?, restore_at = ? WHERE notice_id = ? AND video_id = ? "
                     "AND state = ?",
                     {to, db::null_if_zero(restore_at), notice_id, video_id, from})
             .affected_rows() == 1;
}

bool DmcaStore::insert_counter_notice(const CounterNotice& c) {
  try {
    db_.execute("INSERT INTO dmca_counter_notices (id, notice_id, video_id, user_id, name, address, phone, email, "
                "signature, statements_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {c.id, c.notice_id, c.video_id, c.user_id, c.name, c.address, c.phone, c.email, c.signature,
                 c.statements_json, c.created_at});
    return true;
  } catch (const db::UniqueViolation&) {
    return false;
  }
}

std::vector<CounterNotice> DmcaStore::counter_notices_of(const std::string& notice_id) {
  std::vector<CounterNotice> out;
  for (auto row : db_.query("SELECT id, notice_id, video_id, user_id, name, address, phone, email, signature, "
                            "statements_json, created_at FROM dmca_counter_notices WHERE notice_id = ? "
                            "ORDER BY created_at, id",
                            {notice_id})) {
    out.push_back({row.str("id"), row.str("notice_id"), row.str("video_id"), row.str("user_id"), row.str("name"),
                   row.str("address"), row.str("phone"), row.str("email"), row.str("signature"),
                   row.str("statements_json"), row.i64("created_at")});
  }
  return out;
}

void DmcaStore::record_court_action(const std::string& notice_id, Millis now) {
  db_.write([&](db::Connection& c) {
    c.exec("UPDATE dmca_notices SET court_action_at = COALESCE(court_action_at, ?) WHERE id = ?", {now, notice_id});
    c.exec("UPDATE dmca_notice_videos SET state = 'court_action', restore_at = NULL WHERE notice_id = ? "
           "AND state = 'countered'",
           {notice_id});
  });
}

void DmcaStore::insert_strike(const Strike& s) {
  db_.execute("INSERT INTO strikes (id, user_id, notice_id, video_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (notice_id, video_id) DO NOTHING",
              {s.id, s.user_id, s.notice_id, s.video_id, s.created_at, s.expires_at});
}

void DmcaStore::withdraw_strike(const std::string& notice_id, const std::string& video_id, Millis now) {
  db_.execute("UPDATE strikes SET withdrawn_at = ? WHERE notice_id = ? AND video_id = ? AND withdrawn_at IS NULL",
              {now, notice_id, video_id});
}

std::vector<Strike> DmcaStore::active_strikes(const std::string& user_id, Millis now) {
  std::vector<Strike> out;
  for (auto row : db_.query("SELECT id, user_id, notice_id, video_id, created_at, expires_at FROM strikes "
                            "WHERE user_id = ? AND withdrawn_at IS NULL AND expires_at > ? "
                            "ORDER BY created_at DESC, id DESC",
                            {user_id, now})) {
    out.push_back({row.str("id"), row.str("user_id"), row.str("notice_id"), row.str("video_id"), row.i64("created_at"),
                   row.i64("expires_at")});
  }
  return out;
}

}  // namespace marquee::dmca
