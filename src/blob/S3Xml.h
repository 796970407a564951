#pragma once
// The few XML documents S3 answers with, read without a general XML library: the parts of
// ListObjectsV2, InitiateMultipartUpload, CompleteMultipartUpload, DeleteObjects and Error
// responses that the store needs. The input is a server's, so it is treated as hostile:
// malformed documents give empty results or nullopt, never a crash or an unbounded scan.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::blob::s3xml {

// The text of every <tag>…</tag> element directly or indirectly inside `xml`, in order,
// with XML entities decoded. Elements with attributes (<tag a="b">) count; self-closing
// ones (<tag/>) give "".
std::vector<std::string> all_elements(std::string_view xml, std::string_view tag);
// The first such element, or nullopt.
std::optional<std::string> first_element(std::string_view xml, std::string_view tag);
// The raw (still encoded) inner XML of each <tag>…</tag> element, for nested records.
std::vector<std::string_view> element_bodies(std::string_view xml, std::string_view tag);

// &amp; &lt; &gt; &quot; &apos; and numeric references (&#…; &#x…;) decoded; anything
// malformed is kept as it is.
std::string decode_entities(std::string_view text);
// & < > " ' escaped, for keys written into a request body.
std::string escape(std::string_view text);

struct ListedObject {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;           // without quotes
  std::string last_modified;  // ISO 8601
};

struct ListPage {
  std::vector<ListedObject> objects;
  bool truncated = false;
  std::string next_continuation_token;
};

// A ListObjectsV2 result. Throws Error(unavailable) when the document is not one.
ListPage parse_list_page(std::string_view xml);

struct S3ErrorBody {
  std::string code;     // "NoSuchKey", "SlowDown", …
  std::string message;
};
std::optional<S3ErrorBody> parse_error(std::string_view xml);

}  // namespace marquee::blob::s3xml
