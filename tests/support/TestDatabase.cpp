#include "support/TestDatabase.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/Ids.h"
#include "core/Text.h"
#include "db/Database.h"

namespace marquee::testing {

bool using_postgres() {
  const char* which = std::getenv("MARQUEE_TEST_DATABASE");
  return which && std::string(which) == "postgres";
}

std::string make_temp_dir(const std::string& prefix) {
  std::string templ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  return templ;
}

std::string fresh_database_url(const std::string& data_dir) {
  if (!using_postgres()) return "sqlite:" + data_dir + "/marquee.db";
  const char* base = std::getenv("MARQUEE_TEST_POSTGRES_URL");
  if (!base || !*base) {
    throw std::runtime_error("MARQUEE_TEST_DATABASE=postgres needs MARQUEE_TEST_POSTGRES_URL (run under scripts/with-postgres)");
  }
  std::string schema = "t_" + text::lower_ascii(new_public_id());
  for (char& c : schema) {
    if (c == '-') c = '_';
  }
  auto admin = db::open_database(base, {1, 1000});
  admin->execute("CREATE SCHEMA " + schema);
  std::string url = base;
  url += (url.find('?') == std::string::npos ? "?" : "&");
  url += "options=-csearch_path%3D" + schema;
  return url;
}

}  // namespace marquee::testing
