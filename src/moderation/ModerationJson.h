#pragma once
// Reports, cases, actions and appeals as JSON. A reporter sees their report's state and the
// outcome's name, never the moderators' notes; a moderator sees everything.
#include <boost/json/object.hpp>

#include "moderation/ModerationService.h"

namespace marquee::moderation {

boost::json::object report_json(const Report& report, const Case& kase);
// For the reporter (GET /api/me/reports).
boost::json::object my_report_json(const ReportWithCase& item);
boost::json::object case_json(const Case& kase);
boost::json::object case_detail_json(const CaseDetail& detail);
boost::json::object action_json(const ActionRecord& action);
boost::json::object appeal_json(const Appeal& appeal);

}  // namespace marquee::moderation
