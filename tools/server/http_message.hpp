// http_message.hpp — what the HTTP layer hands the application and takes back, with no socket
// in sight: a request (header values exactly as sent, the path and query decoded as URLs are),
// a response, the `responder` that answers a request once from any thread (or parks it as a
// long poll), the `http_app` interface the server calls, bodies that stream instead of sitting
// in memory (`body_sink` for an upload, `body_source` for a download, `body_plan` for a route's
// own body limit), and a small router that answers 404 and 405 (with Allow) by itself. The transport is in http_server.hpp and http_session.hpp.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cc::server {

struct http_header {
    std::string name;
    std::string value;
};

// Header names are compared case-insensitively, values never changed: no percent-decoding, no
// trimming beyond the optional whitespace HTTP itself strips around a value.
const std::string* find_header(const std::vector<http_header>& headers, std::string_view name);

class body_sink;
class body_source;

struct http_request {
    std::string method;                 // as sent: "GET"
    std::string target;                 // as sent: "/api/v1/pull?since=3"
    std::string path;                   // the target before '?', percent-decoded ("%2e" -> ".")
    std::vector<std::pair<std::string, std::string>> query;  // decoded ('+' is a space)
    std::vector<http_header> headers;   // in order, as sent
    std::string body;                   // after Content-Encoding was undone
    bool keep_alive = true;
    // Set instead of `body` when the app asked for the body as a stream (http_app::plan_body):
    // the sink that took every byte of it.
    std::shared_ptr<body_sink> sink;

    const std::string* header(std::string_view name) const { return find_header(headers, name); }
    bool has_header(std::string_view name) const { return header(name) != nullptr; }
    std::string header_value(std::string_view name) const;  // "" when absent
    const std::string* param(std::string_view name) const;  // the first one; nullptr when absent
    bool has_param(std::string_view name) const { return param(name) != nullptr; }
};

struct http_response {
    int status = 200;
    std::vector<http_header> headers;
    std::string body;
    bool close = false;                 // close the connection after this answer
    // Set instead of `body` for an answer read a piece at a time (a file download): the
    // transport sends Content-Length = source->size() and the bytes as they are read.
    std::shared_ptr<body_source> source;

    void set_header(std::string name, std::string value);  // replaces one of the same name
    const std::string* header(std::string_view name) const { return find_header(headers, name); }
    void set_content(std::string content, std::string type);
};

