#include "studio/ClipGenerator.h"

namespace marquee::studio {

std::string_view motion_name(Motion motion) {
  switch (motion) {
    case Motion::zoom_in: return "zoom_in";
    case Motion::zoom_out: return "zoom_out";
    case Motion::pan_left: return "pan_left";
    case Motion::pan_right: return "pan_right";
    case Motion::pan_up: return "pan_up";
    case Motion::pan_down: return "pan_down";
  }
  return "zoom_in";
}

std::optional<Motion> parse_motion(std::string_view name) {
  for (Motion m : {Motion::zoom_in, Motion::zoom_out, Motion::pan_left, Motion::pan_right, Motion::pan_up,
                   Motion::pan_down}) {
    if (motion_name(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view easing_name(Easing easing) { return easing == Easing::linear ? "linear" : "ease_in_out"; }

std::optional<Easing> parse_easing(std::string_view name) {
  if (name == "linear") return Easing::linear;
  if (name == "ease_in_out") return Easing::ease_in_out;
  return std::nullopt;
}

}  // namespace marquee::studio
