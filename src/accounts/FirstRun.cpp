#include "accounts/FirstRun.h"

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::accounts {
namespace {

// 10 characters of 31 (no 0/O, 1/I/L): about 49 bits; guessing is rate-limited like a sign-in.
constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

std::string new_code() {
  const std::string bytes = crypto::random_bytes(10);
  std::string code;
  for (unsigned char b : bytes) code += kAlphabet[b % (sizeof(kAlphabet) - 1)];
  return code;
}

}  // namespace

std::string normalized_setup_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool FirstRun::completed() {
  if (completed_) return true;
  auto rows = db_.query("SELECT completed_at FROM first_run WHERE id = 1");
  if (!rows.empty() && !rows.front().is_null("completed_at")) {
    // Kept only once the admin exists: a claim whose account is then refused is given back.
    if (accounts_.admin_exists()) completed_ = true;
    return true;
  }
  if (!accounts_.admin_exists()) return false;
  const Millis now = clock_.now_ms();
  db_.execute("INSERT INTO first_run (id, code, created_at, completed_at) VALUES (1, '', ?, ?) "
              "ON CONFLICT (id) DO UPDATE SET completed_at = COALESCE(first_run.completed_at, excluded.completed_at)",
              {now, now});
  return completed_ = true;
}

bool FirstRun::admin_needed() { return !completed(); }

std::optional<std::string> FirstRun::pending_code() {
  if (completed()) return std::nullopt;
  db_.execute("INSERT INTO first_run (id, code, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
              {new_code(), clock_.now_ms()});
  auto rows = db_.query("SELECT code, completed_at FROM first_run WHERE id = 1");
  if (rows.empty() || !rows.front().is_null("completed_at")) return std::nullopt;
  return rows.front().str("code");
}

Session FirstRun::create_admin(const NewAccount& request, const std::string& typed_code, const Device& device) {
  const auto code = pending_code();
  if (!code) throw Error(ErrorCode::conflict, "this site has an admin already: sign in");
  if (code->empty() || !crypto::constant_time_equal(normalized_setup_code(typed_code), *code)) {
    throw Error(ErrorCode::forbidden, "the setup code is wrong: the server printed it in its log at start",
                {{"field", "code"}});
  }
  // Taken once: of two requests (or nodes) with the right code, one wins here.
  const auto claimed = db_.execute("UPDATE first_run SET completed_at = ? WHERE id = 1 AND completed_at IS NULL",
                                   {clock_.now_ms()});
  if (claimed.affected_rows() != 1) throw Error(ErrorCode::conflict, "this site has an admin already: sign in");
  try {
    return accounts_.create_first_admin(request, device);
  } catch (...) {
    // A refused account (a taken name, a short password) gives the code back for another try.
    db_.execute("UPDATE first_run SET completed_at = NULL WHERE id = 1");
    throw;
  }
}

}  // namespace marquee::accounts
