#include "settings/SiteSettings.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "core/ConfigSchema.h"
#include "core/Error.h"

namespace marquee::settings {
namespace {

const Setting& setting_of(const std::string& key) {
  for (const auto& s : config_settings()) {
    if (s.key == key) return s;
  }
  throw_validation(key, "unknown setting " + key);
}

// A prompt is prose; every other value is a short line.
std::size_t max_value_bytes(const std::string& key) { return key == "studio.system_prompt" ? 20'000 : 2'000; }

}  // namespace

const std::vector<std::string>& runtime_keys() {
  static const std::vector<std::string> keys{
      "moderation.review_new_uploads",  "moderation.new_account_days",   "moderation.anonymous_reports",
      "moderation.reports_per_hour",    "moderation.adult_content",      "moderation.minimum_age",
      "moderation.removed_retention_days", "dmca.agent_name",            "dmca.agent_address",
      "dmca.agent_email",               "dmca.agent_phone",              "dmca.restore_business_days",
      "dmca.strikes_to_terminate",      "dmca.strike_days",              "dmca.redact_complainant_contact",
      "billing.signup_credits",         "billing.referral_credits",      "studio.clip_cost",
      "studio.system_prompt",           "studio.generator_model"};
  return keys;
}

SiteSettings::SiteSettings(db::Database& db, Config base, const Clock& clock, events::EventBus& bus,
                           audit::AuditLog& audit)
    : db_(db), base_(std::move(base)), clock_(clock), bus_(bus), audit_(audit) {
  // On the bus's thread, which may block: the request threads keep reading memory.
  subscriptions_.push_back(bus_.subscribe(kSettingsChanged, [this](const events::Event&) { refresh(); }));
  subscriptions_.push_back(bus_.on_missed([this] { refresh(); }));
}

std::string SiteSettings::help(const std::string& key) { return setting_of(key).help; }

std::shared_ptr<const Config> SiteSettings::load() {
  auto config = std::make_shared<Config>(base_);
  for (auto row : db_.query("SELECT key, value FROM site_settings")) {
    const std::string key = row.str("key");
    if (std::find(runtime_keys().begin(), runtime_keys().end(), key) == runtime_keys().end()) continue;
    try {
      setting_of(key).set(*config, row.str("value"));
    } catch (const Error&) {
      // A value an older or newer build stored that this one refuses: the default stands.
    }
  }
  return config;
}

std::shared_ptr<const Config> SiteSettings::current() {
  {
    std::lock_guard lock(mutex_);
    if (current_) return current_;
  }
  refresh();
  std::lock_guard lock(mutex_);
  return current_;
}

void SiteSettings::refresh() {
  auto fresh = load();
  std::lock_guard lock(mutex_);
  current_ = std::move(fresh);
}

std::map<std::string, std::string> SiteSettings::values() {
  auto config = current();
  std::map<std::string, std::string> out;
  for (const auto& key : runtime_keys()) out[key] = setting_of(key).get(*config);
  return out;
}

SettingEntry SiteSettings::entry(const std::string& key) {
  if (std::find(runtime_keys().begin(), runtime_keys().end(), key) == runtime_keys().end()) {
    throw_not_found("setting " + key);
  }
  SettingEntry out;
  out.key = key;
  out.value = setting_of(key).get(*current());
  auto rows = db_.query("SELECT version, updated_at, updated_by FROM site_settings WHERE key = ?", {key});
  if (!rows.empty()) {
    out.version = rows.front().i64("version");
    out.updated_at = rows.front().i64("updated_at");
    out.updated_by = rows.front().str("updated_by");
  }
  return out;
}

SettingEntry SiteSettings::put(const std::string& key, const std::string& value, std::optional<std::int64_t> version,
                               const audit::Actor& actor) {
  std::map<std::string, std::int64_t> expected;
  if (version) expected[key] = *version;
  update({{key, value}}, actor, expected);
  return entry(key);
}

std::map<std::string, std::string> SiteSettings::update(const std::map<std::string, std::string>& changes,
                                                      const audit::Actor& actor,
                                                      const std::map<std::string, std::int64_t>& expected) {
  if (changes.empty()) throw Error(ErrorCode::validation_failed, "name at least one setting to change");
  Config next = *current();
  for (const auto& [key, value] : changes) {
    if (std::find(runtime_keys().begin(), runtime_keys().end(), key) == runtime_keys().end()) {
      throw_validation(key, key + " is not a setting an admin changes at run time");
    }
    if (value.size() > max_value_bytes(key)) throw_validation(key, key + " is too long");
    try {
      setting_of(key).set(next, value);
    } catch (const Error& e) {
      throw_validation(key, e.what());
    }
  }
  const auto before = values();
  const Millis now = clock_.now_ms();
  db_.write([&](db::Connection& c) {
    for (const auto& [key, value] : changes) {
      const db::Value by = db::null_if_empty(actor.user_id.value_or(""));
      const auto wanted = expected.find(key);
      if (wanted == expected.end()) {
        c.exec("INSERT INTO site_settings (key, value, updated_at, version, updated_by) VALUES (?, ?, ?, 1, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
               "version = site_settings.version + 1, updated_by = excluded.updated_by",
               {key, value, now, by});
        continue;
      }
      // Only from the version the admin read: one statement decides, so two admins who read
      // the same version cannot both change it.
      const std::int64_t changed =
          wanted->second == 0
              ? c.exec("INSERT INTO site_settings (key, value, updated_at, version, updated_by) VALUES (?, ?, ?, 1, ?) "
                       "ON CONFLICT (key) DO NOTHING",
                       {key, value, now, by})
                    .affected_rows()
              : c.exec("UPDATE site_settings SET value = ?, updated_at = ?, version = version + 1, updated_by = ? "
                       "WHERE key = ? AND version = ?",
                       {value, now, by, key, wanted->second})
                    .affected_rows();
      if (changed != 1) {
        throw Error(ErrorCode::conflict, key + " changed since version " + std::to_string(wanted->second));
      }
    }
  });
  refresh();
  events::Event event;
  event.type = kSettingsChanged;
  event.subject = "site";
  bus_.publish(std::move(event));
  boost::json::object old_values;
  boost::json::object new_values;
  for (const auto& [key, value] : changes) {
    old_values[key] = before.at(key);
    new_values[key] = value;
  }
  audit_.record(actor, "settings.update", "settings", "site", boost::json::serialize(old_values),
                boost::json::serialize(new_values));
  return values();
}

}  // namespace marquee::settings
