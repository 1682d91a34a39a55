// main.cpp — clientcard-server: the reference sync server. Opens (or creates and seeds) the
// SQLite database and the files folder, serves /api/v1 and the web build, stops cleanly on SIGINT/SIGTERM (held long
// polls are answered at once).
// Usage: clientcard-server --help; docs/server.md.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "blob_api.hpp"
#include "blob_store.hpp"
#include "http_api.hpp"
#include "http_server.hpp"
#include "options.hpp"
#include "seed.hpp"
#include "sqlite_store.hpp"
#include "static_files.hpp"
#include "sync_service.hpp"
#include "users.hpp"
#include "worker_pool.hpp"

namespace {

// Threads: I/O (sockets only, never blocked), the database pool (SQLite runs one statement at a
// time anyway; a third thread lets a pull page read wait for the store while two others work)
// and the file pool (reading and compressing the web build).
constexpr std::size_t io_threads = 2;
constexpr std::size_t db_threads = 3;
constexpr std::size_t file_threads = 2;
constexpr std::size_t db_queue = 1024;
constexpr std::size_t file_queue = 256;

// Each connection is a file descriptor: allow the connection bound (1,000) and more.
void raise_fd_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0) return;
    rlim_t want = r.rlim_max == RLIM_INFINITY ? 65536 : std::min<rlim_t>(r.rlim_max, 65536);
    if (r.rlim_cur < want) {
        r.rlim_cur = want;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;  // IPv6 literal
}

// SIGINT and SIGTERM are blocked in every thread and taken here with sigtimedwait, so stopping
// runs as ordinary code, not in a signal handler.
void wait_for_signal(cc::server::http_server& http, cc::server::sync_service& sync, const std::atomic<bool>& finished) {
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
            http.stop();  // no new connections; idle ones close, answers in progress go out
            return;
        }
    }
}

// Where uploaded files live: --files, else next to the database ("<db>.files"), else (for an
// in-memory database) a fresh temp folder that `temporary` says to remove at exit.
std::filesystem::path files_dir(const cc::server::options& opt, bool& temporary) {
    temporary = false;
    if (!opt.files.empty()) return opt.files;
    if (opt.db != ":memory:") return opt.db + ".files";
    temporary = true;
    return std::filesystem::temp_directory_path() /
           ("clientcard-files-" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)));
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
    std::signal(SIGXFSZ, SIG_IGN);  // a file size limit fails the write (507), not the process
    raise_fd_limit();

    try {
        sqlite_store store(opt.db);
        std::size_t seeded = seed_demo_clients(store, opt.demo_clients, static_cast<unsigned>(opt.demo_records));
        if (seeded > 0)
            std::cout << "ClientCard server: created " << opt.db << " with " << seeded << " demo clients\n";
        else
            std::cout << "ClientCard server: opened " << opt.db << " (" << store.client_count()
                      << " clients, server version " << store.server_version() << ")\n";
        seed_users(store, opt.users);
        user_directory users(store.users());

        bool files_temporary = false;
        const std::filesystem::path files_path = files_dir(opt, files_temporary);
        // Removes a temp files folder at exit, however main ends.
        struct remove_at_exit {
            std::filesystem::path dir;
            ~remove_at_exit() {
                std::error_code ignored;
                if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
            }
        } temp_files{files_temporary ? files_path : std::filesystem::path()};
        blob_store blobs(files_path);
        std::cout << "ClientCard server: files in " << blobs.dir().string()
                  << (files_temporary ? " (temporary: removed at exit)" : "") << "\n";

        std::error_code ec;
        if (!std::filesystem::is_directory(opt.web_root, ec))
            std::cerr << "clientcard-server: warning: web root " << opt.web_root
                      << " does not exist; the API works, pages answer 404 until it is built\n";

        // Until here a signal simply ends the process (an unfinished seeding rolls back). From
        // here on (before the URL line invites one) it waits for wait_for_signal. Blocked before
        // any thread starts, so every thread inherits the mask.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

        worker_pool db(db_threads, db_queue);
        worker_pool file_pool(file_threads, file_queue);
        // Woken long polls read their page again on the database pool, not on the thread of
        // the push that woke them.
        sync_service sync(store, {}, [&db](std::function<void()> job) { db.submit(std::move(job)); });
        // A telephony event's recording must be a file that was uploaded.
        sync.set_file_check([&blobs](const std::string& id) { return blobs.find(id).has_value(); });
        sync.set_registration_link(opt.registration_link);
        static_files files(opt.web_root);
        blob_limits file_limits;
        file_limits.max_file_bytes = static_cast<std::uint64_t>(opt.max_file_mb) << 20;
        file_limits.bytes_per_hour = static_cast<std::uint64_t>(opt.files_mb_per_hour) << 20;
        blob_api file_api(blobs, users, file_pool, file_limits);
        server_app app(sync, users, files, db, file_pool, {}, &file_api);
        http_limits limits;
        limits.body_bytes = sync.limits().max_body_bytes;
        http_server http(app, limits);

        int port = http.bind(opt.host, opt.port);
        if (port < 0) {
            std::cerr << "clientcard-server: cannot listen on " << opt.host << ":" << opt.port
                      << " (is the port in use, or the address not on this machine?): " << http.error() << "\n";
            return 1;
        }
        std::cout << "ClientCard server: http://" << url_host(opt.host) << ":" << port << "\n";
        std::cout << "ClientCard server: users (role, name, bearer token):\n";
        for (const std::string& line : user_lines(store, opt.users)) std::cout << line << "\n";
        const std::vector<std::string> integration_lines = user_lines(store, opt.users, true);
        if (!integration_lines.empty()) {
            std::cout << "ClientCard server: integrations (name, bearer token; /api/v1/integrations/* only):\n";
            for (const std::string& line : integration_lines) std::cout << line << "\n";
        }
        std::cout << std::flush;

        std::atomic<bool> finished{false};
        std::thread signals([&] { wait_for_signal(http, sync, finished); });
        http.run(io_threads);
        finished = true;
        signals.join();
        // Jobs still queued or running answer connections that are gone; let them finish before
        // the service and the store they use go away.
        db.stop();
        file_pool.stop();
        store.close();
        std::cout << "ClientCard server: stopped" << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "clientcard-server: " << e.what() << "\n";
        return 1;
    }
}
