// Randomized convergence: several devices edit the same clients offline (the same fields, the
// same phones), their requests reach the real sync service (SQLite in memory) in random orders,
// some are lost on the way there, some answers are lost on the way back, some fail with 500.
// Afterwards every device must show exactly what the server has, and every op a device made must
// have been applied exactly once or be visible to its user as rejected.
//
// A fourth user's program (hostile_device, sim_device.hpp) joins in: it reads pulls and replays
// the honest ops it sees, sends their ids again with other content, takes their devices' next
// seqs and client ids, pulls as their devices. Every such attempt must be refused, no honest op
// may end up applied with anyone else's content or rejected for a reason that is not its own,
// and the honest devices must still converge.
//
// CC_SCHEDULES=N runs N schedules (default 1000); CC_SEED=S replays from seed S. The seed is
// printed, and a failing schedule prints its own seed.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "sim_device.hpp"
#include "sqlite_store.hpp"
#include "sync_service.hpp"

using namespace cc_test;
using cc::json;

namespace {

enum class fault { none, lose_request, lose_answer, server_error };

struct world {
    std::unique_ptr<cc::server::sqlite_store> store;
    std::unique_ptr<cc::server::sync_service> sync;
    std::vector<sim_device> devices;
    std::vector<cc::server::user> users;
    std::mt19937_64 rng;
    std::size_t delivered = 0, lost = 0;
    cc::server::user mallory{"Mallory", cc::server::user_role::manager};
    hostile_device evil;
    std::size_t attacks = 0;
    std::vector<std::string> violations;  // attacks that were not refused

    explicit world(std::uint64_t seed) : rng(seed) {
        store = std::make_unique<cc::server::sqlite_store>(":memory:", cc::server::sqlite_options{false});
        cc::server::sync_limits limits;
        limits.push_rate = {0, 0};  // thousands of pushes a second here; the limit has its own tests
        sync = std::make_unique<cc::server::sync_service>(*store, limits);
        evil.rng.seed(seed * 7 + 3);
        users = {{"Anna", cc::server::user_role::admin}, {"Anna", cc::server::user_role::admin},
                 {"Boris", cc::server::user_role::manager}};
        for (std::size_t i = 0; i < users.size(); ++i) {
            sim_device d;
            d.name = "dev" + std::to_string(i);
            d.rng.seed(seed * 31 + i);
            devices.push_back(std::move(d));
        }
        for (auto& d : devices) d.boot(d.name);
    }

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }

    // Hands request `i` of device `k` to the server, with `f` in the way.
    void deliver(std::size_t k, std::size_t i, fault f) {
        sim_device& d = devices[k];
        const cc::http_request r = d.take(i);
        ++delivered;
        if (f == fault::lose_request) { ++lost; return d.dispatch(cc::fetch_done{r.id, 0, ""}); }
        if (f == fault::server_error) return d.dispatch(cc::fetch_done{r.id, 500, R"({"error":{"code":"err.internal","message":"injected"}})"});
        int status = 200;
        std::string body;
        if (r.id == cc::request_id::push) {
            auto rep = sync->push_text(users[k], r.body);
            status = rep.status;
            body = rep.body.dump();
        } else if (r.id == cc::request_id::me) {
            auto rep = sync->me(users[k]);
            status = rep.status;
            body = rep.body.dump();
        } else {
            auto q = query_of(r.url);
            cc::server::pull_request p;
            p.since = std::stoll(q["since"]);
            p.limit = std::stoll(q["limit"]);
            p.device = q["device"];
            auto rep = sync->pull_as(users[k], p);  // long polls answer at once: nobody else would wake them
            status = rep.status;
            body = rep.body;
        }
        if (f == fault::lose_answer) { ++lost; return d.dispatch(cc::fetch_done{r.id, 0, ""}); }
        d.dispatch(cc::fetch_done{r.id, status, body});
    }

