#pragma once
// The first run: a new site creates its first admin from the browser with a one-time setup
// code. The code is random, kept in the database (first_run: every node prints the same one
// at start) and taken once, in a transaction, so two requests or two nodes never both make
// an admin; after that the first run is over for good (an operator who loses every admin
// uses `marquee user create --role admin`). A site that got its admin from the CLI has had
// its first run too. docs/operations.md, Bootstrapping an admin.
#include <atomic>
#include <optional>
#include <string>

#include "accounts/AccountService.h"
#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::accounts {

class FirstRun {
 public:
  FirstRun(db::Database& db, AccountService& accounts, const Clock& clock)
      : db_(db), accounts_(accounts), clock_(clock) {}

  // True while the site has never had an admin.
  bool admin_needed();
  // The code while the first run is open (creating it the first time), shown XXXXX-XXXXX.
  std::optional<std::string> pending_code();
  // Creates the admin and signs it in. 409 `conflict` once the first run is over; 403
  // `forbidden` naming `code` for a wrong one. The account's own rules apply (400, 409).
  Session create_admin(const NewAccount& request, const std::string& typed_code, const Device& device);

 private:
  // Marks the first run over when an admin exists already (made with the CLI). Once over it
  // stays over, so the answer is kept: the home page asks on every visit.
  bool completed();

  db::Database& db_;
  AccountService& accounts_;
  const Clock& clock_;
  std::atomic<bool> completed_{false};
};

// "abcde-fghjk" → "ABCDEFGHJK": dashes and spaces dropped, upper case.
std::string normalized_setup_code(std::string_view typed);

}  // namespace marquee::accounts
