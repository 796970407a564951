#pragma once
// marquee::Error is how every layer below HTTP says "this operation ends here, and why".
// The HTTP layer is the one place that turns it into a response: the code picks the status
// and the machine-readable `error.code`; the message is for humans; details are optional
// field-level hints (e.g. {"field": "email"}).
#include <map>
#include <stdexcept>
#include <string>

namespace marquee {

enum class ErrorCode {
  bad_request,             // 400 malformed input (JSON syntax, wrong types)
  validation_failed,       // 400 well-formed input that breaks a rule
  unauthorized,            // 401
  insufficient_credits,    // 402 the account's credit balance does not cover the cost
  totp_required,           // 401 the password was right; the second factor is still to come
  totp_invalid,            // 401 a wrong, reused or expired second-factor code
  forbidden,               // 403
  age_restricted,          // 403 adult content, and the viewer has not passed the age gate
  suspended,               // 403 the account is suspended or banned
  password_reset_required,  // 403 an admin asked for a new password: sign in again with new_password
  not_found,               // 404
  method_not_allowed,      // 405
  conflict,                // 409
  gone,                    // 410
  removed,                 // 410 taken down by the moderators (with the public reason)
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  unprocessable,           // 422
  rate_limited,            // 429
  internal,                // 500
  unavailable,             // 503
  insufficient_storage,    // 507
};

int http_status(ErrorCode code);
const char* code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::map<std::string, std::string> details = {})
      : std::runtime_error(message), code_(code), details_(std::move(details)) {}

  ErrorCode code() const { return code_; }
  const std::map<std::string, std::string>& details() const { return details_; }

 private:
  ErrorCode code_;
  std::map<std::string, std::string> details_;
};

// Shorthands for the common cases, so call sites read as sentences.
[[noreturn]] void throw_not_found(const std::string& what);
[[noreturn]] void throw_validation(const std::string& field, const std::string& message);
[[noreturn]] void throw_forbidden(const std::string& message = "you may not do that");
[[noreturn]] void throw_unauthorized(const std::string& message = "sign in first");

}  // namespace marquee
