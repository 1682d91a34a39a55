// snapshot_test.cpp — the first download as one streamed snapshot (core/app/snapshot.cpp), driven
// through the fake host against a small fake server: snapshot + delta pulls from its version end
// in the same model as paged pulls from 0 (randomized, the seed printed); a truncated snapshot or
// a malformed line is reported, nothing of it is stored as complete, and the card falls back to
// paged pulls; edits made while it streams survive.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"

using namespace cc;

namespace {

// [SECTION] a fake server: rows by version, pages and snapshots of them ------------------------

struct snap_fake_server {
    struct row { std::int64_t version; bool is_record; json value; };
    std::map<std::string, row> rows;  // "client:<id>" / "record:<id>" -> its newest state
    std::int64_t version = 0;

    void put_client(json c) {
        const std::string key = "client:" + c["id"].get<std::string>();
        rows[key] = row{++version, false, std::move(c)};
    }
    void put_record(json r) {
        const std::string key = "record:" + r["id"].get<std::string>();
        r["version"] = version + 1;
        rows[key] = row{++version, true, std::move(r)};
    }
    std::vector<const row*> after(std::int64_t since) const {
        std::vector<const row*> out;
        for (const auto& [k, r] : rows)
            if (r.version > since) out.push_back(&r);
        std::sort(out.begin(), out.end(), [](const row* a, const row* b) { return a->version < b->version; });
        return out;
    }
    static json change_of(const row& r) {
        return json{{"version", r.version}, {r.is_record ? "record" : "client", r.value}, {"history", json::array()}};
    }
    std::string page(std::int64_t since, std::int64_t limit) const {
        auto all = after(since);
        json changes = json::array();
        for (std::size_t i = 0; i < all.size() && static_cast<std::int64_t>(i) < limit; ++i) changes.push_back(change_of(*all[i]));
        const std::int64_t cursor = changes.empty() ? std::max(since, version) : changes.back()["version"].get<std::int64_t>();
        return json{{"schema", 1}, {"changes", changes}, {"cursor", cursor},
                    {"has_more", static_cast<std::int64_t>(all.size()) > limit}, {"total", all.size()},
                    {"server_version", version}}.dump();
    }
    // The snapshot's lines as the server sends them (header, one per row, end).
    std::vector<std::string> snapshot_lines() const {
        std::vector<std::string> out;
        auto all = after(0);
        std::int64_t clients = 0, records = 0;
        for (const row* r : all) (r->is_record ? records : clients) += 1;
        out.push_back(json{{"snapshot", 1}, {"schema", 1}, {"version", version}, {"clients", clients},
                           {"records", records}, {"bytes", 0}}.dump());
        for (const row* r : all) out.push_back(json{{"version", r->version}, {r->is_record ? "record" : "client", r->value}}.dump());
        out.push_back(json{{"end", true}, {"cursor", version}, {"count", all.size()}}.dump());
        return out;
    }
};

std::int64_t snap_url_param(const std::string& url, const std::string& name, std::int64_t fallback) {
    const std::string key = name + "=";
    auto at = url.find(key);
    if (at == std::string::npos) return fallback;
    return std::stoll(url.substr(at + key.size()));
}

// Answers the card's paged pulls (not the long poll) until it asks for none.
void snap_serve_pulls(fake_host& h, const snap_fake_server& s) {
    for (int i = 0; i < 1000 && h.has(request_id::pull); ++i) {
        http_request r = h.take(request_id::pull);
        h.dispatch(fetch_done{request_id::pull, 200,
                              s.page(snap_url_param(r.url, "since", 0), snap_url_param(r.url, "limit", 1000))});
        h.settle();
    }
}

// Hands `lines` [from, to) over as the host would: batches of whole lines, newline-terminated.
void snap_stream(fake_host& h, const std::vector<std::string>& lines, std::size_t from, std::size_t to,
                 std::mt19937& rng, std::int64_t& bytes) {
    while (from < to) {
        const std::size_t n = std::min<std::size_t>(to - from, 1 + rng() % 40);
        std::string batch;
        for (std::size_t i = from; i < from + n; ++i) batch += lines[i] + "\n";
        bytes += static_cast<std::int64_t>(batch.size());
        h.dispatch(stream_chunk{request_id::snapshot, batch, bytes});
        from += n;
    }
}

const char* const snap_names[] = {"Ivan", "Anna", "Пётр", "Алёна", "John", "Мария", "Olga", "Семён", "Ёжик"};
const char* const snap_surnames[] = {"Petrov", "Smith", "Соколова", "Фёдоров", "O'Neil", "Кузнецов"};

json snap_random_client(std::mt19937& rng, int i) {
    char id[32];
    std::snprintf(id, sizeof id, "c-%05d", i);
    json c = {{"id", id}, {"name", std::string(snap_names[rng() % 9]) + " " + snap_surnames[rng() % 6]}};
    if (rng() % 2) c["company"] = rng() % 2 ? "Acme" : "ООО Ромашка";
    if (rng() % 3 == 0) c["tags"] = json::array({"vip"});
    if (rng() % 30 == 0 && i > 5) c["deleted"] = true;
    return c;
}

json snap_task(const json& client, int n) {
    return json{{"kind", "task"}, {"id", "task:x:" + client["id"].get<std::string>() + ":" + std::to_string(n)},
                {"client_id", client["id"]}, {"fields", {{"title", n % 2 ? "Call back" : "Счёт"}, {"status", "open"}}}};
}

// A card that signs in on an empty store; with `snapshot`, the server offers snapshots.
fake_host snap_fresh_card(bool snapshot, const std::string& device = "dev-1") {
    fake_host h;
    h.dispatch(server_configured{"", "me", snapshot});
    h.boot(device);
    h.settle();
    if (h.has(request_id::me)) h.take(request_id::me);
    return h;
}

std::vector<std::string> snap_result_ids(const model& m) {
    std::vector<std::string> out;
    for (auto i : m.results) out.push_back(m.index.entries[i].id);
    return out;
}

void snap_check_same_state(const model& a, const model& b, const snap_fake_server& s) {
    CHECK(a.server_version == s.version);
    CHECK(b.server_version == s.version);
    for (const auto& [row_key, r] : s.rows) {
        const std::string key = row_key;  // (clang 14 cannot capture a structured binding in INFO)
        INFO(key);
        if (r.is_record) {
            const record* x = a.store.find_record(r.value["id"]);
            const record* y = b.store.find_record(r.value["id"]);
            REQUIRE(x);
            REQUIRE(y);
            CHECK(json(*x) == json(*y));
        } else {
            const client* x = a.store.find(r.value["id"]);
            const client* y = b.store.find(r.value["id"]);
            REQUIRE(x);
            REQUIRE(y);
            CHECK(json(*x) == json(*y));
        }
    }
    CHECK(a.store.base.size() == b.store.base.size());
    CHECK(a.store.record_base.size() == b.store.record_base.size());
    CHECK(snap_result_ids(a) == snap_result_ids(b));
}

std::size_t snap_shards_on(const std::map<std::string, std::string>& disk) {
    return static_cast<std::size_t>(std::count_if(disk.begin(), disk.end(), [](const auto& f) {
        return f.first.rfind("shards/", 0) == 0;
    }));
}

snap_fake_server snap_random_server(std::mt19937& rng, int n) {
    snap_fake_server s;
    for (int i = 0; i < n; ++i) {
        json c = snap_random_client(rng, i);
        s.put_client(c);
        if (rng() % 4 == 0) s.put_record(snap_task(c, static_cast<int>(rng() % 3)));
    }
    // Some clients change again: their versions move past later ones.
    for (int k = 0; k < n / 5; ++k) {
        json c = s.rows["client:" + snap_random_client(rng, static_cast<int>(rng() % n))["id"].get<std::string>()].value;
        c["city"] = "Kazan " + std::to_string(k);
        s.put_client(c);
    }
    return s;
}

}  // namespace

