// Fault injection against the real server over real HTTP on 127.0.0.1: two devices (the real
// core) edit while their transport drops requests, drops answers after the server applied them,
// turns requests into 500s, and times out on purpose. Then the network heals. 0 edits lost,
// 0 applied twice, and both devices show what the server has.
#include <doctest/doctest.h>

#include <iostream>
#include <map>
#include <set>

#include "sim_device.hpp"
#include "test_support.hpp"

using namespace cc_test;
using cc::json;

namespace {

enum class http_fault { none, drop_request, drop_answer, server_error, timeout };

struct http_world {
    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::vector<sim_device> devices;
    std::vector<std::string> tokens{admin_token, manager2_token};
    std::mt19937_64 rng{20261122};
    std::map<http_fault, int> injected;

    http_world() {
        server = start_server(dir / "faults.db", dir.path(), 30);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            sim_device d;
            d.name = "http-dev" + std::to_string(i);
            d.rng.seed(77 + i);
            devices.push_back(std::move(d));
        }
        for (auto& d : devices) d.boot(d.name);
    }

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }

    void deliver(std::size_t k, std::size_t i, http_fault f) {
        sim_device& d = devices[k];
        cc::http_request r = d.take(i);
        injected[f]++;
        if (f == http_fault::drop_request) return d.dispatch(cc::fetch_done{r.id, 0, ""});
        if (f == http_fault::server_error) return d.dispatch(cc::fetch_done{r.id, 500, R"({"error":{"code":"err.internal","message":"injected"}})"});
        // Long polls go out as plain pulls: the schedule, not the server, decides when they end.
        std::string url = r.url;
        if (auto w = url.find("&wait="); w != std::string::npos) url = url.substr(0, w);
        auto cli = server->client(tokens[k]);
        if (f == http_fault::timeout) cli->set_read_timeout(0, 1000);  // 1 ms: the answer comes too late
        httplib::Result res = r.method == "POST" ? cli->Post(url, r.body, "application/json") : cli->Get(url);
        if (!res || f == http_fault::drop_answer || f == http_fault::timeout) return d.dispatch(cc::fetch_done{r.id, 0, ""});
        d.dispatch(cc::fetch_done{r.id, res->status, res->body});
    }

    bool drain() {
        return drain_all(devices, [&](std::size_t k, std::size_t i) { deliver(k, i, http_fault::none); }, [&] { return server_version(); });
    }

    std::int64_t server_version() {
        auto res = server->client()->Get("/api/v1/health");
        return res && res->status == 200 ? json::parse(res->body)["server_version"].get<std::int64_t>() : -1;
    }
};

}  // namespace

TEST_CASE("dropped requests, dropped answers, 500s and timeouts against the real server lose nothing and apply nothing twice") {
    http_world w;
    REQUIRE(w.server);
    for (int step = 0; step < 400; ++step) {
        const std::size_t k = w.pick(w.devices.size());
        auto& d = w.devices[k];
        if (w.pick(3) == 0 || d.requests.empty()) {
            random_edit(d);
            continue;
        }
        const std::size_t p = w.pick(100);
        const http_fault f = p < 12 ? http_fault::drop_request : p < 24 ? http_fault::drop_answer : p < 32 ? http_fault::server_error
                      : p < 40 ? http_fault::timeout : http_fault::none;
        w.deliver(k, w.pick(d.requests.size()), f);
        if (w.pick(4) == 0) d.fire_timers();
    }
    REQUIRE(w.drain());
    std::cout << "faults: dropped requests " << w.injected[http_fault::drop_request] << ", dropped answers "
              << w.injected[http_fault::drop_answer] << ", 500s " << w.injected[http_fault::server_error] << ", timeouts "
              << w.injected[http_fault::timeout] << ", delivered " << w.injected[http_fault::none] << std::endl;
    CHECK(w.injected[http_fault::drop_answer] > 0);
    CHECK(w.injected[http_fault::timeout] > 0);

    // The server's view, over HTTP.
    std::map<std::string, json> clients;
    std::multiset<std::string> applied;
    std::int64_t since = 0;
    auto cli = w.server->client();
    for (;;) {
        auto res = cli->Get("/api/v1/pull?limit=2000&since=" + std::to_string(since));
        REQUIRE(res);
        REQUIRE(res->status == 200);
        json page = json::parse(res->body);
        for (const auto& ch : page["changes"]) clients[ch["client"]["id"]] = ch["client"];
        since = page["cursor"];
        if (!page["has_more"].get<bool>()) break;
    }
    // Every op id in the logs (a pull from 0 carries none): each applied once.
    for (const auto& [id, c] : clients)
        for (const auto& h : client_log(*cli, id)) applied.insert(h["op_id"].get<std::string>());
    std::size_t made = 0;
    for (const auto& id : applied) CHECK_MESSAGE(applied.count(id) == 1, "applied twice: " << id);
    for (auto& d : w.devices) {
        CHECK_FALSE(d.has_outstanding_ops());
        for (const auto& id : d.made) {
            ++made;
            const bool rejected = std::any_of(d.m.journal.begin(), d.m.journal.end(), [&](const cc::journal_entry& e) {
                return e.op.id == id && e.state == cc::op_state::rejected;
            });
            CHECK_MESSAGE((applied.count(id) == 1 || rejected), d.name << " lost " << id);
        }
        std::size_t seen = 0;
        d.m.store.for_each([&](const cc::client& c) {
            ++seen;
            REQUIRE_MESSAGE(clients.count(c.id), c.id);
            CHECK_MESSAGE(json(c) == clients[c.id], d.name << " differs on " << c.id);
        });
        CHECK(seen == clients.size());
    }
    CHECK(made > 100);
}
