#pragma once
// The composition root: the one place that knows every part. Builds the object graph from
// a Config (database, services, routes, HTTP server), starts it, and stops it in order:
// stop accepting, drain requests, then close the database.
#include <cstdint>
#include <memory>

#include "blob/OpenBlobStore.h"
#include "core/Clock.h"
#include "core/Config.h"

namespace marquee::db {
class Database;
}
namespace marquee::http {
class Router;
}

namespace marquee::blob {
class BlobStore;
}

namespace marquee::app {

// The blob store settings of a config (--blobs and blob.*), for the app and the CLI tools.
blob::BlobStoreSettings blob_settings(const Config& c);

class App {
 public:
  // Opens the database and applies migrations. Throws Error on bad config or an
  // unreachable database. `clock` (tests: a ManualClock) replaces the system clock for every
  // service; it must outlive the App.
  explicit App(Config config, const Clock* clock = nullptr);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts serving HTTP; returns the bound port (useful with port 0).
  std::uint16_t start();
  // Graceful: drains in-flight requests for up to http.shutdown_grace_ms. Idempotent.
  void stop();

  const Config& config() const;
  db::Database& database();
  blob::BlobStore& blobs();
  const http::Router& router() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace marquee::app
