// The XML answers of an S3-compatible store (listings, errors): a store is trusted less than
// the code that reads it.
#include "FuzzSupport.h"
#include "blob/S3Xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view xml = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] { (void)blob::s3xml::parse_list_page(xml); });
  fuzz::refusal_is_fine([&] { (void)blob::s3xml::parse_error(xml); });
  fuzz::refusal_is_fine([&] {
    // Escaping then decoding gives the text back.
    fuzz::require(blob::s3xml::decode_entities(blob::s3xml::escape(xml)) == xml);
  });
  return 0;
}