// [SECTION] convergence --------------------------------------------------------------------------

TEST_CASE("snapshot: snapshot + delta pulls from its version end in the same state as paged pulls from 0") {
    const std::uint32_t seed = std::random_device{}();
    MESSAGE("seed " << seed);
    for (int round = 0; round < 4; ++round) {
        std::mt19937 rng(seed + static_cast<std::uint32_t>(round));
        const int n = 40 + static_cast<int>(rng() % 400);
        snap_fake_server s = snap_random_server(rng, n);

        fake_host a = snap_fresh_card(true);
        REQUIRE(a.has(request_id::snapshot));
        CHECK_FALSE(a.has(request_id::pull));
        const http_request ask = a.take(request_id::snapshot);
        CHECK(ask.stream);
        CHECK(ask.url.find("/api/v1/snapshot?device=dev-1") != std::string::npos);
        const std::vector<std::string> lines = s.snapshot_lines();
        const std::size_t half = 1 + rng() % (lines.size() - 1);
        std::int64_t bytes = 0;
        snap_stream(a, lines, 0, half, rng, bytes);
        CHECK(a.m.snapshot.active);
        CHECK(a.m.snapshot.bytes == bytes);
        CHECK(a.m.server_version == 0);  // nothing is complete before the end line
        a.settle();
        CHECK(snap_shards_on(a.disk) == 0);  // and nothing of it is written yet
        // The server moves on while the rest streams (the snapshot is one consistent read).
        for (int k = 0; k < 5; ++k) {
            json c = snap_random_client(rng, n + k);
            s.put_client(c);
            json old = s.rows["client:c-00001"].value;
            old["name"] = "Changed " + std::to_string(k);
            s.put_client(old);
        }
        snap_stream(a, lines, half, lines.size(), rng, bytes);
        a.dispatch(stream_done{request_id::snapshot, 200, ""});
        CHECK_FALSE(a.m.snapshot.active);
        CHECK(a.m.sync_message.empty());
        // Written in one go: every shard, index.bin, the cursor.
        REQUIRE(a.in_flight.size() == 1);
        CHECK(snap_shards_on(std::map<std::string, std::string>(a.in_flight[0].writes.begin(), a.in_flight[0].writes.end())) > 0);
        a.settle();
        // Then the deltas from the snapshot's version.
        REQUIRE(a.has(request_id::pull));
        CHECK(a.tagged(request_id::pull)[0].url.find("since=" + std::to_string(json::parse(lines.front())["version"].get<std::int64_t>())) !=
              std::string::npos);
        snap_serve_pulls(a, s);
        CHECK(a.has(request_id::pull_wait));

        fake_host b = snap_fresh_card(false, "dev-2");
        CHECK_FALSE(b.has(request_id::snapshot));
        snap_serve_pulls(b, s);
        snap_check_same_state(a.m, b.m, s);

        // What was written is the whole store: a reload shows every client.
        fake_host reloaded;
        reloaded.disk = a.disk;
        reloaded.boot("dev-1");
        CHECK(reloaded.m.server_version == s.version);
        snap_check_same_state(reloaded.m, b.m, s);
    }
}

