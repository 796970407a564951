#pragma once
// AWS Signature Version 4 for S3 and S3-compatible stores (R2, B2, Ceph RGW, MinIO): signs
// a request with an Authorization header or turns it into a presigned URL's query string.
// Follows S3's variant of the canonical request: the path is URI-encoded once and never
// normalised. Checked byte for byte against AWS's own JavaScript signer
// (tests/interop/s3_signer_oracle.test.mjs). Every header given is signed (that SDK would
// drop a Date header; send x-amz-date, which sign() adds, instead).
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::blob {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

struct SignableRequest {
  std::string method;  // "GET", "PUT", …
  std::string host;    // "bucket.s3.us-east-1.amazonaws.com" or "127.0.0.1:4568"
  std::string path;    // decoded, e.g. "/bucket/my key/ü.mp4"; the signer encodes it
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers to sign
  std::string payload_sha256;                                // lowercase hex, or "UNSIGNED-PAYLOAD"
};

class SigV4Signer {
 public:
  SigV4Signer(AwsCredentials credentials, std::string region, std::string service = "s3");

  // Adds host, x-amz-date, x-amz-content-sha256, x-amz-security-token (with a session
  // token) and Authorization to request.headers, replacing any of them already there.
  void sign(SignableRequest& request, std::chrono::system_clock::time_point now) const;

  // The query string (encoded, without '?') of a presigned URL: the request's own query
  // plus the X-Amz-* authentication parameters, in canonical order. The payload is
  // UNSIGNED-PAYLOAD; host and the request's headers are signed. Throws
  // Error(validation_failed) unless 1 s <= expires <= 7 days.
  std::string presign(const SignableRequest& request, std::chrono::system_clock::time_point now,
                      std::chrono::seconds expires) const;

 private:
  AwsCredentials credentials_;
  std::string region_;
  std::string service_;
};

// RFC 3986 unreserved characters kept, every other byte %XX (uppercase hex); '/' kept
// when encode_slash is false.
std::string aws_uri_encode(std::string_view text, bool encode_slash);

}  // namespace marquee::blob
