#pragma once
// `marquee dev sign-s3`: runs SigV4Signer over a JSON array of cases so an outside oracle
// (AWS's JavaScript signer, tests/interop/s3_signer_oracle.test.mjs) can compare results
// byte for byte. Each case:
//   {"mode": "header" | "presign", "access_key_id", "secret_access_key", "session_token"?,
//    "region", "service"? ("s3"), "time": epoch seconds, "expires"? (presign, seconds),
//    "method", "host", "path" (decoded), "query"?: [[name, value]…] (decoded),
//    "headers"?: [[name, value]…], "payload_sha256"? (header mode)}
// Each result, in order: {"headers": [[name, value]…]} (the request's headers after signing)
// or {"query": "…"} (the presigned query string), or {"error": "…"} for a bad case.
#include <string>
#include <string_view>

namespace marquee::dev {

// Throws Error(bad_request) when `cases_json` is not a JSON array.
std::string run_sign_cases(std::string_view cases_json);

}  // namespace marquee::dev