    // One move of the hostile program: learn from a pull, edit like a manager, or attack.
    void hostile_step() {
        const std::size_t roll = pick(5);
        if (!evil.ready() || roll == 0) {
            cc::server::pull_request p;
            p.since = evil.since;
            p.limit = 500;
            p.device = evil.device;
            auto rep = sync->pull_as(mallory, p);
            if (rep.status == 200) evil.learn(rep.parsed());
            return;
        }
        if (roll == 1) {  // an ordinary edit of its own: another user the honest devices meet
            const std::string c = *std::next(evil.clients.begin(), static_cast<std::ptrdiff_t>(pick(evil.clients.size())));
            json body = {{"schema", 1}, {"device", evil.device}, {"ops", json::array({evil.own_op("", c, "tag.add", {{"tag", "evil"}})})}};
            sync->push(mallory, body);
            return;
        }
        ++attacks;
        const hostile_device::attack a = evil.next();
        if (a.is_pull) {
            cc::server::pull_request p;
            p.limit = 10;
            p.device = a.batch_device;
            auto rep = sync->pull_as(mallory, p);
            if (rep.status != 403) violations.push_back(a.what + ": status " + std::to_string(rep.status));
            return;
        }
        auto rep = sync->push(mallory, json{{"schema", 1}, {"device", a.batch_device}, {"ops", a.ops}});
        if (a.outcome == hostile_device::expect::forbidden) {
            if (rep.status != 403 || rep.body["error"]["code"] != "err.device_foreign")
                violations.push_back(a.what + ": " + std::to_string(rep.status) + " " + rep.body.dump());
            return;
        }
        if (rep.status != 200) return violations.push_back(a.what + ": status " + std::to_string(rep.status));
        for (const auto& r : rep.body["results"])
            if (r["status"] != "rejected") violations.push_back(a.what + ": " + r.dump());
    }

    void random_step() {
        if (pick(100) < 12) return hostile_step();
        const std::size_t k = pick(devices.size());
        sim_device& d = devices[k];
        const std::size_t roll = pick(100);
        if (roll < 40) {
            random_edit(d);
        } else if (roll < 80) {
            if (d.requests.empty()) return;
            const std::size_t p = pick(100);
            const fault f = p < 10 ? fault::lose_request : p < 20 ? fault::lose_answer : p < 25 ? fault::server_error : fault::none;
            deliver(k, pick(d.requests.size()), f);
        } else if (roll < 90) {
            d.fire_timers();
        } else if (roll < 95) {
            if (!d.m.conflicts.empty()) d.dispatch(cc::conflict_resolved{d.m.conflicts[pick(d.m.conflicts.size())].id, pick(2) == 0});
        } else {
            for (const auto& e : d.m.journal)
                if (e.state == cc::op_state::rejected) {
                    const std::string id = e.op.id;
                    if (pick(2)) { d.discarded.insert(id); d.dispatch(cc::rejected_discarded{id}); }
                    else { d.discarded.insert(id); d.dispatch(cc::rejected_retried{id}); }
                    break;
                }
        }
    }

    bool drain() {
        return drain_all(devices, [&](std::size_t k, std::size_t i) { deliver(k, i, fault::none); }, [&] { return store->server_version(); });
    }
};

// Every client the server has, as it sends them, every op id it applied (with repeats: each
// entry of each client's log), and the history entry each op id made (the last one seen).
void server_state(world& w, std::map<std::string, json>& clients, std::multiset<std::string>& applied,
                  std::map<std::string, json>& entries) {
    std::int64_t since = 0;
    for (;;) {
        cc::server::pull_request p;
        p.since = since;
        p.limit = 2000;
        json page = w.sync->pull(p).parsed();
        for (const auto& ch : page["changes"]) clients[ch["client"]["id"]] = ch["client"];
        since = page["cursor"];
        if (!page["has_more"].get<bool>()) break;
    }
    // The logs, page by page (a pull from 0 carries none), as an admin reads them.
    const cc::server::user reader{"Anna", cc::server::user_role::admin};
    for (const auto& [id, c] : clients) {
        std::int64_t before = 0;
        for (;;) {
            json log = json::parse(w.sync->history(reader, {id, before, 200}).body);
            for (const auto& h : log["entries"]) {
                applied.insert(h["op_id"].get<std::string>());
                entries[h["op_id"]] = h;
            }
            if (log["next_before"].is_null()) break;
            before = log["next_before"];
        }
    }
}