// [SECTION] the list while lines come ------------------------------------------------------------

TEST_CASE("snapshot: the list grows while lines come, never shows a client twice, and ends whole and in name order") {
    std::mt19937 rng(23);
    snap_fake_server s = snap_random_server(rng, 600);
    const std::vector<std::string> lines = s.snapshot_lines();
    fake_host h = snap_fresh_card(true);
    h.take(request_id::snapshot);
    std::int64_t bytes = 0;
    std::size_t shown_before = 0, growths = 0;
    for (std::size_t from = 0; from < lines.size() - 1; from += 25) {
        h.now += 300;  // a frame's batch after another, past the re-sort interval
        snap_stream(h, lines, from, std::min(from + 25, lines.size() - 1), rng, bytes);
        const auto ids = snap_result_ids(h.m);
        CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
        CHECK(ids.size() >= shown_before);  // what was shown stays
        if (ids.size() > shown_before) ++growths;
        shown_before = ids.size();
    }
    CHECK(growths >= 4);  // it filled in steps, not only at the end
    snap_stream(h, lines, lines.size() - 1, lines.size(), rng, bytes);
    h.dispatch(stream_done{request_id::snapshot, 200, ""});
    // Every live client, in the order paged pulls give.
    fake_host b = snap_fresh_card(false, "dev-2");
    snap_serve_pulls(b, s);
    CHECK(snap_result_ids(h.m) == snap_result_ids(b.m));
    std::size_t live = 0;
    for (const auto& [key, r] : s.rows) live += !r.is_record && !r.value.value("deleted", false);
    CHECK(h.m.results.size() == live);
}

