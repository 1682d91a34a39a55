// http_server.cpp — see http_server.hpp. The listener: binds, accepts (with the connection
// bound), runs the I/O threads and stops in order.
#include "http_server.hpp"

#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "http_session.hpp"

namespace cc::server {

struct http_server::impl {
    impl(http_app& app, http_limits l)
        : limits(l), ioc(std::make_unique<net::io_context>()), registry(app, limits) {}
    ~impl() {
        // Sockets and timers first, then the io_context (which destroys handlers still queued,
        // and with them the last connections), while the registry they unregister from lives.
        // No thread runs the io_context any more: nothing may post to it while it goes.
        registry.on_empty_while_stopping = nullptr;
        accept_retry.reset();
        grace.reset();
        acceptor.reset();
        ioc.reset();
    }

    void accept() {
        acceptor->async_accept(net::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
            on_accept(ec, std::move(socket));
        });
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || registry.stopping || !acceptor || !acceptor->is_open()) return;
        if (ec) {
            // Out of file descriptors or memory: let a few connections finish, then go on.
            accept_retry->expires_after(std::chrono::milliseconds(50));
            accept_retry->async_wait([this](beast::error_code e) {
                if (!e && !registry.stopping) accept();
            });
            return;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        const std::size_t open = registry.size();
        // Far past the bound even refusing costs too much: close without a word.
        if (open >= limits.max_connections + limits.max_connections / 4 + 16) {
            socket.close(ignored);
        } else {
            auto s = std::make_shared<http_session>(std::move(socket), registry);
            registry.add(s);
            if (open >= limits.max_connections) s->refuse_busy();
            else s->start();
        }
        accept();
    }

    void begin_stop() {
        if (registry.stopping.exchange(true)) return;
        beast::error_code ignored;
        if (acceptor) acceptor->close(ignored);
        if (accept_retry) accept_retry->cancel();
        for (auto& s : registry.all()) s->stop();
        if (registry.size() == 0) return finish();
        grace->expires_after(limits.shutdown_grace);
        grace->async_wait([this](beast::error_code ec) {
            if (ec) return;
            for (auto& s : registry.all()) s->force_close();
            // Whatever has not closed a moment later is dropped with the io_context.
            grace->expires_after(std::chrono::milliseconds(500));
            grace->async_wait([this](beast::error_code) { finish(); });
        });
    }

    void finish() {
        if (grace) grace->cancel();
        ioc->stop();
    }

    http_limits limits;
    std::unique_ptr<net::io_context> ioc;
    session_registry registry;
    std::optional<tcp::acceptor> acceptor;
    std::optional<net::steady_timer> accept_retry, grace;
    std::string error;
};

http_server::http_server(http_app& app, http_limits limits) : impl_(std::make_unique<impl>(app, limits)) {
    impl& m = *impl_;
    m.accept_retry.emplace(*m.ioc);
    m.grace.emplace(*m.ioc);
    m.registry.on_empty_while_stopping = [&m] { net::post(*m.ioc, [&m] { m.finish(); }); };
}

http_server::~http_server() = default;

int http_server::bind(const std::string& host, int port) {
    impl& m = *impl_;
    beast::error_code ec;
    tcp::resolver resolver(*m.ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) {
        m.error = "cannot resolve " + host + ": " + ec.message();
        return -1;
    }
    for (const auto& entry : endpoints) {
        tcp::acceptor a(*m.ioc);
        a.open(entry.endpoint().protocol(), ec);
        // SO_REUSEADDR allows a quick restart; SO_REUSEPORT is never set (it would let a second
        // server bind the same port and silently take half the requests).
        if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) a.bind(entry.endpoint(), ec);
        if (!ec) a.listen(net::socket_base::max_listen_connections, ec);  // SOMAXCONN
        if (ec) {
            m.error = ec.message();
            continue;
        }
        int bound = a.local_endpoint().port();
        m.acceptor.emplace(std::move(a));
        return bound;
    }
    if (m.error.empty()) m.error = "no address for " + host;
    return -1;
}

const std::string& http_server::error() const { return impl_->error; }

void http_server::run(std::size_t io_threads) {
    impl& m = *impl_;
    if (!m.acceptor) return;
    if (!m.registry.stopping) net::post(*m.ioc, [&m] { if (!m.registry.stopping) m.accept(); });
    auto serve = [&m] {
        for (;;) {
            try {
                m.ioc->run();
                return;
            } catch (const std::exception& e) {
                // A bug in one handler must not take the server down; it is reported and the
                // loop goes on (that connection is dropped with its handler).
                std::cerr << "clientcard-server: I/O thread: " << e.what() << std::endl;
            }
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < io_threads; ++i) threads.emplace_back(serve);
    serve();
    for (auto& t : threads) t.join();
}

void http_server::stop() {
    impl& m = *impl_;
    net::post(*m.ioc, [&m] { m.begin_stop(); });
}

std::size_t http_server::connections() const { return impl_->registry.size(); }

const http_limits& http_server::limits() const { return impl_->limits; }

}  // namespace cc::server