std::string check_schedule(std::uint64_t seed, std::size_t steps) {
    world w(seed);
    for (std::size_t s = 0; s < steps; ++s) w.random_step();
    if (!w.drain()) return "did not settle";
    if (!w.violations.empty()) return "the hostile device got through: " + w.violations.front();
    std::map<std::string, json> clients;
    std::multiset<std::string> applied;
    std::map<std::string, json> entries;
    server_state(w, clients, applied, entries);
    for (const auto& id : applied)
        if (applied.count(id) != 1) return "op " + id + " applied " + std::to_string(applied.count(id)) + " times";
    // Reasons that would mean someone else took an honest op's id, device or client id.
    static const std::set<std::string> not_their_own = {"err.device_foreign", "err.op_id_mismatch", "err.op_id_reused",
                                                        "err.client_id_foreign", "err.client_exists", "err.bad_request"};
    for (std::size_t k = 0; k < w.devices.size(); ++k) {
        auto& d = w.devices[k];
        for (const auto& id : d.made) {
            auto it = entries.find(id);
            if (it == entries.end()) continue;
            // Applied under this id: it must be this device's op, made by this device's user.
            if (it->second["device"] != d.name || it->second["actor"] != w.users[k].name)
                return "op " + id + " of " + d.name + " was applied as " + it->second.dump();
        }
        for (const auto& e : d.m.journal)
            if (e.state == cc::op_state::rejected && not_their_own.count(e.reason.code))
                return d.name + " op " + e.op.id + " rejected for someone else's reason: " + e.reason.code;
        if (!d.m.signed_in) return d.name + " was signed out (" + d.m.sync_message + ")";
    }
    for (auto& d : w.devices) {
        std::size_t seen = 0;
        bool same = true;
        std::string diff;
        d.m.store.for_each([&](const cc::client& c) {
            ++seen;
            auto it = clients.find(c.id);
            if (it == clients.end()) { same = false; diff = "extra client " + c.id; return; }
            const json mine = c;
            if (mine != it->second) { same = false; diff = c.id + ": device " + mine.dump() + " server " + it->second.dump(); }
        });
        if (!same) return d.name + " differs: " + diff;
        if (seen != clients.size()) return d.name + " has " + std::to_string(seen) + " clients, server " + std::to_string(clients.size());
        for (const auto& id : d.made) {
            if (applied.count(id)) continue;
            const bool rejected_visible = std::any_of(d.m.journal.begin(), d.m.journal.end(), [&](const cc::journal_entry& e) {
                return e.op.id == id && e.state == cc::op_state::rejected;
            });
            if (!rejected_visible && !d.discarded.count(id)) return d.name + " lost op " + id;
        }
        if (d.has_outstanding_ops()) return d.name + " still has ops to send";
    }
    return "";
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

}  // namespace

TEST_CASE("random offline edits on three devices, lost and failed messages, a hostile user: all converge, no op lost, taken or applied twice") {
    const std::uint64_t schedules = env_or("CC_SCHEDULES", 1000);
    const std::uint64_t seed = env_or("CC_SEED", static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) % 1000000007ull);
    std::cout << "convergence: seed " << seed << ", " << schedules << " schedules (replay: CC_SEED=" << seed << ")" << std::endl;
    std::size_t conflicts = 0, rejected = 0, failures = 0, attacks = 0;
    for (std::uint64_t s = 0; s < schedules; ++s) {
        const std::string problem = check_schedule(seed + s, 60);
        if (!problem.empty()) {
            ++failures;
            if (failures <= 3) FAIL_CHECK("schedule seed " << (seed + s) << ": " << problem);
        }
    }
    CHECK(failures == 0);
    // The schedules must really collide, or the test proves nothing: count what they produced.
    for (std::uint64_t s = 0; s < 50; ++s) {
        world w(seed + s);
        for (int i = 0; i < 60; ++i) w.random_step();
        w.drain();
        for (auto& d : w.devices) {
            conflicts += d.m.conflicts.size();
            rejected += cc::rejected_count(d.m);
        }
        attacks += w.attacks;
    }
    std::cout << "convergence: in 50 schedules, " << conflicts << " conflicts offered, " << rejected
              << " rejected ops kept, " << attacks << " hostile attempts refused" << std::endl;
    CHECK(conflicts > 0);
    CHECK(rejected > 0);
    CHECK(attacks > 50);
}
