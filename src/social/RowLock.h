#pragma once
// Locks the row whose counters a social write is about to change, first thing in the write
// transaction. Every write that adds or removes a video's ratings or comments takes the
// video's row first, so those writes serialize per video: counters stay exact, no two writers
// wait on each other in opposite orders, and deleting a comment thread sees every reply
// committed before it.
// Comment likes lock the comment's row the same way. SQLite's single writer serializes
// anyway; PostgreSQL takes FOR NO KEY UPDATE, which still lets other rows reference this one.
#include <string>

#include "db/Database.h"

namespace marquee::social {

enum class CounterRow { video, comment };

// Holds the lock until the transaction ends. False when there is no such row.
bool lock_counter_row(db::Connection& c, db::Dialect dialect, CounterRow row, const std::string& id);

// True when the account exists (a token may outlive its account); on PostgreSQL the row is
// then held (FOR KEY SHARE) so the account cannot vanish before the transaction's inserts.
bool user_exists(db::Connection& c, db::Dialect dialect, const std::string& user_id);

}  // namespace marquee::social
