#include "core/Error.h"

namespace marquee {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::validation_failed: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::insufficient_credits: return 402;
    case ErrorCode::totp_required: return 401;
    case ErrorCode::totp_invalid: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::age_restricted: return 403;
    case ErrorCode::suspended: return 403;
    case ErrorCode::password_reset_required: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::conflict: return 409;
    case ErrorCode::gone: return 410;
    case ErrorCode::removed: return 410;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::unsupported_media_type: return 415;
    case ErrorCode::unprocessable: return 422;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::internal: return 500;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::insufficient_storage: return 507;
  }
  return 500;
}

const char* code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::validation_failed: return "validation_failed";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::insufficient_credits: return "insufficient_credits";
    case ErrorCode::totp_required: return "totp_required";
    case ErrorCode::totp_invalid: return "totp_invalid";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::age_restricted: return "age_restricted";
    case ErrorCode::suspended: return "suspended";
    case ErrorCode::password_reset_required: return "password_reset_required";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::gone: return "gone";
    case ErrorCode::removed: return "removed";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::unprocessable: return "unprocessable";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::internal: return "internal";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::insufficient_storage: return "insufficient_storage";
  }
  return "internal";
}

void throw_not_found(const std::string& what) {
  throw Error(ErrorCode::not_found, what + " not found");
}

void throw_validation(const std::string& field, const std::string& message) {
  throw Error(ErrorCode::validation_failed, message, {{"field", field}});
}

void throw_forbidden(const std::string& message) { throw Error(ErrorCode::forbidden, message); }

void throw_unauthorized(const std::string& message) { throw Error(ErrorCode::unauthorized, message); }

}  // namespace marquee