TEST_CASE("snapshot: a search typed while lines come finds clients by the tasks that came, before the end") {
    std::mt19937 rng(29);
    snap_fake_server s = snap_random_server(rng, 300);
    const std::vector<std::string> lines = s.snapshot_lines();
    fake_host h = snap_fresh_card(true);
    h.take(request_id::snapshot);
    h.dispatch(query_changed{"call back"});
    std::int64_t bytes = 0;
    for (std::size_t from = 0; from < lines.size() - 1; from += 30) {
        h.now += 300;  // one batch a frame, each past the re-sort interval
        std::string batch;
        for (std::size_t i = from; i < std::min(from + 30, lines.size() - 1); ++i) batch += lines[i] + "\n";
        bytes += static_cast<std::int64_t>(batch.size());
        h.dispatch(stream_chunk{request_id::snapshot, batch, bytes});
    }
    const auto before_end = snap_result_ids(h.m);
    CHECK_FALSE(before_end.empty());
    snap_stream(h, lines, lines.size() - 1, lines.size(), rng, bytes);
    h.dispatch(stream_done{request_id::snapshot, 200, ""});
    CHECK(snap_result_ids(h.m) == before_end);
}

// [SECTION] failures: truncated, malformed, refused ---------------------------------------------

TEST_CASE("snapshot: a truncated or malformed one is reported, nothing is stored as complete, paged pulls follow") {
    std::mt19937 rng(7);
    snap_fake_server s = snap_random_server(rng, 120);
    std::vector<std::string> lines = s.snapshot_lines();
    fake_host h = snap_fresh_card(true);
    h.take(request_id::snapshot);
    std::int64_t bytes = 0;

    SUBCASE("the stream ends before its end line") {
        snap_stream(h, lines, 0, lines.size() - 1, rng, bytes);
        CHECK(h.m.store.base.size() > 0);  // shown while it came
        h.dispatch(stream_done{request_id::snapshot, 200, ""});
    }
    SUBCASE("the connection breaks in the middle") {
        snap_stream(h, lines, 0, lines.size() / 2, rng, bytes);
        h.dispatch(stream_done{request_id::snapshot, 0, ""});
    }
    SUBCASE("a line that is not JSON") {
        std::vector<std::string> broken = lines;
        broken[broken.size() / 2] = "{\"version\":5,\"client\":{\"id\":";
        snap_stream(h, broken, 0, broken.size(), rng, bytes);
        h.dispatch(stream_done{request_id::snapshot, 200, ""});
    }
    SUBCASE("an end line that does not count what came") {
        lines.erase(lines.begin() + 3);
        snap_stream(h, lines, 0, lines.size(), rng, bytes);
        h.dispatch(stream_done{request_id::snapshot, 200, ""});
    }
    SUBCASE("a change that is not a client") {
        lines.insert(lines.begin() + 2, R"({"version":3,"client":{"name":"no id"}})");
        snap_stream(h, lines, 0, lines.size(), rng, bytes);
        h.dispatch(stream_done{request_id::snapshot, 200, ""});
    }
    CHECK(h.m.sync_message == "err.snapshot_failed");
    CHECK(h.m.snapshot.failed);
    CHECK(h.m.server_version == 0);
    CHECK(h.m.store.base.empty());  // what it had applied is gone
    CHECK(h.m.results.empty());
    h.settle();
    CHECK(snap_shards_on(h.disk) == 0);
    CHECK(h.disk.count(index_path) == 0);
    // A reload now would start from nothing (and ask for the snapshot again).
    {
        fake_host reloaded;
        reloaded.disk = h.disk;
        reloaded.dispatch(server_configured{"", "me", true});
        reloaded.boot("dev-1");
        CHECK(reloaded.m.store.base.empty());
        CHECK(reloaded.has(request_id::snapshot));
    }
    // After the backoff: paged pulls from 0, and every client comes.
    h.dispatch(timer_fired{timer_id::sync_retry});
    CHECK_FALSE(h.has(request_id::snapshot));
    snap_serve_pulls(h, s);
    CHECK(h.m.server_version == s.version);
    CHECK(h.m.sync_message.empty());
    for (const auto& [key, r] : s.rows)
        if (!r.is_record) CHECK(h.m.store.find(r.value["id"]) != nullptr);
}

