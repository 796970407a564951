#include "social/RowLock.h"

namespace marquee::social {

bool lock_counter_row(db::Connection& c, db::Dialect dialect, CounterRow row, const std::string& id) {
  const bool postgres = dialect == db::Dialect::postgres;
  if (row == CounterRow::video) {
    return !c.exec(postgres ? "SELECT id FROM videos WHERE id = ? FOR NO KEY UPDATE" : "SELECT id FROM videos WHERE id = ?",
                   {id})
                .empty();
  }
  return !c.exec(postgres ? "SELECT id FROM comments WHERE id = ? FOR NO KEY UPDATE"
                          : "SELECT id FROM comments WHERE id = ?",
                 {id})
              .empty();
}

bool user_exists(db::Connection& c, db::Dialect dialect, const std::string& user_id) {
  return !c.exec(dialect == db::Dialect::postgres ? "SELECT id FROM users WHERE id = ? FOR KEY SHARE"
                                                  : "SELECT id FROM users WHERE id = ?",
                 {user_id})
              .empty();
}

}  // namespace marquee::social
