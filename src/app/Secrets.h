#pragma once
// Secrets the embedded default generates on first run and keeps in <data_dir>/secrets
// (mode 0600), so a restart keeps sessions valid and nobody has to configure anything.
#include <string>

namespace marquee::app {

// Returns the secret stored under `name`, creating a random one when it is missing.
std::string load_or_create_secret(const std::string& data_dir, const std::string& name);

}  // namespace marquee::app
