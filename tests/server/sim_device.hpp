// sim_device.hpp — a simulated device for sync tests: the real core (cc::update) with a host
// that keeps "IndexedDB" in a map, holds HTTP requests until the test delivers, loses or fails
// them, and fires timers when the schedule says. The transport is the test's business.
// hostile_device is another user's program that reads what pulls show and tries to take, replay
// and overwrite the honest devices' ids.
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
    std::set<cc::timer_id> timers;           // started, not fired yet
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
                    timers.insert(t->id);
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
        const auto ids = timers;
        timers.clear();
        for (const auto t : ids) dispatch(cc::timer_fired{t});
    }

    bool has_outstanding_ops() const {
        return std::any_of(m.journal.begin(), m.journal.end(), [](const cc::journal_entry& e) {
            return e.state == cc::op_state::pending || e.state == cc::op_state::sent;
        });
    }
    bool has_request_besides_long_poll() const {
        return std::any_of(requests.begin(), requests.end(), [](const cc::http_request& r) { return !r.long_poll; });
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
                    if (!d.requests[i].long_poll) { deliver(k, i); break; }
                busy = true;
            }
            for (std::size_t i = 0; i < d.requests.size(); ++i)
                if (d.requests[i].long_poll && d.m.server_version < top) {
                    deliver(k, i);
                    busy = true;
                    break;
                }
            busy = busy || d.has_outstanding_ops() || d.m.server_version < top;
            if (d.has_outstanding_ops() && d.requests.empty() && d.timers.empty()) d.dispatch(cc::timer_fired{cc::timer_id::sync_retry});
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

// Another user's program, not a card: it learns device ids and op ids only from what its pulls
// show (as a real attacker would: device ids are random, so a device's id is seen only after
// its first push, which made it its owner's), then replays those ops, sends them again with
// other content, takes the seqs their devices will use next, names its ops with their ids,
// creates clients under the ids their next creates will use, and pulls as their devices.
// Every attack says what must come of it; the test delivers it and checks.
struct hostile_device {
    std::string device = "evil";
    std::int64_t next_seq = 1;
    std::mt19937_64 rng{7};
    std::int64_t since = 0;                      // its own pull cursor
    std::vector<cc::json> seen;                  // honest ops rebuilt from history entries
    std::map<std::string, std::int64_t> top_seq; // a device seen in history -> its highest seq seen
    std::set<std::string> clients;               // client ids seen

    enum class expect { forbidden, rejected_each };
    struct attack {
        std::string what;
        bool is_pull = false;
        std::string batch_device;   // push: the batch's device; pull: the device asked about
        cc::json ops = cc::json::array();
        expect outcome = expect::forbidden;
    };

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }

    // Reads a pull page: ops of other devices, their seqs, the clients.
    void learn(const cc::json& page) {
        for (const auto& ch : page["changes"]) {
            const std::string client_id = ch["client"]["id"];
            clients.insert(client_id);
            for (const auto& h : ch["history"]) {
                const std::string dev = h.value("device", std::string());
                const std::string id = h.value("op_id", std::string());
                const auto colon = id.rfind(':');
                if (dev.empty() || dev == device || dev == "import" || colon == std::string::npos) continue;
                const std::int64_t seq = std::stoll(id.substr(colon + 1));
                top_seq[dev] = std::max(top_seq[dev], seq);
                seen.push_back({{"id", id}, {"device", dev}, {"seq", seq}, {"client_id", client_id},
                                {"kind", h["kind"]}, {"payload", h.value("payload", cc::json::object())},
                                {"actor", "evil"}, {"at", h.value("at", std::int64_t{0})}});
            }
        }
        since = std::max<std::int64_t>(since, page.value("cursor", std::int64_t{0}));
    }

    bool ready() const { return !seen.empty(); }

    cc::json own_op(const std::string& id, const std::string& client_id, const std::string& kind, cc::json payload) {
        const std::int64_t seq = next_seq++;
        return {{"id", id.empty() ? device + ":" + std::to_string(seq) : id}, {"device", device}, {"seq", seq},
                {"client_id", client_id}, {"kind", kind}, {"payload", std::move(payload)}, {"actor", "evil"},
                {"at", 1700000000000}};
    }

    // One attack on what it has seen (call only when ready()).
    attack next() {
        const cc::json victim = seen[pick(seen.size())];
        const std::string dev = victim["device"];
        const std::int64_t top = top_seq[dev];
        const std::string some_client = *std::next(clients.begin(), static_cast<std::ptrdiff_t>(pick(clients.size())));
        attack a;
        switch (pick(7)) {
            case 0:  // the same op again, as its device
                a.what = "replay " + victim["id"].get<std::string>();
                a.batch_device = dev;
                a.ops.push_back(victim);
                break;
            case 1: {  // the same id with other content, as its device
                cc::json changed = victim;
                changed["kind"] = "client.set";
                changed["payload"] = {{"name", "Захвачено"}};
                a.what = "overwrite " + victim["id"].get<std::string>();
                a.batch_device = dev;
                a.ops.push_back(changed);
                break;
            }
            case 2:  // the seqs its device will use next, and one far ahead
                a.what = "take the next seqs of " + dev;
                a.batch_device = dev;
                for (std::int64_t s : {top + 1, top + 2, top + 3, std::int64_t{100000000000000000}})
                    a.ops.push_back({{"id", dev + ":" + std::to_string(s)}, {"device", dev}, {"seq", s},
                                     {"client_id", some_client}, {"kind", "client.set"},
                                     {"payload", {{"note", "evil"}}}, {"at", 1700000000000}});
                break;
            case 3:  // its own batch, ops named with the victim's next ids
                a.what = "own device, ids of " + dev;
                a.batch_device = device;
                a.outcome = expect::rejected_each;
                for (std::int64_t s = top + 1; s <= top + 3; ++s)
                    a.ops.push_back(own_op(dev + ":" + std::to_string(s), some_client, "client.set", {{"note", "evil"}}));
                break;
            case 4: {  // its own batch, an op that says it is the victim's device's
                a.what = "own batch, op of " + dev;
                a.batch_device = device;
                a.outcome = expect::rejected_each;
                cc::json o = victim;
                o["id"] = dev + ":" + std::to_string(top + 1);
                o["seq"] = top + 1;
                a.ops.push_back(o);
                break;
            }
            case 5:  // the client id the victim's next create will take ("c:<op id>")
                a.what = "create the next client of " + dev;
                a.batch_device = device;
                a.outcome = expect::rejected_each;
                for (std::int64_t s = top + 1; s <= top + 2; ++s)
                    a.ops.push_back(own_op("", "c:" + dev + ":" + std::to_string(s), "client.create", {{"name", "Захват"}}));
                break;
            default:  // pull as the victim's device: its device_seq is not ours to see or pin
                a.what = "pull as " + dev;
                a.is_pull = true;
                a.batch_device = dev;
                break;
        }
        return a;
    }
};

}  // namespace cc_test
