// SigV4Signer against AWS's published S3 examples ("Examples of signature calculations",
// Signature Version 4: header-based auth and query-string auth), plus URI encoding rules.
// AWS prints the Authorization header with "," between parts; we emit ", " as AWS's own
// SDK signer does (both are valid), so the expectations here use the SDK form.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "blob/SigV4Signer.h"
#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::blob {
namespace {

const AwsCredentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::chrono::system_clock::time_point k20130524{std::chrono::seconds(1369353600)};  // 2013-05-24T00:00:00Z

std::string header(const SignableRequest& request, const std::string& name) {
  for (const auto& [n, v] : request.headers) {
    if (n == name) return v;
  }
  return "<missing " + name + ">";
}

std::string expected_authorization(const std::string& signed_headers, const std::string& signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=" +
         signed_headers + ", Signature=" + signature;
}

TEST(SigV4SignerTest, AwsExampleGetObjectWithRange) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {{"Range", "bytes=0-9"}},
                          kEmptySha256};
  signer.sign(request, k20130524);
  EXPECT_EQ(header(request, "Authorization"),
            expected_authorization("host;range;x-amz-content-sha256;x-amz-date",
                                   "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
  EXPECT_EQ(header(request, "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(header(request, "x-amz-content-sha256"), kEmptySha256);
  EXPECT_EQ(header(request, "host"), "examplebucket.s3.amazonaws.com");
}

TEST(SigV4SignerTest, AwsExamplePutObject) {
  SigV4Signer signer(kExample, "us-east-1");
  std::string payload_hash = crypto::to_hex(crypto::sha256("Welcome to Amazon S3."));
  ASSERT_EQ(payload_hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SignableRequest request{"PUT",
                          "examplebucket.s3.amazonaws.com",
                          "/test$file.text",
                          {},
                          {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                          payload_hash};
  signer.sign(request, k20130524);
  EXPECT_EQ(header(request, "Authorization"),
            expected_authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                                   "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
}

TEST(SigV4SignerTest, AwsExampleGetBucketLifecycleSignsAnEmptyQueryValue) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{"GET", "examplebucket.s3.amazonaws.com", "/", {{"lifecycle", ""}}, {}, kEmptySha256};
  signer.sign(request, k20130524);
  EXPECT_EQ(header(request, "Authorization"),
            expected_authorization("host;x-amz-content-sha256;x-amz-date",
                                   "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
}

TEST(SigV4SignerTest, AwsExampleListObjectsSortsTheQuery) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{
      "GET", "examplebucket.s3.amazonaws.com", "/", {{"prefix", "J"}, {"max-keys", "2"}}, {}, kEmptySha256};
  signer.sign(request, k20130524);
  EXPECT_EQ(header(request, "Authorization"),
            expected_authorization("host;x-amz-content-sha256;x-amz-date",
                                   "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
}

TEST(SigV4SignerTest, AwsExamplePresignedGet) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {}, ""};
  EXPECT_EQ(signer.presign(request, k20130524, std::chrono::seconds(86400)),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
            "&X-Amz-SignedHeaders=host");
}

TEST(SigV4SignerTest, SessionTokenIsSignedAsAHeaderAndAQueryParameter) {
  AwsCredentials with_token = kExample;
  with_token.session_token = "token/with+specials=";
  SigV4Signer signer(with_token, "us-east-1");
  SignableRequest request{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {}, "UNSIGNED-PAYLOAD"};
  signer.sign(request, k20130524);
  EXPECT_EQ(header(request, "x-amz-security-token"), "token/with+specials=");
  EXPECT_NE(header(request, "Authorization").find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos);
  std::string query = signer.presign({"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {}, ""}, k20130524,
                                     std::chrono::seconds(60));
  EXPECT_NE(query.find("&X-Amz-Security-Token=token%2Fwith%2Bspecials%3D&"), std::string::npos) << query;
}

TEST(SigV4SignerTest, SigningTwiceReplacesTheAuthenticationHeaders) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {{"Range", "bytes=0-9"}},
                          kEmptySha256};
  signer.sign(request, k20130524);
  signer.sign(request, k20130524);
  EXPECT_EQ(request.headers.size(), 5u);
  EXPECT_EQ(header(request, "Authorization"),
            expected_authorization("host;range;x-amz-content-sha256;x-amz-date",
                                   "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
}

TEST(SigV4SignerTest, HeaderValuesAreTrimmedAndInnerSpacesCollapsed) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest spaced{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {{"RANGE", "  bytes=0-9  "}},
                         kEmptySha256};
  signer.sign(spaced, k20130524);
  EXPECT_EQ(header(spaced, "Authorization"),
            expected_authorization("host;range;x-amz-content-sha256;x-amz-date",
                                   "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

  SignableRequest inner{"GET", "h", "/k", {}, {{"x-amz-meta-a", "a   b \t c"}}, kEmptySha256};
  SignableRequest single{"GET", "h", "/k", {}, {{"x-amz-meta-a", "a b c"}}, kEmptySha256};
  signer.sign(inner, k20130524);
  signer.sign(single, k20130524);
  EXPECT_EQ(header(inner, "Authorization"), header(single, "Authorization"));
}

TEST(SigV4SignerTest, PathIsEncodedOnceAndNeverNormalised) {
  SigV4Signer signer(kExample, "us-east-1");
  auto sign = [&](std::string path) {
    SignableRequest request{"GET", "h", std::move(path), {}, {}, kEmptySha256};
    signer.sign(request, k20130524);
    return header(request, "Authorization");
  };
  EXPECT_NE(sign("/a/./b"), sign("/a/b"));
  EXPECT_NE(sign("/a//b"), sign("/a/b"));
  EXPECT_NE(sign("/a%20b"), sign("/a b"));  // a literal '%' is encoded, not taken as an escape
}

TEST(SigV4SignerTest, PresignRejectsExpiriesOutsideOneSecondToSevenDays) {
  SigV4Signer signer(kExample, "us-east-1");
  SignableRequest request{"GET", "h", "/k", {}, {}, ""};
  EXPECT_THROW(signer.presign(request, k20130524, std::chrono::seconds(0)), Error);
  EXPECT_THROW(signer.presign(request, k20130524, std::chrono::seconds(604801)), Error);
  EXPECT_NO_THROW(signer.presign(request, k20130524, std::chrono::seconds(604800)));
}

TEST(SigV4UriEncodeTest, KeepsUnreservedAndEncodesEverythingElseUppercase) {
  EXPECT_EQ(aws_uri_encode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(aws_uri_encode(" !\"#$%&'()*+,:;<=>?@[]^`{|}", true),
            "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%3F%40%5B%5D%5E%60%7B%7C%7D");
  EXPECT_EQ(aws_uri_encode("ü.mp4", true), "%C3%BC.mp4");
  EXPECT_EQ(aws_uri_encode("\xF0\x9F\x8E\xAC", true), "%F0%9F%8E%AC");
  EXPECT_EQ(aws_uri_encode(std::string("a\0b", 3), true), "a%00b");
}

TEST(SigV4UriEncodeTest, SlashIsKeptOnlyInPaths) {
  EXPECT_EQ(aws_uri_encode("/bucket/my key/ü.mp4", false), "/bucket/my%20key/%C3%BC.mp4");
  EXPECT_EQ(aws_uri_encode("a/b", true), "a%2Fb");
  EXPECT_EQ(aws_uri_encode("", false), "");
}

}  // namespace
}  // namespace marquee::blob
