// fuzz_pull_page — feeds pull answers (the body of GET /api/v1/pull) to the card exactly as the
// host delivers them: update() with fetch_done{request_id::pull, 200, body} on a model that was
// loaded from stored files (base clients with history, journal entries pending, sent, confirmed
// and rejected) and has that pull in flight. on_pull in core/app/sync.cpp reads the page.
//
// Each input is also delivered as the body of a failed pull (status 503), which the card reads
// for its error code.
//
// Checks: nothing crashes; a failed pull says why and changes no client; a page the card
// refuses changes no client and says err.bad_server_data (or err.schema_unsupported); a page it
// takes makes the card write files that load again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"

namespace {

using cc::json;

void must(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_pull_page: %s\n", what);
    std::abort();
}

struct start {
    cc::model m;                                // a pull is in flight
    std::map<std::string, std::string> disk;    // what IndexedDB holds
};

cc::journal_entry entry(const char* client_id, std::int64_t seq, const char* kind, json payload,
                        cc::op_state state, std::int64_t version = 0) {
    cc::journal_entry e;
    e.op.id = std::string("dev-a:") + std::to_string(seq);
    e.op.device = "dev-a";
    e.op.seq = seq;
    e.op.client_id = client_id;
    e.op.kind = kind;
    e.op.payload = std::move(payload);
    e.op.actor = "Anna";
    e.op.at = 1700000200000 + seq;
    e.base_version = 3;
    e.state = state;
    e.version = version;
    if (state == cc::op_state::rejected) e.reason = cc::error{"err.forbidden", "", kind};
    return e;
}

void carry_out(start& s, std::vector<cc::effect> effects) {
    for (auto& fx : effects)
        if (auto* w = std::get_if<cc::write_files>(&fx)) {
            for (auto& [p, c] : w->writes) s.disk[p] = c;
            for (auto& p : w->removes) s.disk.erase(p);
            auto r = cc::update(std::move(s.m), cc::storage_written{w->upto_seq, true, ""}, {1700000300000, 0.5});
            s.m = std::move(r.next);
            carry_out(s, std::move(r.effects));
        }
}

// Built once: stored files as core writes them, loaded through the real start-up path.
const start& started() {
    static const start s = [] {
        start s;
        cc::client_store store;
        for (const char* id : {"c1", "c2", "c3"}) {
            cc::client c = json{{"id", id}, {"name", std::string("Client ") + id}, {"city", "Kazan"},
                                {"phones", {{{"id", "p1"}, {"type", "mobile"}, {"raw", "+7 912 345-67-89"}, {"e164", "+79123456789"}}}},
                                {"tags", {"vip"}}, {"created_at", 1700000000000}, {"updated_at", 1700000000000}}
                               .get<cc::client>();
            store.base[id] = c;
            store.base_history[id] = json::array({{{"op_id", "dev-b:1"}, {"actor", "Boris"}, {"at", 1700000000000},
                                                   {"kind", "client.create"}, {"changes", json::array()},
                                                   {"device", "dev-b"}, {"version", 1}, {"payload", {{"name", c.name}}}}})
                                         .get<std::vector<cc::activity_entry>>();
        }
        std::set<int> shards;
        for (const auto& [id, c] : store.base) shards.insert(cc::shard_of(id));
        for (auto& [p, c] : cc::encode_shards(store, shards)) s.disk[p] = c;
        s.disk[cc::meta_path] = cc::encode_meta({"dev-a", 5, 3, "en"});
        for (const auto& e : {entry("c1", 1, "client.set", {{"name", "Ivan"}}, cc::op_state::confirmed, 4),
                              entry("c2", 2, "tag.add", {{"tag", "b2b"}}, cc::op_state::rejected),
                              entry("c1", 3, "item.add", {{"list", "emails"}, {"item", {{"address", "ivan@example.com"}}}}, cc::op_state::sent),
                              entry("c3", 4, "custom.set", {{"key", "source"}, {"value", "fair"}}, cc::op_state::pending)})
            s.disk[cc::journal_path(e.op.seq)] = cc::encode_journal_entry(e);

        auto r = cc::update(std::move(s.m), cc::token_entered{"token"}, {1700000300000, 0.5});
        s.m = std::move(r.next);
        r = cc::update(std::move(s.m), cc::storage_loaded{s.disk, "dev-a", true, "tab-1"}, {1700000300000, 0.5});
        s.m = std::move(r.next);
        must(s.m.loading == cc::load_state::ready, "the starting files must load");
        carry_out(s, std::move(r.effects));
        must(s.m.journal.size() == 4, "the starting model has its journal");
        return s;
    }();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const start& s = started();
    std::string body(reinterpret_cast<const char*>(data), size);

    // The same text as an error answer ({"error": {"code", "message"}}): the card reads its code.
    {
        auto failed = cc::update(s.m, cc::fetch_done{cc::request_id::pull, 503, body}, {1700000400000, 0.5});
        must(!failed.next.sync_message.empty(), "a failed pull says why");
        must(failed.next.store.base.size() == s.m.store.base.size(), "a failed pull changes no client");
    }

    auto r = cc::update(s.m, cc::fetch_done{cc::request_id::pull, 200, std::move(body)}, {1700000400000, 0.5});
    const cc::model& m = r.next;

    const bool refused = m.sync_message == "err.bad_server_data" || m.sync_message == "err.schema_unsupported";
    if (refused) {
        must(m.store.base.size() == s.m.store.base.size() && m.server_version == s.m.server_version,
             "a refused page changes nothing");
        return 0;
    }
    // Taken: what the card now writes must load at the next start. Stored files are decoded
    // one by one (the ones not rewritten loaded at the start), so only the new ones are read.
    std::map<std::string, std::string> written;
    for (auto& fx : r.effects)
        if (auto* w = std::get_if<cc::write_files>(&fx))
            for (auto& [p, c] : w->writes) written[p] = c;
    auto again = cc::decode_storage(written);
    must(std::holds_alternative<cc::stored_state>(again), "a page the card took must leave files that load again");
    return 0;
}
