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

  router.add(
      Method::POST, "/api/admin/fingerprints/lists",
      [&service, &auth](Request& req) {
        auth.require_role(req, accounts::Role::admin);
        const BlockList list = service.import_list(req.query("label").value_or(""), req.body);
        return Response::json(201, list_json(list));
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
