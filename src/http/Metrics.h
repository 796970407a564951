#pragma once
// Process metrics in the Prometheus text exposition format: HTTP requests by route and
// status, a latency histogram, and gauges that other parts register (database pool use,
// queue depth). Thread-safe; the hot path takes one short lock per request.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace marquee::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                            0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  void record_request(const std::string& method, const std::string& route, int status, double seconds);
  // A gauge read at scrape time. `name` must be a valid metric name; help is one line.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // method, route, status
  std::map<std::string, Histogram> latency_;                                      // by route
  std::vector<Gauge> gauges_;
};

}  // namespace marquee::http
