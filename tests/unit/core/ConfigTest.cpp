// Config precedence: defaults < marquee.toml < MARQUEE_* environment < flags.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ConfigSchema.h"
#include "core/Error.h"

namespace marquee {
namespace {

std::string write_toml(const std::string& body) {
  auto path = std::filesystem::temp_directory_path() / ("marquee-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << body;
  return path.string();
}

TEST(Config, defaults_need_no_sources) {
  Config c = resolve_config({});
  EXPECT_EQ(c.listen, "0.0.0.0:8080");
  EXPECT_EQ(c.data_dir, "var");
  EXPECT_EQ(c.database_url(), "sqlite:var/marquee.db");
}

TEST(Config, each_source_overrides_the_one_below) {
  ConfigSources s;
  s.toml_path = write_toml("listen = \"127.0.0.1:9000\"\ndata_dir = \"/srv/m\"\n[http]\nmax_body_bytes = 2048\n"
                           "cors_origins = [\"https://a.example\", \"https://b.example\"]\n");
  Config from_file = resolve_config(s);
  EXPECT_EQ(from_file.listen, "127.0.0.1:9000");
  EXPECT_EQ(from_file.max_body_bytes, 2048);
  EXPECT_EQ(from_file.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(from_file.database_url(), "sqlite:/srv/m/marquee.db");

  s.environment = {{"MARQUEE_LISTEN", "127.0.0.1:9001"}, {"MARQUEE_HTTP_MAX_BODY_BYTES", "4096"}};
  Config from_env = resolve_config(s);
  EXPECT_EQ(from_env.listen, "127.0.0.1:9001");
  EXPECT_EQ(from_env.max_body_bytes, 4096);
  EXPECT_EQ(from_env.data_dir, "/srv/m");

  s.flags = {{"listen", "127.0.0.1:9002"}};
  Config from_flags = resolve_config(s);
  EXPECT_EQ(from_flags.listen, "127.0.0.1:9002");
  EXPECT_EQ(from_flags.max_body_bytes, 4096);
  std::filesystem::remove(*s.toml_path);
}

TEST(Config, bad_values_and_unknown_keys_are_named) {
  ConfigSources s;
  s.environment = {{"MARQUEE_HTTP_MAX_BODY_BYTES", "lots"}};
  try {
    resolve_config(s);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("MARQUEE_HTTP_MAX_BODY_BYTES"), std::string::npos);
  }
  ConfigSources t;
  t.toml_path = write_toml("lisen = \"typo\"\n");
  EXPECT_THROW(resolve_config(t), Error);
  std::filesystem::remove(*t.toml_path);
  EXPECT_THROW(resolve_config({std::nullopt, {}, {{"role", "boss"}}}), Error);
}

TEST(Config, names_follow_the_key) {
  for (const auto& s : config_settings()) {
    if (s.key == "http.max_body_bytes") {
      EXPECT_EQ(s.env_name(), "MARQUEE_HTTP_MAX_BODY_BYTES");
      EXPECT_EQ(s.flag_name(), "http-max-body-bytes");
    }
  }
}

TEST(Config, redis_is_optional_and_named_like_every_setting) {
  Config none = resolve_config({});
  EXPECT_EQ(none.redis_url, "") << "no Redis unless asked";
  EXPECT_EQ(none.events_bus, "auto");

  ConfigSources s;
  s.environment = {{"MARQUEE_REDIS_URL", "redis://cache:6379/1"}, {"MARQUEE_EVENTS_BUS", "redis"}};
  Config from_env = resolve_config(s);
  EXPECT_EQ(from_env.redis_url, "redis://cache:6379/1");
  EXPECT_EQ(from_env.events_bus, "redis");
  s.flags = {{"redis.url", "redis://other:6380"}};
  EXPECT_EQ(resolve_config(s).redis_url, "redis://other:6380");

  EXPECT_THROW(resolve_config({std::nullopt, {}, {{"events.bus", "kafka"}}}), Error);
  for (const auto& setting : config_settings()) {
    if (setting.key != "redis.url") continue;
    EXPECT_EQ(setting.env_name(), "MARQUEE_REDIS_URL");
    EXPECT_EQ(setting.flag_name(), "redis-url");
    EXPECT_EQ(setting.flag_alias, "redis") << "serve --redis redis://…";
    EXPECT_NE(setting.help.find("redis://"), std::string::npos);
  }
}

}  // namespace
}  // namespace marquee
