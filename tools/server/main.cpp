// main.cpp — clientcard-server: the reference sync server. Opens (or creates and seeds) the
// SQLite database, serves /api/v1 and the web build, stops cleanly on SIGINT/SIGTERM (held long
// polls are answered at once).
// Usage: clientcard-server --help; docs/server.md.
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

#include "http_api.hpp"
#include "options.hpp"
#include "seed.hpp"
#include "sqlite_store.hpp"
#include "static_files.hpp"
#include "sync_service.hpp"
#include "users.hpp"

namespace {

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6 literal
}

// SIGINT and SIGTERM are blocked in every thread and taken here with sigtimedwait, so stopping
// runs as ordinary code, not in a signal handler.
void wait_for_signal(httplib::Server& http, cc::server::sync_service& sync, const std::atomic<bool>& finished) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    timespec tick{0, 200'000'000};
    while (!finished) {
        int sig = sigtimedwait(&set, nullptr, &tick);
        if (sig == SIGINT || sig == SIGTERM) {
            std::cout << "ClientCard server: stopping (" << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ")"
                      << std::endl;
            sync.stop();  // held long polls answer now instead of after up to 30 s
            // stop() only acts once listening has begun: repeat until the loop has returned.
            while (!finished) {
                http.stop();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cc::server;
    options opt;
    if (auto error = parse_options(argc, argv, opt)) {
        std::cerr << "clientcard-server: " << *error << "\n" << usage();
        return 2;
    }
    if (opt.help) {
        std::cout << usage();
        return 0;
    }

    std::signal(SIGPIPE, SIG_IGN);  // a browser closing a socket mid-response is not fatal

    try {
        sqlite_store store(opt.db);
        std::size_t seeded = seed_demo_clients(store, opt.demo_clients);
        if (seeded > 0)
            std::cout << "ClientCard server: created " << opt.db << " with " << seeded << " demo clients\n";
        else
            std::cout << "ClientCard server: opened " << opt.db << " (" << store.client_count()
                      << " clients, server version " << store.server_version() << ")\n";
        seed_users(store, opt.users);
        user_directory users(store.users());
        sync_service sync(store);

        std::error_code ec;
        if (!std::filesystem::is_directory(opt.web_root, ec))
            std::cerr << "clientcard-server: warning: web root " << opt.web_root
                      << " does not exist; the API works, pages answer 404 until it is built\n";

        httplib::Server http;
        http.new_task_queue = [] { return new httplib::ThreadPool(http_threads); };
        // An idle keep-alive connection holds its worker (and so a shutdown) for this long.
        http.set_keep_alive_timeout(2);
        // cpp-httplib's default sets SO_REUSEPORT, which lets a second server bind the same port
        // and silently take half the requests. SO_REUSEADDR alone still allows a quick restart.
        http.set_socket_options([](socket_t sock) {
            int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        install_api(http, sync, users);
        static_files files(opt.web_root);
        files.install(http);

        // Until here a signal simply ends the process (an unfinished seeding rolls back). From
        // here on (before the URL line invites one) it waits for wait_for_signal. Blocked before
        // any thread starts, so every thread inherits the mask (cpp-httplib's pool starts in listen).
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

        int port = opt.port;
        if (port == 0) port = http.bind_to_any_port(opt.host);
        else if (!http.bind_to_port(opt.host, port)) port = -1;
        if (port < 0) {
            std::cerr << "clientcard-server: cannot listen on " << opt.host << ":" << opt.port
                      << " (is the port in use, or the address not on this machine?)\n";
            return 1;
        }
        std::cout << "ClientCard server: http://" << url_host(opt.host) << ":" << port << "\n";
        std::cout << "ClientCard server: users (role, name, bearer token):\n";
        for (const std::string& line : user_lines(store, opt.users)) std::cout << line << "\n";
        std::cout << std::flush;

        std::atomic<bool> finished{false};
        std::thread signals([&] { wait_for_signal(http, sync, finished); });
        bool ok = http.listen_after_bind();
        finished = true;
        signals.join();
        store.close();
        std::cout << "ClientCard server: stopped" << std::endl;
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "clientcard-server: " << e.what() << "\n";
        return 1;
    }
}
