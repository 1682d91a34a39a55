// http_session.hpp — one HTTP connection (Boost.Beast): reads a request under its deadlines and
// limits, hands it to the http_app, writes the answer, keeps the connection alive or closes it.
// Internal to the transport (http_server.cpp); the application sees only http_message.hpp.
//
// The life of a request, all on the connection's strand:
//   idle (kept alive: waiting for the first byte, idle_timeout)
//   -> header (header_timeout from the first byte; header_bytes at most)
//   -> app.before_body(head): an answer here is sent without reading the body
//   -> app.plan_body(head): the limit for this route, and whether the body goes into memory
//      or to a sink (an upload: read a chunk, hand it over, read the next when it was taken)
//   -> body (Content-Length above the limit: 413 at once; unknown Content-Encoding: 415;
//      body_timeout (+ the plan's extra time); inflated in a bounded stream)
//   -> app.handle(request, responder): the answer comes back from any thread, or the request is
//      held (a long poll: a timer and a watch for the client closing, no thread)
//   -> writing (write_timeout; an answer with a body_source goes out a chunk at a time, each
//      chunk read on the app's worker and written under its own write_timeout)
//   -> idle again, or a lingering close.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http_message.hpp"
#include "http_server.hpp"

namespace cc::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class http_session;

// What every connection of one server shares: the app, the limits, and the list of open
// connections (for the connection bound and for stopping).
class session_registry {
public:
    session_registry(http_app& app, const http_limits& limits) : app(app), limits(limits) {}
    http_app& app;
    const http_limits& limits;
    std::atomic<bool> stopping{false};

    void add(const std::shared_ptr<http_session>& s);
    void remove(http_session* s);
    std::size_t size() const;
    std::vector<std::shared_ptr<http_session>> all() const;
    // Called (once, from the thread that closed the last one) when stopping and none is left.
    std::function<void()> on_empty_while_stopping;

private:
    mutable std::mutex mutex_;
    std::unordered_map<http_session*, std::weak_ptr<http_session>> sessions_;
};

class http_session : public responder::target, public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket socket, session_registry& registry);
    ~http_session() override;

    void start();        // serves requests until the client or a limit ends it
    void refuse_busy();  // past the connection bound: 503 err.busy, Retry-After, close
    void stop();         // any thread: closes an idle connection now, a busy one after its answer
    void force_close();  // any thread: closes now

    void answer(std::uint64_t generation, http_response response) override;
    void hold(std::uint64_t generation, std::chrono::milliseconds wait, std::function<void()> expired,
              std::function<void()> gone) override;

private:
    enum class phase { idle, header, body, handling, writing, closing, closed };
    enum class coding { none, gzip_or_deflate };

    void next_request(bool first);
    void on_first_bytes(beast::error_code ec, std::size_t n);
    void read_header();
    void on_header(beast::error_code ec);
    void on_body(beast::error_code ec, coding enc);
    void read_chunk();
    void on_chunk(beast::error_code ec);
    void on_chunk_taken(std::uint64_t generation, std::optional<http_response> refusal);
    std::string too_large_message() const;
    void dispatch();
    void on_answer(std::uint64_t generation, http_response response);
    void watch_client(std::uint64_t generation);
    void refuse(int status, const std::string& code, const std::string& message);
    void send(http_response response);
    void send_stream(http_response response, bool keep_alive);
    void stream_next();
    void on_stream_read(std::uint64_t generation, std::size_t n);
    void on_chunked_read(std::size_t n);
    void on_write(beast::error_code ec, bool keep_alive);
    void linger_close();
    void on_linger(beast::error_code ec, std::size_t n);
    void close();

    beast::tcp_stream stream_;
    session_registry& registry_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http_request request_;            // the request being read (head, then body)
    std::shared_ptr<http::response<http::string_body>> out_;  // the answer being written
    // The body limit of the request being read (the app's plan, or http_limits::body_bytes).
    std::size_t body_max_ = 0;
    std::string too_large_;
    // A body taken by a sink (plan_body), and an answer read from a source: one chunk at a
    // time through chunk_ (allocated only while one of them is in progress).
    std::optional<http::request_parser<http::buffer_body>> sink_parser_;
    std::shared_ptr<body_sink> sink_;
    std::shared_ptr<body_source> source_;
    std::uint64_t stream_left_ = 0;
    bool stream_keep_ = false;
    bool stream_chunked_ = false;     // the source's size is unknown: chunked (or until the close)
    std::string chunk_head_;          // the framing of the chunk being written
    std::vector<char> chunk_;
    phase phase_ = phase::idle;
    std::uint64_t generation_ = 0;    // bumped per request: late answers to old ones are dropped
    bool head_only_ = false;          // a HEAD request: the answer goes without its body
    unsigned version_ = 11;           // the request's HTTP version (10 or 11)
    bool keep_alive_ = true;
    bool gzip_ok_ = false;
    bool stopping_ = false;
    // A held request (long poll).
    net::steady_timer hold_timer_;
    std::function<void()> hold_expired_, hold_gone_;
    bool watching_ = false;
    std::size_t lingered_ = 0;
    char discard_[4096];
};

}  // namespace cc::server
