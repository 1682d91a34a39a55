// sim_device.hpp — a simulated device for sync tests: the real core (cc::update) with a host
// that keeps "IndexedDB" in a map, holds HTTP requests until the test delivers, loses or fails
// them, and fires timers when the schedule says. The transport is the test's business.
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/app.hpp"
#include "core/codec.hpp"

namespace cc_test {

struct sim_device {
    std::string name;
    cc::model m;
    std::map<std::string, std::string> disk;
    std::vector<cc::http_request> requests;  // sent by the core, not answered yet
    std::set<std::string> timers;            // started, not fired yet
    std::set<std::string> made;              // every op id this device journaled
    std::set<std::string> discarded;         // rejected op ids the user discarded
    std::int64_t now = 1700000000000;
    std::mt19937_64 rng{1};

    void dispatch(cc::action first) {
        std::deque<cc::action> queue{std::move(first)};
        while (!queue.empty()) {
            cc::action a = std::move(queue.front());
            queue.pop_front();
            const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
            auto res = cc::update(std::move(m), a, cc::context{now++, r});
            m = std::move(res.next);
            for (auto& e : res.effects) {
                if (auto* w = std::get_if<cc::write_files>(&e)) {
                    for (auto& [p, c] : w->writes) disk[p] = c;
                    for (auto& p : w->removes) disk.erase(p);
                    queue.push_back(cc::storage_written{w->upto_seq, true, ""});
                } else if (auto* h = std::get_if<cc::http_request>(&e)) {
                    requests.push_back(*h);
                } else if (auto* t = std::get_if<cc::start_timer>(&e)) {
                    timers.insert(t->name);
                }
            }
            for (const auto& j : m.journal) made.insert(j.op.id);
        }
    }

    void boot(const std::string& device_id) {
        dispatch(cc::token_entered{"token"});
        dispatch(cc::storage_loaded{disk, device_id});
    }

    // Removes and returns request `i`.
    cc::http_request take(std::size_t i) {
        cc::http_request r = requests[i];
        requests.erase(requests.begin() + static_cast<std::ptrdiff_t>(i));
        return r;
    }

    void fire_timers() {
        const auto names = timers;
        timers.clear();
        for (const auto& t : names) dispatch(cc::timer_fired{t});
    }

    bool has_outstanding_ops() const {
        return std::any_of(m.journal.begin(), m.journal.end(), [](const cc::journal_entry& e) {
            return e.state == cc::op_state::pending || e.state == cc::op_state::sent;
        });
    }
    bool has_request_besides_long_poll() const {
        return std::any_of(requests.begin(), requests.end(), [](const cc::http_request& r) { return r.tag != "pull_wait"; });
    }

    std::vector<std::string> visible_ids() const {
        std::vector<std::string> ids;
        m.store.for_each([&](const cc::client& c) {
            if (!c.deleted) ids.push_back(c.id);
        });
        std::sort(ids.begin(), ids.end());
        return ids;
    }
};

// The query parameters of a pull URL ("/api/v1/pull?since=3&limit=1000&device=d").
inline std::map<std::string, std::string> query_of(const std::string& url) {
    std::map<std::string, std::string> out;
    const auto q = url.find('?');
    if (q == std::string::npos) return out;
    std::size_t i = q + 1;
    while (i < url.size()) {
        std::size_t amp = url.find('&', i);
        if (amp == std::string::npos) amp = url.size();
        const std::string kv = url.substr(i, amp - i);
        const auto eq = kv.find('=');
        if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
        i = amp + 1;
    }
    return out;
}

// The network heals: delivers every request until nobody has anything left to say. `deliver(k,
// i)` hands request i of device k to the server, faultless; `newest()` is the server's version.
// A long poll is answered only when there is something new, as a real server would.
template <class Deliver, class Newest>
bool drain_all(std::vector<sim_device>& devices, Deliver deliver, Newest newest) {
    for (int round = 0; round < 400; ++round) {
        bool busy = false;
        const std::int64_t top = newest();
        for (std::size_t k = 0; k < devices.size(); ++k) {
            auto& d = devices[k];
            d.fire_timers();
            while (d.has_request_besides_long_poll()) {
                for (std::size_t i = 0; i < d.requests.size(); ++i)
                    if (d.requests[i].tag != "pull_wait") { deliver(k, i); break; }
                busy = true;
            }
            for (std::size_t i = 0; i < d.requests.size(); ++i)
                if (d.requests[i].tag == "pull_wait" && d.m.server_version < top) {
                    deliver(k, i);
                    busy = true;
                    break;
                }
            busy = busy || d.has_outstanding_ops() || d.m.server_version < top;
            if (d.has_outstanding_ops() && d.requests.empty() && d.timers.empty()) d.dispatch(cc::timer_fired{"sync_retry"});
        }
        if (!busy) return true;
    }
    return false;
}

// A random edit such as managers make: often the same few fields and list elements, so that
// devices collide. Some are refused by the core (a duplicate tag): those never reach the journal.
inline void random_edit(sim_device& d) {
    auto& rng = d.rng;
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    static const char* names[] = {"Иван Петров", "Ivan Petrov", "Анна", "Boris", "Вера Сидорова"};
    static const char* cities[] = {"Казань", "Omsk", "Тверь", "London"};
    static const char* tags[] = {"vip", "горячий", "lead", "оптовик"};
    static const char* keys[] = {"Источник", "Тариф"};
    const auto ids = d.visible_ids();
    if (ids.empty() || pick(10) == 0) {
        d.dispatch(cc::client_created{names[pick(5)], "new"});
        return;
    }
    const std::string id = ids[pick(ids.size())];
    const cc::client* c = d.m.store.find(id);
    cc::json payload;
    std::string kind;
    switch (pick(9)) {
        case 0: kind = "client.set"; payload = {{"name", names[pick(5)]}}; break;
        case 1: kind = "client.set"; payload = {{"city", cities[pick(4)]}, {"vip", pick(2) == 0}}; break;
        case 2:
            kind = "item.add";
            payload = {{"list", "phones"}, {"item", {{"type", "mobile"}, {"raw", "+7 912 000 00 " + std::to_string(10 + pick(80))}}}};
            break;
        case 3:
            if (c->phones.empty()) return;
            kind = "item.update";
            payload = {{"list", "phones"}, {"id", c->phones[pick(c->phones.size())].id}, {"item", {{"type", pick(2) ? "work" : "home"}}}};
            break;
        case 4:
            if (c->phones.empty()) return;
            kind = "item.remove";
            payload = {{"list", "phones"}, {"id", c->phones[pick(c->phones.size())].id}};
            break;
        case 5: kind = "tag.add"; payload = {{"tag", tags[pick(4)]}}; break;
        case 6:
            if (c->tags.empty()) return;
            kind = "tag.remove";
            payload = {{"tag", c->tags[pick(c->tags.size())]}};
            break;
        case 7: kind = "custom.set"; payload = {{"key", keys[pick(2)]}, {"value", std::to_string(pick(100))}}; break;
        default: kind = "client.delete"; payload = cc::json::object(); break;
    }
    d.dispatch(cc::edit_requested{id, kind, payload, "sim"});
}

}  // namespace cc_test
