#include "moderation/ModerationJson.h"

#include <boost/json/array.hpp>

#include "core/JsonValues.h"

namespace marquee::moderation {

using json::stored_json;
using json::text_or_null;
using json::time_or_null;

boost::json::object report_json(const Report& report, const Case& kase) {
  return {{"id", report.id},
          {"target", target_name(kase.target_type)},
          {"target_id", kase.target_id},
          {"reason", reason_name(report.reason)},
          {"text", report.text},
          {"timestamp_ms", report.timestamp_ms ? boost::json::value(*report.timestamp_ms) : nullptr},
          {"created_at", to_rfc3339(report.created_at)}};
}

boost::json::object my_report_json(const ReportWithCase& item) {
  auto out = report_json(item.report, item.kase);
  out["state"] = item.kase.open ? "open" : "resolved";
  out["outcome"] = text_or_null(item.kase.outcome);
  return out;
}

boost::json::object case_json(const Case& kase) {
  return {{"id", kase.id},
          {"target", target_name(kase.target_type)},
          {"target_id", kase.target_id},
          {"owner_id", text_or_null(kase.owner_id)},
          {"source", source_name(kase.source)},
          {"reason", kase.reason},
          {"snapshot", stored_json(kase.snapshot_json)},
          {"state", kase.open ? "open" : "resolved"},
          {"outcome", text_or_null(kase.outcome)},
          {"reports_count", kase.reports_count},
          {"appeal_of", text_or_null(kase.appeal_of)},
          {"created_at", to_rfc3339(kase.created_at)},
          {"updated_at", to_rfc3339(kase.updated_at)},
          {"resolved_at", time_or_null(kase.resolved_at)}};
}

boost::json::object action_json(const ActionRecord& action) {
  return {{"id", action.id},
          {"case_id", action.case_id},
          {"action", action_name(action.action)},
          {"moderator_id", text_or_null(action.moderator_id)},
          {"user_id", text_or_null(action.user_id)},
          {"public_reason", action.public_reason},
          {"internal_note", action.internal_note},
          {"until", time_or_null(action.until_at)},
          {"appealable", appealable(action.action)},
          {"created_at", to_rfc3339(action.created_at)}};
}

boost::json::object appeal_json(const Appeal& appeal) {
  return {{"id", appeal.id},
          {"action_id", appeal.action_id},
          {"case_id", appeal.case_id},
          {"user_id", appeal.user_id},
          {"text", appeal.text},
          {"state", appeal.state},
          {"created_at", to_rfc3339(appeal.created_at)},
          {"decided_at", time_or_null(appeal.decided_at)}};
}

boost::json::object case_detail_json(const CaseDetail& detail) {
  auto out = case_json(detail.kase);
  boost::json::array reports;
  for (const auto& r : detail.reports) {
    auto item = report_json(r, detail.kase);
    item["reporter_id"] = text_or_null(r.reporter_id);
    reports.push_back(std::move(item));
  }
  boost::json::array actions;
  for (const auto& a : detail.actions) actions.push_back(action_json(a));
  boost::json::array prior;
  for (const auto& c : detail.prior_cases) prior.push_back(case_json(c));
  out["reports"] = std::move(reports);
  out["actions"] = std::move(actions);
  out["appeal"] = detail.appeal ? boost::json::value(appeal_json(*detail.appeal)) : nullptr;
  out["appealed_action"] = detail.appealed ? boost::json::value(action_json(*detail.appealed)) : nullptr;
  out["prior_cases"] = std::move(prior);
  return out;
}

}  // namespace marquee::moderation
