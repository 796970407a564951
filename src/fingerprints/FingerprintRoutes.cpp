#include "fingerprints/FingerprintRoutes.h"

#include <boost/json.hpp>

namespace marquee::fingerprints {
namespace {

using http::Method;
using http::Request;
using http::Response;

constexpr std::int64_t kLargestImport = 200ll << 20;  // 2,000,000 hashes of 65 bytes, with room for comments

boost::json::object list_json(const BlockList& list) {
  return {{"id", list.id},
          {"label", list.label},
          {"reason", list.reason},
          {"hashes", list.hashes},
          {"created_at", to_rfc3339(list.created_at)}};
}

// An imported list's body, read only once the caller is known to be an admin (the route checks
// before the first byte), and bounded.
class ImportBody final : public http::BodySink {
 public:
  ImportBody(FingerprintService& service, std::string label) : service_(service), label_(std::move(label)) {}
  bool write(std::string_view chunk) override {
    if (text_.size() + chunk.size() > static_cast<std::size_t>(kLargestImport)) {
      too_large_ = true;
      return false;
    }
    text_.append(chunk);
    return true;
  }
  Response finish(bool body_complete) override {
    if (too_large_) return Response::error(ErrorCode::payload_too_large, "a list may be at most 200 MiB");
    if (!body_complete) return Response::error(ErrorCode::bad_request, "the body ended early");
    return Response::json(201, list_json(service_.import_list(label_, text_)));
  }

 private:
  FingerprintService& service_;
  std::string label_;
  std::string text_;
  bool too_large_ = false;
};


}  // namespace

void register_fingerprint_routes(http::Router& router, FingerprintService& service, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/admin/fingerprints/lists",
      [&service, &auth](Request& req) {
        auth.require_role(req, accounts::Role::admin);
        boost::json::array items;
        for (const auto& list : service.lists()) items.push_back(list_json(list));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"The fingerprint blocklist's lists: removed videos' and imported ones, with their hash counts", "admin",
       http::Access::admin, "", "FingerprintLists"});

  router.add(
      Method::GET, "/api/admin/fingerprints/hashes",
      [&service, &auth](Request& req) {
        auth.require_role(req, accounts::Role::admin);
        Response r = Response::text(200, service.export_text(req.query("list").value_or("")));
        r.headers.set("Content-Disposition", "attachment; filename=\"marquee-blocklist.txt\"");
        return r;
      },
      {"Export blocked frame hashes (of ?list= or all): hex, one per line, to share with other sites", "admin",
       http::Access::admin});

  router.add_streaming(
      Method::POST, "/api/admin/fingerprints/lists",
      [&service, &auth](Request& req) -> std::unique_ptr<http::BodySink> {
        auth.require_role(req, accounts::Role::admin);  // before a byte of the body is read
        return std::make_unique<ImportBody>(service, req.query("label").value_or(""));
      },
      {"Import a list of frame hashes (text/plain body: hex, one per line, '#' comments; ?label= names it)",
       "admin", http::Access::admin, "", "FingerprintList", 201},
      {kLargestImport, {}});

  router.add(
      Method::DELETE, "/api/admin/fingerprints/lists/{id}",
      [&service, &auth](Request& req) {
        auth.require_role(req, accounts::Role::admin);
        service.remove_list(req.param("id"));
        return Response::no_content();
      },
      {"Remove a list from the blocklist", "admin", http::Access::admin, "", "", 204});
}

}  // namespace marquee::fingerprints
