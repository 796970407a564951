#pragma once
// Settings an admin changes while the site runs (GET/PATCH /api/admin/settings): a few keys of
// the configuration (moderation.*, dmca.*) whose configured values are the defaults. A change
// is validated by the same rules as the configuration (core/ConfigSchema.h), stored in the
// database, written to the audit log by the caller, and reaches every node through the bus
// (kSettingsChanged), whose handler re-reads them; a node also re-reads them every
// refresh() (a periodic task) as a safety net. current() reads memory only, once loaded, so the
// I/O thread's fast paths may call it.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "core/Clock.h"
#include "core/Config.h"
#include "db/Database.h"
#include "events/EventBus.h"

namespace marquee::settings {

// Published after an admin changed settings. No data: every node re-reads them.
inline constexpr const char* kSettingsChanged = "settings.changed";

// One setting as GET/PUT /api/admin/config/{key} shows it.
struct SettingEntry {
  std::string key;
  std::string value;         // as the configuration reads it
  std::int64_t version = 0;  // 0: never changed (the configured default); one more per change
  Millis updated_at = 0;
  std::string updated_by;    // the admin's id ("" when never changed)
};

// The configuration keys an admin may change at run time.
const std::vector<std::string>& runtime_keys();

class SiteSettings {
 public:
  SiteSettings(db::Database& db, Config base, const Clock& clock, events::EventBus& bus, audit::AuditLog& audit);

  // The configuration as it stands now: the configured values with the admin's changes. Reads
  // the table only the first time.
  std::shared_ptr<const Config> current();
  // Reads the table again.
  void refresh();
  // Each runtime key with its value now (as text).
  std::map<std::string, std::string> values();
  // Applies `changes` (key → value as text) all or nothing and writes them to the audit log as
  // `actor`'s. Throws 400 naming the key when one is not a runtime key or its value breaks its
  // rule. Returns the values after the change.
  // `expected`: for a key named there, the version the change must start from (Error(conflict)
  // otherwise, and nothing changes).
  std::map<std::string, std::string> update(const std::map<std::string, std::string>& changes,
                                            const audit::Actor& actor,
                                            const std::map<std::string, std::int64_t>& expected = {});
  // One runtime key (Error(not_found) for any other).
  SettingEntry entry(const std::string& key);
  // Sets one key, when `version` (if given) is still its version (else Error(conflict)).
  SettingEntry put(const std::string& key, const std::string& value, std::optional<std::int64_t> version,
                   const audit::Actor& actor);
  // The help text of a runtime key.
  static std::string help(const std::string& key);

 private:
  std::shared_ptr<const Config> load();

  db::Database& db_;
  const Config base_;
  const Clock& clock_;
  events::EventBus& bus_;
  audit::AuditLog& audit_;
  std::mutex mutex_;
  std::shared_ptr<const Config> current_;  // guarded by mutex_
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::settings
