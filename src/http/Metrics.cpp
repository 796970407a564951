#include "http/Metrics.h"

#include <sstream>

namespace marquee::http {
namespace {

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::record_request(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::vector<Gauge> gauges;
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    gauges = gauges_;
    out << "# HELP marquee_http_requests_total HTTP requests by method, route pattern and status.\n"
        << "# TYPE marquee_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      const auto& [method, route, status] = key;
      out << "marquee_http_requests_total{method=\"" << method << "\",route=\"" << escape_label(route)
          << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP marquee_http_request_duration_seconds Time from request parsed to response ready.\n"
        << "# TYPE marquee_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      std::string label = "route=\"" + escape_label(route) + "\"";
      for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        out << "marquee_http_request_duration_seconds_bucket{" << label << ",le=\"" << kLatencyBuckets[i] << "\"} "
            << h.buckets[i] << "\n";
      }
      out << "marquee_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count << "\n";
      out << "marquee_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
      out << "marquee_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
    }
  }
  for (const auto& g : gauges) {
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n" << g.name << " " << g.read() << "\n";
  }
  return out.str();
}

}  // namespace marquee::http
