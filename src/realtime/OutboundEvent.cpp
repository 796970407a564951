#include "realtime/OutboundEvent.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace marquee::realtime {

OutboundEvent encode_outbound(const std::string& event, const std::string& room, const std::string& data_json) {
  std::string name = boost::json::serialize(boost::json::string(event));
  std::string ws = R"({"type":"event","event":)" + name + R"(,"room":)" +
                   boost::json::serialize(boost::json::string(room)) + R"(,"data":)" + data_json + "}";
  // Engine.IO message (4) carrying a Socket.IO EVENT (2) on the main namespace.
  std::string sio = "42[" + name + "," + data_json + "]";
  return {std::make_shared<const std::string>(std::move(ws)), std::make_shared<const std::string>(std::move(sio))};
}

}  // namespace marquee::realtime
