#pragma once
// Where an S3BlobStore keeps its blobs and how it reaches them, parsed from the one string
// an operator writes: `--blobs s3://bucket/prefix?endpoint=…&region=…` (or `blob.url`).
//
//   s3://my-bucket                                  AWS, region from AWS_REGION or us-east-1
//   s3://my-bucket/site-a?region=eu-west-3          blobs under the prefix site-a/
//   s3://media?endpoint=http://127.0.0.1:9000       MinIO, Ceph RGW, s3rver: path-style
//   s3://media?endpoint=https://ACCOUNT.r2.cloudflarestorage.com&region=auto
//   s3://media?endpoint=https://s3.example&addressing=virtual
//
// Query parameters: endpoint (scheme://host[:port], no path), region, addressing
// (path|virtual; default virtual on AWS, path with a custom endpoint, as MinIO and Ceph
// expect). Credentials never come from the URL (it lands in logs and process lists): they
// come from the config (blob.s3_access_key_id / blob.s3_secret_access_key) or the standard
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN variables; AWS_REGION,
// AWS_DEFAULT_REGION and AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL fill what the URL leaves out.
#include <string>
#include <string_view>

#include "blob/SigV4Signer.h"

namespace marquee::blob {

struct S3Location {
  std::string bucket;
  std::string prefix;    // "" or segments without leading/trailing '/'
  std::string scheme;    // "https" or "http"
  std::string host;      // endpoint host[:port], without the bucket
  std::string region;
  bool path_style = false;
  AwsCredentials credentials;

  // The Host header and the path of an object key (already prefixed), decoded.
  std::string request_host() const;
  std::string object_path(std::string_view object_key) const;
  // The path of the bucket itself ("/" or "/bucket"), for listing and batch delete.
  std::string bucket_path() const;
  // The store key → the object key in the bucket.
  std::string object_key(std::string_view key) const;
  // A description for logs and /api/ready, without credentials.
  std::string describe() const;
};

// Parses an s3:// URL; the environment fills what it leaves out. Throws
// Error(validation_failed) naming the broken rule. `access_key_id` / `secret_access_key`
// override the environment when non-empty.
S3Location parse_s3_location(std::string_view url, const std::string& access_key_id = "",
                             const std::string& secret_access_key = "");

}  // namespace marquee::blob
