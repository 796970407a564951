#include "uploads/RequestFile.h"

#include <fstream>

#include "core/Error.h"
#include "core/Text.h"
#include "uploads/MultipartFileReader.h"

namespace marquee::uploads {

void save_request_file(const http::Request& request, const std::string& path, std::string_view media_type) {
  const std::string type(request.header("Content-Type").value_or(""));
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorCode::internal, "studio: cannot write the upload");
  if (auto boundary = uploads::multipart_boundary(type)) {
    uploads::MultipartFileReader form(*boundary, [&out](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      return static_cast<bool>(out);
    });
    if (!form.feed(request.body) || !form.error().empty() || !form.file_complete()) {
      throw Error(ErrorCode::bad_request, form.error().empty() ? "the form has no complete file part" : form.error());
    }
  } else if (text::lower_ascii(type).starts_with(std::string(media_type) + "/")) {
    out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
  } else {
    throw Error(ErrorCode::unsupported_media_type, "send the file as the body with an " + std::string(media_type) +
                                                       "/* Content-Type, or as the file of a multipart form");
  }
  if (!out.flush()) throw Error(ErrorCode::insufficient_storage, "studio: cannot write the upload");
}

}  // namespace marquee::uploads
