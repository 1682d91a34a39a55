// transport_test.cpp — the HTTP layer under load and abuse, over real sockets against the server
// binary (docs/server.md, "HTTP"): held long polls and slow clients take no thread, header
// values are taken as sent, gzip bodies are inflated with a bound, and the limits answer 503
// with Retry-After. Each case failed on the previous server (cpp-httplib 0.11: a thread per
// connection, percent-decoded headers, whole-body inflate, a backlog of 5); run the suite
// against another binary with CC_TEST_SERVER_BINARY=/path/to/clientcard-server.
//
// Index of this file
//   [SECTION] helpers
//   [SECTION] held long polls take no thread
//   [SECTION] slow clients: the header deadline
//   [SECTION] request bodies: gzip bombs, encodings, sizes
//   [SECTION] header values as sent
//   [SECTION] limits: held pulls per user, connections, bursts
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;
using steady = std::chrono::steady_clock;

// [SECTION] helpers --------------------------------------------------------------------------------------

namespace {

double seconds_since(steady::time_point t) { return std::chrono::duration<double>(steady::now() - t).count(); }

struct poll_result {
    int status = 0;
    json page;
    double returned_at = -1;  // seconds after `origin`
    std::string retry_after;
};

// GET /pull?since=&wait= with `token` on its own connection, in its own thread.
std::future<poll_result> long_poll(const server_process& s, const std::string& token, std::int64_t since, int wait,
                                   steady::time_point origin) {
    return std::async(std::launch::async, [&s, token, since, wait, origin] {
        auto http = s.client(token);
        auto res = http->Get(("/api/v1/pull?since=" + std::to_string(since) + "&wait=" + std::to_string(wait)).c_str());
        poll_result r;
        r.returned_at = seconds_since(origin);
        if (!res) return r;
        r.status = res->status;
        r.retry_after = res->get_header_value("Retry-After");
        r.page = json::parse(res->body, nullptr, false);
        return r;
    });
}

bool ready(std::future<poll_result>& f) { return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

json one_tag(const std::string& device, int seq, const std::string& client_id = "c-000001") {
    return make_batch(device, {make_op(device, seq, client_id, "tag.add", {{"tag", "t" + std::to_string(seq)}})});
}

// Users u00..u(n-1), managers, tokens "poll-user-token-NN".
std::vector<std::string> user_args(int n, std::vector<std::string>& tokens) {
    std::vector<std::string> args;
    for (int i = 0; i < n; ++i) {
        std::string id = (i < 10 ? "0" : "") + std::to_string(i);
        tokens.push_back("poll-user-token-" + id);
        args.push_back("--user");
        args.push_back("U" + id + ":manager:" + tokens.back());
    }
    return args;
}

// Writes all of `data`; false when the peer is gone.
bool send_all(int fd, const std::string& data) {
    std::size_t at = 0;
    while (at < data.size()) {
        ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}

// True when the server has closed `fd` (EOF or reset), without waiting.
bool closed_by_peer(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

// gzip of `size` zero bytes (windowBits 15 + 16), compressed a megabyte at a time.
std::string gzip_of_zeros(std::size_t size) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string zeros(1u << 20, '\0'), out, chunk(1u << 16, '\0');
    std::size_t left = size;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        std::size_t n = std::min(left, zeros.size());
        z.next_in = reinterpret_cast<Bytef*>(zeros.data());
        z.avail_in = static_cast<uInt>(n);
        left -= n;
        int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(chunk.data());
            z.avail_out = static_cast<uInt>(chunk.size());
            rc = deflate(&z, flush);
            out.append(chunk.data(), chunk.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

std::string compress(const std::string& data, int window_bits) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace

// [SECTION] held long polls take no thread ----------------------------------------------------------------

TEST_CASE("64 and then 100 held long polls from 16 users: /me and a push answer within 1 s, the push wakes them all") {
    temp_dir dir;
    std::vector<std::string> tokens;
    auto server = start_server(dir / "cc.db", dir / "web", 5, user_args(16, tokens));
    auto admin = server->client(admin_token);
    std::int64_t version = 5;
    int seq = 0;
    for (int held : {64, 100}) {
        INFO(held << " held polls");
        steady::time_point origin = steady::now();
        std::vector<std::future<poll_result>> polls;
        for (int i = 0; i < held; ++i) polls.push_back(long_poll(*server, tokens[i % tokens.size()], version, 20, origin));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // all connected and held by now
        int answered_early = 0;
        for (auto& p : polls) answered_early += ready(p);
        CHECK(answered_early == 0);

        steady::time_point t = steady::now();
        json me = get_json(*admin, "/api/v1/me");
        double me_took = seconds_since(t);
        CHECK(me["name"] == "Anna");
        CHECK(me_took < 1.0);

        t = steady::now();
        double pushed_at = seconds_since(origin);
        http_answer a = post_push(*admin, one_tag("dev-t", ++seq));
        double push_took = seconds_since(t);
        CHECK(a.status == 200);
        CHECK(push_took < 1.0);
        ++version;

        int woken = 0;
        double last = 0;
        for (auto& p : polls) {
            poll_result r = p.get();
            if (r.status == 200 && r.page.is_object() && r.page["changes"].size() == 1) ++woken;
            last = std::max(last, r.returned_at - pushed_at);
        }
        CHECK(woken == held);
        CHECK(last < 5.0);  // far below the 20 s they were allowed to wait
        MESSAGE(held << " held polls: /me took " << me_took * 1000 << " ms, the push " << push_took * 1000
                     << " ms; the last poll answered " << last * 1000 << " ms after the push was sent");
    }
}

TEST_CASE("a client that goes away frees its held pull's slot") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 5);
    // Eight polls on raw sockets that close without waiting for an answer...
    for (int round = 0; round < 3; ++round) {
        std::vector<int> fds;
        for (int i = 0; i < 8; ++i) {
            int fd = connect_local(server->port());
            REQUIRE(fd >= 0);
            CHECK(send_all(fd, "GET /api/v1/pull?since=5&wait=30 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                   manager_token + "\r\n\r\n"));
            fds.push_back(fd);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        for (int fd : fds) ::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    // ...do not keep Boris from polling: their slots were given back when they closed.
    steady::time_point origin = steady::now();
    auto p = long_poll(*server, manager_token, 5, 1, origin);
    poll_result r = p.get();
    CHECK(r.status == 200);
    CHECK(r.returned_at >= 0.9);  // held for its second, not refused
}

// [SECTION] slow clients: the header deadline --------------------------------------------------------------

TEST_CASE("64 connections trickling a header line every 2 s: /me answers within 1 s; they are closed at the header deadline") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 5);
    std::vector<int> fds;
    for (int i = 0; i < 64; ++i) {
        int fd = connect_local(server->port());
        REQUIRE(fd >= 0);
        CHECK(send_all(fd, "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        fds.push_back(fd);
    }
    steady::time_point started = steady::now();
    std::atomic<bool> done{false};
    std::thread trickle([&] {
        for (int line = 0; !done && seconds_since(started) < 16; ++line) {
            for (int i = 0; i < 2000 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            for (int fd : fds) send_all(fd, "X-Trickle-" + std::to_string(line) + ": still typing\r\n");
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // one trickled line each by now
    auto http = server->client(manager_token);
    steady::time_point t = steady::now();
    json me = get_json(*http, "/api/v1/me");
    double me_took = seconds_since(t);
    CHECK(me["name"] == "Boris");
    CHECK(me_took < 1.0);

    // Still open well before the deadline (10 s)...
    std::this_thread::sleep_for(std::chrono::milliseconds(4000));
    int closed_early = 0;
    for (int fd : fds) closed_early += closed_by_peer(fd);
    CHECK(closed_early == 0);
    // ...and closed after it, although a line came every 2 s.
    while (seconds_since(started) < 12.5) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int closed = 0;
    for (int fd : fds) closed += closed_by_peer(fd);
    done = true;
    trickle.join();
    CHECK(closed == 64);
    for (int fd : fds) ::close(fd);
    MESSAGE("64 trickling connections: /me took " << me_took * 1000 << " ms; " << closed << " closed at 12.5 s");
    get_json(*http, "/api/v1/health");  // the server is fine
}

TEST_CASE("a header above 16 KiB is refused with 431") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 1);
    std::string raw = raw_request(server->port(), "GET /api/v1/health HTTP/1.1",
                                  "X-Big: " + std::string(20 * 1024, 'x') + "\r\n");
    CHECK(status_of(raw) == 431);
    CHECK(get_json(*server->client(), "/api/v1/health")["ok"] == true);
}

// [SECTION] request bodies: gzip bombs, encodings, sizes -------------------------------------------------

TEST_CASE("a gzip bomb (0.6 MB that inflates to 600 MB) sent 4 times at once: 413 each, memory stays bounded") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 5);
    std::string bomb = gzip_of_zeros(600u << 20);
    MESSAGE("bomb: " << bomb.size() << " bytes of gzip for 600 MiB");
    REQUIRE(bomb.size() < (1u << 20));  // under the body limit as sent: only inflating finds it out

    // A small gzip push first (the server's working set is warm), then the baseline.
    json batch = one_tag("dev-z", 1);
    auto admin = server->client(admin_token);
    auto res = admin->Post("/api/v1/push", {{"Content-Encoding", "gzip"}}, compress(batch.dump(), 15 + 16), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    long before = peak_rss_kib(server->pid());
    REQUIRE(before > 0);

    std::vector<std::future<std::pair<int, std::string>>> sends;
    for (int i = 0; i < 4; ++i)
        sends.push_back(std::async(std::launch::async, [&] {
            auto http = server->client(admin_token);
            auto r = http->Post("/api/v1/push", {{"Content-Encoding", "gzip"}}, bomb, "application/json");
            return r ? std::make_pair(r->status, r->body) : std::make_pair(0, std::string());
        }));
    for (auto& f : sends) {
        auto [status, body] = f.get();
        CHECK(status == 413);
        json j = json::parse(body, nullptr, false);
        CHECK(j.is_object());
        if (j.is_object()) CHECK(j["error"]["code"] == "err.too_large");
    }
    long after = peak_rss_kib(server->pid());
    MESSAGE("peak RSS before " << before / 1024 << " MiB, after 4 bombs " << after / 1024 << " MiB");
    CHECK(after - before < 64 * 1024);
    CHECK(get_json(*admin, "/api/v1/health")["server_version"] == 6);  // nothing of the bombs landed
}

TEST_CASE("request bodies: gzip and deflate are inflated, other encodings 415, broken ones 400, oversize 413 before reading") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 5);
    auto admin = server->client(admin_token);
    auto res = admin->Post("/api/v1/push", {{"Content-Encoding", "deflate"}},
                           compress(one_tag("dev-d", 1).dump(), 15), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body)["results"][0]["status"] == "applied");

    res = admin->Post("/api/v1/push", {{"Content-Encoding", "br"}}, one_tag("dev-d", 2).dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 415);
    CHECK(json::parse(res->body)["error"]["code"] == "err.unsupported_encoding");

    res = admin->Post("/api/v1/push", {{"Content-Encoding", "gzip"}}, "not gzip at all", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["code"] == "err.bad_request");

    // A Content-Length above 1 MiB is refused from the header alone; the body is never read.
    int fd = connect_local(server->port());
    REQUIRE(fd >= 0);
    CHECK(send_all(fd, "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_token +
                           "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"));
    std::string raw = read_until_close(fd, 5);
    ::close(fd);
    CHECK(status_of(raw) == 413);
    CHECK(raw.find("err.too_large") != std::string::npos);
    CHECK(get_json(*admin, "/api/v1/health")["server_version"] == 6);
}

// [SECTION] header values as sent --------------------------------------------------------------------------

TEST_CASE("the Authorization header is taken exactly as sent: percent-escapes and %00 are not decoded") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 1);
    auto plain = server->client("");
    for (std::string header : {"Bearer demo%2Dadmin%2Dtoken", "Bearer demo-admin-token%00junk",
                               "Bearer %64emo-admin-token", "Bearer demo-admin-token%20"}) {
        INFO(header);
        json j = get_json(*plain, "/api/v1/me", 401, {{"Authorization", header}});
        CHECK(j["error"]["code"] == "err.unauthorized");
    }
    CHECK(get_json(*plain, "/api/v1/me", 200, {{"Authorization", "Bearer demo-admin-token"}})["name"] == "Anna");
    // Query strings are decoded as URLs are.
    CHECK(get_json(*plain, "/api/v1/health?x=%41+b")["ok"] == true);
    json page = get_json(*server->client(), "/api/v1/pull?since=%30&limit=%31");
    CHECK(page["changes"].size() == 1);
}

// [SECTION] limits: held pulls per user, connections, bursts -------------------------------------------------

TEST_CASE("held pulls past 8 per user answer 503 err.busy with Retry-After at once; other users still long-poll") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 5);
    steady::time_point origin = steady::now();
    std::vector<std::future<poll_result>> boris;
    for (int i = 0; i < 8; ++i) boris.push_back(long_poll(*server, manager_token, 5, 20, origin));
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    auto vera = long_poll(*server, manager2_token, 5, 20, origin);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    steady::time_point t = steady::now();
    poll_result ninth = long_poll(*server, manager_token, 5, 20, origin).get();
    CHECK(seconds_since(t) < 1.0);
    CHECK(ninth.status == 503);
    CHECK(ninth.page.is_object());
    if (ninth.page.is_object()) CHECK(ninth.page["error"]["code"] == "err.busy");
    CHECK(std::atoi(ninth.retry_after.c_str()) > 0);
    // A pull without wait is never refused for that.
    CHECK(get_json(*server->client(manager_token), "/api/v1/pull?since=5")["changes"].empty());

    for (auto& p : boris) CHECK_FALSE(ready(p));
    CHECK_FALSE(ready(vera));
    CHECK(post_push(*server->client(admin_token), one_tag("dev-b", 1)).status == 200);
    for (auto& p : boris) {
        poll_result r = p.get();
        CHECK(r.status == 200);
        if (r.page.is_object()) CHECK(r.page["changes"].size() == 1);
    }
    poll_result v = vera.get();
    CHECK(v.status == 200);
    CHECK(v.page["changes"].size() == 1);
    // The slots are free again.
    poll_result again = long_poll(*server, manager_token, 6, 1, steady::now()).get();
    CHECK(again.status == 200);
}

TEST_CASE("a burst of 300 connections opened at once all get answers") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 1);
    steady::time_point t = steady::now();
    std::vector<int> fds;
    for (int i = 0; i < 300; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(server->port()));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
        fds.push_back(fd);
    }
    // Send the request on each as soon as it is connected, then read every answer.
    const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    std::vector<std::string> answers(fds.size());
    std::vector<int> state(fds.size(), 0);  // 0 connecting, 1 sent, 2 done
    while (seconds_since(t) < 10) {
        std::vector<pollfd> p;
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (state[i] < 2) {
                p.push_back({fds[i], static_cast<short>(state[i] == 0 ? POLLOUT : POLLIN), 0});
                which.push_back(i);
            }
        if (p.empty()) break;
        if (::poll(p.data(), p.size(), 100) <= 0) continue;
        for (std::size_t k = 0; k < p.size(); ++k) {
            std::size_t i = which[k];
            if (!p[k].revents) continue;
            if (state[i] == 0) {
                state[i] = send_all(fds[i], request) ? 1 : 2;
            } else {
                char buf[4096];
                ssize_t n = ::recv(fds[i], buf, sizeof buf, 0);
                if (n > 0) answers[i].append(buf, static_cast<std::size_t>(n));
                else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) state[i] = 2;
            }
        }
    }
    double took = seconds_since(t);
    int ok = 0;
    for (std::size_t i = 0; i < fds.size(); ++i) {
        ok += status_of(answers[i]) == 200;
        ::close(fds[i]);
    }
    CHECK(ok == 300);
    CHECK(took < 5.0);
    MESSAGE("300 connections at once: " << ok << " answered 200 in " << took * 1000 << " ms");
}

TEST_CASE("past 1000 open connections a new one gets 503 err.busy with Retry-After and is closed") {
    temp_dir dir;
    auto server = start_server(dir / "cc.db", dir / "web", 1);
    std::vector<int> fds;
    for (int i = 0; i < 1000; ++i) {
        int fd = connect_local(server->port());
        REQUIRE(fd >= 0);
        fds.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // all accepted
    std::string raw = raw_request(server->port(), "GET /api/v1/health HTTP/1.1");
    CHECK(status_of(raw) == 503);
    CHECK(raw.find("Retry-After: ") != std::string::npos);
    CHECK(raw.find("err.busy") != std::string::npos);
    for (std::size_t i = 0; i < 20; ++i) ::close(fds[i]);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(status_of(raw_request(server->port(), "GET /api/v1/health HTTP/1.1")) == 200);
    for (std::size_t i = 20; i < fds.size(); ++i) ::close(fds[i]);
}