// "%41+b" -> "A b" when `plus_is_space` (query strings), "A+b" otherwise (paths). A malformed
// escape is kept as it is.
std::string percent_decode(std::string_view text, bool plus_is_space);
// Splits a target into the decoded path and query parameters.
void parse_target(const std::string& target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

// True when Accept-Encoding offers gzip (and not with q=0). Brotli is never used.
bool accepts_gzip(const http_request& request);
// Types worth compressing per request: text/*, JSON, JavaScript, XML, SVG (what cpp-httplib
// compressed before; the static files compress wasm, fonts and the manifest themselves).
bool compressible_type(std::string_view content_type);
// gzip the body when the request accepts it, the type is worth it and nothing encoded it yet.
void compress_for(bool gzip_ok, http_response& response);

// Answers one request, once, from any thread. Copies answer the same request: the first call
// wins, later ones are ignored. A handler may also `hold` the request (a long poll): the
// connection then arms a timer and watches for the client going away, with no thread waiting.
class responder {
public:
    // What the connection provides; `generation` tells its requests apart.
    struct target {
        virtual ~target() = default;
        virtual void answer(std::uint64_t generation, http_response response) = 0;
        virtual void hold(std::uint64_t generation, std::chrono::milliseconds wait,
                          std::function<void()> expired, std::function<void()> gone) = 0;
    };

    responder() = default;
    responder(std::shared_ptr<target> to, std::uint64_t generation, bool gzip_ok);

    // Compresses when the client accepts gzip (in the calling thread: a worker, not an I/O
    // thread), then hands the answer to the connection.
    void operator()(http_response response) const;
    // After `wait` with no answer, `expired` runs (it must answer); when the client closes the
    // connection first, `gone` runs (the answer is then dropped). Both run on the connection's
    // I/O thread; at most one of them runs, and neither once the request was answered.
    void hold(std::chrono::milliseconds wait, std::function<void()> expired, std::function<void()> gone) const;
    explicit operator bool() const { return static_cast<bool>(to_); }

private:
    std::shared_ptr<target> to_;
    std::uint64_t generation_ = 0;
    bool gzip_ok_ = false;
};

// A request body taken as it arrives (an upload) instead of into http_request::body. The
// transport reads a chunk, hands it over, and reads the next only after `done`: a slow disk
// slows the sender down, and memory stays at one chunk per upload.
class body_sink {
public:
    virtual ~body_sink() = default;
    // The next bytes of the body, in order. `bytes` stays valid until `done` is called; `done`
    // may be called from any thread. done(nullopt): go on. done(answer): stop reading, send
    // that answer and close the connection (the upload is refused).
    virtual void write(std::string_view bytes, std::function<void(std::optional<http_response>)> done) = 0;
};

// An answer body read a piece at a time (a file from disk, a snapshot made as it is read)
// instead of held in memory.
class body_source {
public:
    // size() of a body whose length nobody knows before its end (a snapshot): it goes out with
    // "Transfer-Encoding: chunked" (HTTP/1.0: until the connection closes).
    static constexpr std::uint64_t unknown_size = ~std::uint64_t(0);
    // done(failed): a body of unknown size broke off. The connection is closed without the
    // last chunk, so the client sees the body was cut.
    static constexpr std::size_t failed = ~std::size_t(0);

    virtual ~body_source() = default;
    // Exactly the bytes read() gives in all (the answer's Content-Length), or unknown_size.
    virtual std::uint64_t size() const = 0;
    // Fills up to `max` bytes at `into` (the next ones, in order) and calls done(n), from any
    // thread. A known size: done(0) means it failed: the connection is closed (the length was
    // promised). Unknown size: done(0) is the end of the body, done(failed) a failure.
    virtual void read(char* into, std::size_t max, std::function<void(std::size_t)> done) = 0;
};

// How the transport reads one request's body (http_app::plan_body).
struct body_plan {
    std::size_t max_bytes = 0;                  // 0: http_limits::body_bytes
    std::shared_ptr<body_sink> sink;            // null: into http_request::body (inflated)
    std::chrono::milliseconds extra_time{0};    // added to http_limits::body_timeout
    std::string too_large;                      // the 413 message; "" for the default
};

// What the server calls. `before_body` runs as soon as the header is in: an answer there (401,
// 400, 404, 405, a preflight...) is sent without reading the body. Otherwise the body is read
// (and inflated) and `handle` runs on the I/O thread: it must not block; slow work goes to a
// worker pool, which answers through the responder.
class http_app {
public:
    virtual ~http_app() = default;
    virtual std::optional<http_response> before_body(const http_request& head) = 0;
    virtual void handle(http_request request, responder done) = 0;
    // Runs after before_body let a request with a body through: how to read that body. The
    // default reads it into http_request::body under the server's limits. A sink takes the
    // bytes as they come (no Content-Encoding allowed: 415).
    virtual body_plan plan_body(const http_request& head) {
        (void)head;
        return {};
    }
    // An answer the transport makes by itself (408, 413, 415, 431, 503, 400 for a malformed
    // request): the JSON error shape with CORS under /api, plain text elsewhere. `head` is null
    // when no request was read (a connection refused past the limit).
    virtual http_response refusal(const http_request* head, int status, const std::string& code,
                                  const std::string& message, int retry_after_s = 0) = 0;
};

// Routes by exact path (or a prefix ending in "*") and method; HEAD goes to GET routes. A path
// known for other methods is 405 with Allow ("GET, OPTIONS"), an unknown one goes to the
// fallback.
class router {
public:
    using handler = std::function<void(http_request, responder)>;
    void add(std::string method, std::string path, handler h);
    struct match {
        const handler* found = nullptr;  // the route to run
        std::string allow;               // not found, but the path has these methods
    };
    match find(const std::string& method, const std::string& path) const;

private:
    struct route { std::string method, path; handler h; };
    static bool path_matches(const std::string& pattern, const std::string& path);
    std::vector<route> routes_;
};

}  // namespace cc::server
