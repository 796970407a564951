#pragma once
// Maps (method, path) to a handler. Patterns are literal segments and `{name}` parameters;
// a final `{name*}` takes the rest of the path. When two patterns match, the one with a
// literal segment earlier wins (/api/videos/feed beats /api/videos/{id}); on a tie, a pattern
// of exactly the path's length beats one ending in `{name*}`, then the one added first. A path that
// matches no pattern is 404; one that matches with another method is 405 with `Allow`.
// Each route carries its documentation, which /api/openapi.json is built from.
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <optional>
#include <string>
#include <vector>

#include "http/Method.h"
#include "http/Request.h"
#include "http/Response.h"

namespace marquee::http {

using Handler = std::function<Response(Request&)>;

// How a route that takes large bodies (uploads) consumes them without buffering: the
// transport opens the sink once the headers are in, feeds it the body as it arrives, and
// asks it for the response when the body ended or the client went away. An upload of any
// size never sits in memory: the transport receives into one large chunk while the sink
// writes the previous one, so at most two chunks per request are held.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // False when the response is already decided (a refusal): the transport then reads no
  // body byte (and sends no 100 Continue) and closes the connection after the answer.
  virtual bool wants_body() const { return true; }
  // Called on the blocking pool with each chunk, in order, one call at a time (it may block
  // on the disk). Returns false to stop reading (the sink remembers why, for finish()).
  virtual bool write(std::string_view chunk) = 0;
  // Checked on the I/O thread between writes: when true and no checkpoint is running, the
  // transport runs checkpoint() on the blocking pool *while later chunks keep arriving and
  // being written*: checkpoint() must make durable what write() had stored when it began,
  // and both must be safe to run at the same time. A throw stops the body like write()
  // returning false.
  virtual bool checkpoint_due() const { return false; }
  virtual void checkpoint() {}
  // Called on the blocking pool once, after every write() and checkpoint() has returned:
  // body_complete is false when the client went away or write() returned false. Durable
  // bookkeeping (fsync, database) belongs here.
  virtual Response finish(bool body_complete) = 0;
};

// Opens the sink for a request whose headers have arrived (runs on the blocking pool).
// Throws Error to refuse the request before any body byte is read.
using StreamingHandler = std::function<std::unique_ptr<BodySink>(Request&)>;

// Who may call a route, as documented; the service enforces finer rules (owner, role).
enum class Access { public_, user, moderator, admin };

struct RouteDoc {
  std::string summary;
  std::string tag;
  Access access = Access::public_;
  std::string request_schema;   // name in components.schemas, if the route takes JSON
  std::string response_schema;  // name in components.schemas for the success body
  int success_status = 200;
};

// A route's answer from memory, tried on the I/O thread before the request is handed to
// the blocking pool: it must not block (no database, no network; a stat of a local file is
// fine). nullopt means "not from memory", and the route's handler runs on the pool as usual.
// Hot reads (health, cached video metadata, media segments) skip two thread hops this way.
using FastPath = std::function<std::optional<Response>(Request&)>;

struct RouteOptions {
  std::optional<std::int64_t> max_body_bytes;  // overrides http.max_body_bytes for this route
  FastPath fast_path;
};

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  RouteDoc doc;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
  StreamingHandler streaming;         // set for streaming routes (handler is then unused)

  // The segments as matching reads them, made once when the route is added: every request
  // is matched against every route, so a route that cannot match must say so in a few
  // instructions (a segment count, then a literal compare).
  struct Segment {
    enum class Kind { literal, param, rest };
    Kind kind = Kind::literal;
    std::string text;  // the literal, or the parameter's name
  };
  std::vector<Segment> compiled;
  bool ends_in_rest = false;  // the last segment is {name*}: it takes the rest of the path
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, RouteDoc doc, RouteOptions options = {});
  // A route that never blocks: it answers on the I/O thread (as its own fast path).
  void add_inline(Method method, std::string pattern, Handler handler, RouteDoc doc);
  // The page route: answers GET and HEAD for a path no route knows in any method (the web
  // app's deep links, web/WebRoutes.h). It never blocks. Not part of the API document.
  void set_page_fallback(Handler handler);
  void add_streaming(Method method, std::string pattern, StreamingHandler handler, RouteDoc doc,
                     RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;                     // set when found
    std::map<std::string, std::string> params;
    std::vector<Method> allowed;                      // set when the path exists but not the method
  };
  // HEAD falls back to GET routes.
  Match match(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::optional<Route> page_fallback_;
  // Indexes into routes_, so a path is matched against the few routes that can match it: by
  // segment count, then by the second segment's literal ("/api/videos/…"), with the routes
  // whose second segment is a parameter beside them; and the routes ending in {name*}, which
  // match any count from theirs.
  struct Bucket {
    std::vector<std::pair<std::string, std::size_t>> by_second;  // sorted by the literal
    std::vector<std::size_t> any_second;
  };
  std::vector<Bucket> by_count_;
  std::vector<std::size_t> open_ended_;
};

std::string_view access_name(Access access);

}  // namespace marquee::http
