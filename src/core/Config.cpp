#include "core/Config.h"

namespace marquee {

std::string Config::database_url() const {
  if (!database.empty()) return database;
  return "sqlite:" + data_dir + "/marquee.db";
}

}  // namespace marquee
