#include "jobs/JobRoutes.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"
#include <boost/json/parse.hpp>


#include "core/Error.h"
#include "http/QueryParams.h"

namespace marquee::jobs {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

boost::json::value text_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return boost::json::string(*text);
}

boost::json::value time_or_null(const std::optional<Millis>& millis) {
  if (!millis) return nullptr;
  return boost::json::string(to_rfc3339(*millis));
}

// The payload as JSON when it parses (enqueue insists it does), else as the stored text.
boost::json::value payload_json(const std::string& payload) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(payload, ec);
  if (ec) return boost::json::string(payload);
  return value;
}

boost::json::object job_json(const Job& job) {
  return {
      {"id", job.id},
      {"kind", job.kind},
      {"payload", payload_json(job.payload)},
      {"priority", job.priority},
      {"state", job_state_name(job.state)},
      {"attempts", job.attempts},
      {"max_attempts", job.max_attempts},
      {"run_at", to_rfc3339(job.run_at)},
      {"lease_owner", text_or_null(job.lease_owner)},
      {"lease_expires_at", time_or_null(job.lease_expires_at)},
      {"last_error", text_or_null(job.last_error)},
      {"subject", text_or_null(job.subject)},
      {"created_at", to_rfc3339(job.created_at)},
      {"updated_at", to_rfc3339(job.updated_at)},
      {"finished_at", time_or_null(job.finished_at)},
  };
}


std::optional<JobState> state_from(const Request& request) {
  auto text = request.query("state");
  if (!text || text->empty()) return std::nullopt;
  auto state = parse_job_state(*text);
  if (!state) throw_validation("state", "state must be queued, running, succeeded, dead or cancelled");
  return state;
}

std::optional<std::string> non_empty_query(const Request& request, std::string_view name) {
  auto text = request.query(name);
  if (!text || text->empty()) return std::nullopt;
  return text;
}

}  // namespace

void register_job_routes(http::Router& router, JobQueue& queue, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/admin/jobs",
      [&queue, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        JobFilter filter;
        filter.state = state_from(request);
        filter.kind = non_empty_query(request, "kind");
        filter.subject = non_empty_query(request, "subject");
        filter.limit = http::limit_param(request);
        filter.cursor = non_empty_query(request, "cursor");
        return Response::json(200, json::page_json(queue.list(filter), job_json));
      },
      {"List background jobs newest first, optionally by state, kind or subject", "admin", Access::admin, "",
       "JobList"});

  router.add(
      Method::POST, "/api/admin/jobs/{id}/retry",
      [&queue, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, job_json(queue.retry(request.param("id"))));
      },
      {"Send a dead or cancelled job back to the queue with its attempts reset", "admin", Access::admin, "", "Job"});
}

}  // namespace marquee::jobs
