#pragma once
// Notices, counter-notices and strikes as JSON. What a reader may see of a notice is decided
// by DmcaService::notice (the uploader's copy comes redacted); this only writes it.
#include <boost/json/object.hpp>

#include "dmca/DmcaService.h"

namespace marquee::dmca {

boost::json::object notice_json(const NoticeView& view);
boost::json::object counter_json(const CounterNotice& counter);
boost::json::object strike_json(const Strike& strike);

}  // namespace marquee::dmca
