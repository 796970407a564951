#pragma once
// The age gate: adult videos (is_adult) are shown only to viewers who passed it.
// - Signed in: the account attested "I am 18 or older" (PATCH /api/me {adult_attested: true},
//   or POST /api/age-gate); where the operator sets moderation.minimum_age, its stated birth
//   date must also show that age.
// - Signed out: an explicit confirmation (POST /api/age-gate) recorded in the kAgeGateCookie
//   cookie (a year); not enough where a minimum age is set (that needs an account's birth date).
// With moderation.adult_content off, nobody passes: adult videos are shown to no one. Without
// the gate a video answers 403 `age_restricted` (no title, no poster), playback and media refuse,
// and lists leave adult videos out (docs/moderation.md, "Age gate").
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "http/Request.h"
#include "settings/SiteSettings.h"

namespace marquee::accounts {

inline constexpr const char* kAgeGateCookie = "marquee_age_ok";

class AgeGate {
 public:
  AgeGate(settings::SiteSettings& settings, const Clock& clock) : settings_(settings), clock_(clock) {}

  // Reads memory only (once the settings are loaded): fast paths on the I/O thread may call it.
  bool passed(const http::Request& request, const Caller& caller) const;
  // The same for a signed-in principal outside a request (a socket).
  bool passed(const Principal& principal) const;
  bool adult_content_enabled() const { return settings_.current()->moderation_adult_content; }
  int minimum_age() const { return settings_.current()->moderation_minimum_age; }
  // Whether `birth_date` (YYYY-MM-DD) is at least `years` ago today (UTC).
  static bool old_enough(const std::string& birth_date, int years, Millis now);

 private:
  settings::SiteSettings& settings_;
  const Clock& clock_;
};

}  // namespace marquee::accounts
