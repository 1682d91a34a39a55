// fake_host.hpp — a host for core tests: a std::map stands in for IDBFS, so tests can reload the
// card from exactly what it wrote, fail a write, answer requests, or lose them.
#pragma once
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "core/app.hpp"

namespace cc::testing {

struct fake_host {
    model m;
    std::map<std::string, std::string> disk;      // what "IndexedDB" holds after syncfs
    std::vector<write_files> in_flight;           // writes not yet called back
    std::vector<http_request> requests;
    std::vector<open_link> links;
    std::vector<start_timer> timers;
    std::vector<forward_edit> forwards;
    std::vector<forward_answer> answers;
    std::vector<set_token> tokens;
    std::vector<notify> notifications;            // browser notifications asked for
    int viewer_offset_min = 0;                    // the viewer's UTC offset the host reports
    std::vector<pick_file> picks;
    std::vector<media_control> media;
    std::vector<download_file> downloads;
    double random = 0.5;
    std::int64_t now = 1700000000000;

    void dispatch(const action& a) {
        auto r = update(std::move(m), a, context{now++, random, viewer_offset_min});
        m = std::move(r.next);
        for (auto& e : r.effects) {
            if (auto* w = std::get_if<write_files>(&e)) in_flight.push_back(*w);
            else if (auto* h = std::get_if<http_request>(&e)) requests.push_back(*h);
            else if (auto* l = std::get_if<open_link>(&e)) links.push_back(*l);
            else if (auto* t = std::get_if<start_timer>(&e)) timers.push_back(*t);
            else if (auto* f = std::get_if<forward_edit>(&e)) forwards.push_back(*f);
            else if (auto* an = std::get_if<forward_answer>(&e)) answers.push_back(*an);
            else if (auto* k = std::get_if<set_token>(&e)) tokens.push_back(*k);
            else if (auto* n = std::get_if<notify>(&e)) notifications.push_back(*n);
            else if (auto* p = std::get_if<pick_file>(&e)) picks.push_back(*p);
            else if (auto* mc = std::get_if<media_control>(&e)) media.push_back(*mc);
            else if (auto* d = std::get_if<download_file>(&e)) downloads.push_back(*d);
        }
    }
    // Completes the oldest write: ok puts its files on "disk", otherwise the disk is full.
    void finish_write(bool ok = true) {
        REQUIRE(!in_flight.empty());
        write_files w = in_flight.front();
        in_flight.erase(in_flight.begin());
        if (ok) {
            for (auto& [p, c] : w.writes) disk[p] = c;
            for (auto& p : w.removes) disk.erase(p);
        }
        dispatch(storage_written{w.upto_seq, ok, ok ? "" : "err.storage_full"});
    }
    void settle() { while (!in_flight.empty()) finish_write(); }
    // Loads the store as the browser host does, then lets the background decoding of the shards
    // run to its end (the host answers each shard_step timer between frames).
    void boot(std::string device = "dev-1") {
        boot_index_only(std::move(device));
        decode_background();
    }
    // Only the load: the list and search from index.bin, the shards still waiting as text.
    void boot_index_only(std::string device = "dev-1") {
        dispatch(token_entered{"token"});
        dispatch(storage_loaded{disk, std::move(device)});
    }
    void decode_background() {
        for (int i = 0; i < 1000 && !index_tokenized(m.index); ++i) dispatch(timer_fired{timer_id::index_step});
        for (int i = 0; i < 1000 && !m.shard_text.empty(); ++i) dispatch(timer_fired{timer_id::shard_step});
    }
    // Removes and returns the oldest request with `id` not yet answered.
    http_request take(request_id id) {
        for (auto it = requests.begin(); it != requests.end(); ++it)
            if (it->id == id) {
                http_request r = *it;
                requests.erase(it);
                return r;
            }
        FAIL("no request with id " << static_cast<int>(id));
        return {};
    }
    bool has(request_id id) const {
        for (const auto& r : requests)
            if (r.id == id) return true;
        return false;
    }
    std::vector<http_request> tagged(request_id id) const {
        std::vector<http_request> out;
        for (const auto& r : requests)
            if (r.id == id) out.push_back(r);
        return out;
    }
};


// One page of a pull answer holding `changes`, the last one (has_more false), at `cursor`.
inline json one_pull_page(const json& changes, std::int64_t cursor) {
    return json{{"schema", 1}, {"changes", changes}, {"cursor", cursor}, {"has_more", false},
                {"total", changes.size()}, {"server_version", cursor}};
}

}  // namespace cc::testing

using cc::testing::fake_host;
using cc::testing::one_pull_page;
