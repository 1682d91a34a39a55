// test_support.cpp — see test_support.hpp.
#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

extern char** environ;

namespace cc_test {

// [SECTION] files ------------------------------------------------------------------------------------

temp_dir::temp_dir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("cc-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
}

temp_dir::~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// [SECTION] the server process -------------------------------------------------------------------------

server_process::~server_process() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
}

bool server_process::start(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;  // not inherited by later children
    std::string err_path = (logs_ / "stderr.txt").string();

    const std::string binary = server_binary();
    std::vector<std::string> argv_s{binary, "--port", "0", "--host", "127.0.0.1"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_fd_ = fds[0];
    if (rc != 0) {
        pid_ = -1;
        output_ = std::string("posix_spawn failed: ") + std::strerror(rc);
        return false;
    }

    // Read lines until the URL line; seeding a few thousand clients in a debug build takes a moment.
    const std::string marker = "ClientCard server: http://127.0.0.1:";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        auto at = output_.find(marker);
        if (at != std::string::npos) {
            auto end = output_.find('\n', at);
            if (end != std::string::npos) {
                port_ = std::stoi(output_.substr(at + marker.size(), end - at - marker.size()));
                return port_ > 0;
            }
        }
        pollfd p{out_fd_, POLLIN, 0};
        if (::poll(&p, 1, 200) > 0) {
            char buf[4096];
            ssize_t n = ::read(out_fd_, buf, sizeof buf);
            if (n <= 0) break;  // the child closed stdout: it exited
            output_.append(buf, static_cast<std::size_t>(n));
        }
    }
    return false;
}

void server_process::read_rest() {
    if (out_fd_ < 0) return;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out_fd_, buf, sizeof buf)) > 0) output_.append(buf, static_cast<std::size_t>(n));
    ::close(out_fd_);
    out_fd_ = -1;
}

int server_process::wait_exit() {
    if (pid_ <= 0) return -1;
    read_rest();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int server_process::stop(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    return wait_exit();
}

std::unique_ptr<httplib::Client> server_process::client(const std::string& token) const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(45);  // above the longest long poll (30 s)
    if (!token.empty()) c->set_bearer_token_auth(token.c_str());
    return c;
}

bool server_process::wait_for_output(const std::string& text, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (output_.find(text) == std::string::npos) {
        if (out_fd_ < 0 || std::chrono::steady_clock::now() > deadline) return false;
        pollfd p{out_fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            char buf[4096];
            ssize_t n = ::read(out_fd_, buf, sizeof buf);
            if (n <= 0) return output_.find(text) != std::string::npos;
            output_.append(buf, static_cast<std::size_t>(n));
        }
    }
    return true;
}

std::string server_process::errors() const { return read_file(logs_ / "stderr.txt"); }