TEST_CASE("snapshot: a server without it (404) gets paged pulls at once; 401 asks for sign-in as a pull does") {
    SUBCASE("404") {
        fake_host h = snap_fresh_card(true);
        h.take(request_id::snapshot);
        h.dispatch(stream_done{request_id::snapshot, 404, R"({"error":{"code":"err.not_found","message":"no"}})"});
        CHECK(h.m.sync_message.empty());
        CHECK(h.has(request_id::pull));
    }
    SUBCASE("401") {
        fake_host h = snap_fresh_card(true);
        h.take(request_id::snapshot);
        h.dispatch(stream_done{request_id::snapshot, 401, R"({"error":{"code":"err.unauthorized","message":"no"}})"});
        CHECK(h.m.sync_message == "err.unauthorized");
        CHECK_FALSE(h.m.signed_in);
        CHECK_FALSE(h.has(request_id::pull));
    }
    SUBCASE("offline before it started: tried again as a snapshot") {
        fake_host h = snap_fresh_card(true);
        h.take(request_id::snapshot);
        h.dispatch(stream_done{request_id::snapshot, 0, ""});
        CHECK(h.m.sync == sync_state::offline);
        h.dispatch(timer_fired{timer_id::sync_retry});
        CHECK(h.has(request_id::snapshot));
    }
}

// [SECTION] edits while it streams -------------------------------------------------------------

TEST_CASE("snapshot: edits made while it streams are saved at once and survive its end or its failure") {
    std::mt19937 rng(11);
    snap_fake_server s = snap_random_server(rng, 80);
    const std::vector<std::string> lines = s.snapshot_lines();
    fake_host h = snap_fresh_card(true);
    h.take(request_id::snapshot);
    std::int64_t bytes = 0;
    snap_stream(h, lines, 0, lines.size() / 2, rng, bytes);
    REQUIRE(h.m.store.find("c-00000") != nullptr);
    h.dispatch(edit_requested{"c-00000", "client.set", {{"name", "Edited While Coming"}}, "name"});
    h.dispatch(client_created{"Made While Coming", "new"});
    h.settle();
    CHECK(h.disk.count(journal_path(1)) == 1);  // saved, though the snapshot is not done
    CHECK(h.disk.count(journal_path(2)) == 1);
    CHECK(snap_shards_on(h.disk) == 0);

    SUBCASE("it completes") {
        snap_stream(h, lines, lines.size() / 2, lines.size(), rng, bytes);
        h.dispatch(stream_done{request_id::snapshot, 200, ""});
        h.settle();
    }
    SUBCASE("it fails, paged pulls follow") {
        h.dispatch(stream_done{request_id::snapshot, 0, ""});
        h.settle();
        h.dispatch(timer_fired{timer_id::sync_retry});
        snap_serve_pulls(h, s);
    }
    CHECK(h.m.store.find("c-00000")->name == "Edited While Coming");
    CHECK(h.m.journal.size() == 2);
    bool made = false;
    for (const auto& e : h.m.index.entries) made = made || e.id.rfind("c:", 0) == 0;
    CHECK(made);
    // And after a reload, from the disk alone.
    fake_host reloaded;
    reloaded.disk = h.disk;
    reloaded.boot("dev-1");
    REQUIRE(reloaded.m.store.find("c-00000") != nullptr);
    CHECK(reloaded.m.store.find("c-00000")->name == "Edited While Coming");
    CHECK(reloaded.m.journal.size() == 2);
}
