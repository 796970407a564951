#pragma once
// The JSON of studio records. File URLs are signed (FileSigner.h) until `expires_at_ms`.
#include <boost/json/object.hpp>

#include "studio/FileSigner.h"
#include "studio/Studio.h"

namespace marquee::studio {

boost::json::object project_json(const Project& project);
boost::json::object clip_json(const Clip& clip, const FileSigner& signer, Millis expires_at_ms);

}  // namespace marquee::studio