std::unique_ptr<server_process> start_server(const fs::path& db, const fs::path& web_root,
                                             std::size_t demo_clients, const std::vector<std::string>& extra) {
    auto s = std::make_unique<server_process>();
    // Clients only unless `extra` says otherwise (a later --demo-records wins): most suites count
    // versions and pages of clients.
    std::vector<std::string> args{"--db", db.string(), "--web-root", web_root.string(), "--demo-clients",
                                  std::to_string(demo_clients), "--demo-records", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    bool ok = s->start(args);
    INFO("server output: " << s->output() << s->errors());
    REQUIRE(ok);
    return s;
}

std::string server_binary() {
    const char* other = std::getenv("CC_TEST_SERVER_BINARY");
    return other && *other ? std::string(other) : std::string(CC_SERVER_BINARY);
}

long peak_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

// [SECTION] HTTP helpers -----------------------------------------------------------------------------------

int connect_local(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string read_until_close(int fd, double seconds) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[4096];
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

std::string raw_request(int port, const std::string& request_line, const std::string& extra_headers) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    std::string req = request_line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n";
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return out;
}

int status_of(const std::string& raw) {
    // "HTTP/1.1 404 Not Found"
    auto sp = raw.find(' ');
    return sp == std::string::npos ? 0 : std::atoi(raw.c_str() + sp + 1);
}

json get_json(httplib::Client& c, const std::string& path, int expected_status,
              const httplib::Headers& headers) {
    auto res = c.Get(path.c_str(), headers);
    INFO("GET " << path);
    REQUIRE(res);
    CHECK(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    json j = json::parse(res->body, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

std::vector<json> pull_all(httplib::Client& c, int limit, std::size_t* pages) {
    std::vector<json> all;
    std::int64_t since = 0;
    std::size_t count = 0;
    for (;;) {
        json page = get_json(c, "/api/v1/pull?since=" + std::to_string(since) + "&limit=" + std::to_string(limit));
        ++count;
        REQUIRE(count < 10000);
        for (auto& ch : page["changes"]) all.push_back(ch);
        since = page["cursor"].get<std::int64_t>();
        if (!page["has_more"].get<bool>()) break;
    }
    if (pages) *pages = count;
    return all;
}

// [SECTION] push helpers -----------------------------------------------------------------------------------

json make_op(const std::string& device, std::int64_t seq, const std::string& client_id,
             const std::string& kind, json payload, std::int64_t at) {
    return {{"id", device + ":" + std::to_string(seq)}, {"device", device}, {"seq", seq},
            {"client_id", client_id}, {"kind", kind}, {"payload", std::move(payload)},
            {"actor", "whoever the client says"}, {"at", at}};
}

json make_batch(const std::string& device, const std::vector<json>& ops) {
    return {{"schema", 1}, {"device", device}, {"ops", ops}};
}

http_answer post_push(httplib::Client& c, const std::string& body, const httplib::Headers& headers) {
    auto res = c.Post("/api/v1/push", headers, body, "application/json");
    REQUIRE(res);
    INFO("push answered " << res->status << ": " << res->body.substr(0, 400));
    CHECK(res->get_header_value("Content-Type") == "application/json");
    json j = json::parse(res->body, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return {res->status, j};
}

}  // namespace cc_test

namespace cc_test {

http_answer post_json(httplib::Client& c, const std::string& path, const json& body) {
    auto res = c.Post(path.c_str(), body.dump(), "application/json");
    REQUIRE(res);
    INFO("POST " << path << " answered " << res->status << ": " << res->body.substr(0, 400));
    json j = json::parse(res->body, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return {res->status, j};
}

// [SECTION] records ------------------------------------------------------------------------------------------

json make_record_op(const std::string& device, std::int64_t seq, const std::string& client_id, const std::string& kind,
                    std::string record, json payload, std::int64_t at) {
    json o = make_op(device, seq, client_id, kind, std::move(payload), at);
    if (record.empty()) record = kind.substr(0, kind.find('.')) + ":" + o["id"].get<std::string>();
    o["record"] = record;
    return o;
}

record_server::record_server(std::size_t clients, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--integration", integration_name + ":" + integration_token};
    args.insert(args.end(), extra.begin(), extra.end());
    server = start_server(dir / "cc.db", dir / "web", clients, args);
    admin = server->client(admin_token);
    manager = server->client(manager_token);
    manager2 = server->client(manager2_token);
    integration = server->client(integration_token);
}

json record_server::push(httplib::Client& as, const std::string& device, const std::vector<json>& ops) {
    http_answer a = post_push(as, make_batch(device, ops));
    REQUIRE(a.status == 200);
    return a.body;
}

json record_server::pull(httplib::Client& as, const std::string& query) {
    return get_json(as, "/api/v1/pull?" + query);
}

std::int64_t record_server::server_version() { return get_json(*admin, "/api/v1/health")["server_version"]; }

json change_for(const json& page, const std::string& id) {
    for (const json& ch : page["changes"]) {
        if (ch.contains("client") && ch["client"]["id"] == id) return ch;
        if (ch.contains("record") && ch["record"]["id"] == id) return ch;
    }
    return nullptr;
}

json client_log(httplib::Client& c, const std::string& client_id) {
    json all = json::array();
    std::string query = "limit=200";
    for (int pages = 0; pages < 1000; ++pages) {
        json page = get_json(c, "/api/v1/clients/" + client_id + "/history?" + query);
        for (auto& e : page["entries"]) all.push_back(e);
        if (page["next_before"].is_null()) return all;
        query = "limit=200&before=" + std::to_string(page["next_before"].get<std::int64_t>());
    }
    FAIL("the log of " << client_id << " does not end");
    return all;
}

json with_log(httplib::Client& c, json change) {
    if (change.is_object() && change.contains("client")) change["history"] = client_log(c, change["client"]["id"]);
    return change;
}

}  // namespace cc_test
