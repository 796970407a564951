#pragma once
// The table of settings behind Config, and how to resolve a Config from its sources.
// A setting is named by its TOML key ("http.max_body_bytes"); the environment variable is
// MARQUEE_ + the key upper-cased with '.' → '_' (MARQUEE_HTTP_MAX_BODY_BYTES) and the flag is
// the key with '.' and '_' → '-' (--http-max-body-bytes).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Config.h"

namespace marquee {

struct Setting {
  std::string key;
  std::string help;
  std::function<std::string(const Config&)> get;
  std::function<void(Config&, const std::string&)> set;  // throws Error on a bad value
  std::string flag_alias;  // a second, shorter flag name without "--" (redis.url: --redis); may be empty

  std::string env_name() const;
  std::string flag_name() const;  // without the leading "--"
};

const std::vector<Setting>& config_settings();

struct ConfigSources {
  std::optional<std::string> toml_path;            // read if set; must exist
  std::map<std::string, std::string> environment;  // NAME → value, usually the process's
  std::map<std::string, std::string> flags;        // setting key → value, from the command line
};

// Applies the sources in order of precedence. Throws Error(validation_failed) naming the
// source and setting on a bad value or an unknown key in the TOML file.
Config resolve_config(const ConfigSources& sources);

// The process environment's MARQUEE_* variables.
std::map<std::string, std::string> marquee_environment();

}  // namespace marquee
