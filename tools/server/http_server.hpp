// http_server.hpp — the HTTP/1.1 server (Boost.Beast over Asio): a few I/O threads serve every
// connection asynchronously, so a connection costs a little memory, not a thread: held long
// polls, idle keep-alive connections and clients trickling a header byte by byte take no
// worker. Blocking work (SQLite, files) runs on worker pools (worker_pool.hpp) that the
// application owns. Limits and what a client sees past them: docs/server.md, "HTTP".
//
//     cc::server::http_server http(app);                  // app: an http_app (http_message.hpp)
//     int port = http.bind("127.0.0.1", 0);               // -1 when it cannot listen
//     std::thread t([&] { http.run(2); });                // serves until stop() has finished
//     http.stop();                                        // from any thread, e.g. on SIGTERM
//
// This header does not include Boost: the transport's types live in http_session.hpp.
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http_message.hpp"

namespace cc::server {

struct http_limits {
    // The request line and headers must be in within this time of the first byte (of the
    // connection, or of the next request on a kept-alive one), however slowly they trickle:
    // 408 and the connection is closed.
    std::chrono::milliseconds header_timeout{10'000};
    // The body must be in within this time after the header: 408 and close.
    std::chrono::milliseconds body_timeout{60'000};
    // A kept-alive connection with no new request for this long is closed (no answer).
    std::chrono::milliseconds idle_timeout{15'000};
    // Writing one answer (a client that stops reading) may take this long: then closed.
    std::chrono::milliseconds write_timeout{60'000};
    // Request line + headers: 431 and close above this.
    std::size_t header_bytes = 16 * 1024;
    // The body as sent and after inflating: 413 err.too_large above this (sync_limits agrees).
    std::size_t body_bytes = 1u << 20;
    // Open connections in all; past it a new one gets 503 err.busy with Retry-After and is closed.
    std::size_t max_connections = 1000;
    int busy_retry_after_s = 1;
    // On stop(): answers in progress may finish for this long, then every connection is closed.
    std::chrono::milliseconds shutdown_grace{5'000};
};

class http_server {
public:
    explicit http_server(http_app& app, http_limits limits = {});
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    // Listens on host:port (0: a free port) with SO_REUSEADDR (not SO_REUSEPORT) and a backlog
    // of SOMAXCONN. Returns the port, or -1 with error() saying why.
    int bind(const std::string& host, int port);
    const std::string& error() const;

    // Serves on `io_threads` threads (this one included) until stop() has finished: no more
    // accepts, idle connections closed, answers in progress sent (for up to shutdown_grace).
    void run(std::size_t io_threads);
    // Thread-safe; returns at once. Also fine before run().
    void stop();

    std::size_t connections() const;
    const http_limits& limits() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace cc::server
