// The store read index-first (core/storage.hpp, core/app/storage.cpp [SECTION] shards): index.bin
// draws the list and search before any shard is decoded; shards are decoded when a client is
// needed or in the background. These tests check what a user notices: the same clients and search
// results as decoding everything, damaged files reported and never overwritten, and every saved
// edit still there after a kill in the middle of a base rewrite.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"

using namespace cc;

#include "fake_host.hpp"

namespace {

// [SECTION] random clients ---------------------------------------------------------------------
const char* const sample_first_names[] = {"Ivan", "Anna", "Пётр", "Алёна", "John", "Мария", "Olga", "Семён", "Li", "Ёжик"};
const char* const sample_last_names[] = {"Petrov", "Smith", "Соколова", "Фёдоров", "O'Neil", "Кузнецов", "Brown", "Lee"};
const char* const tags[] = {"vip", "опт", "school", "Курс-2", "shop"};
const char* const sample_companies[] = {"", "", "Acme", "ООО Ромашка", "GetCourse", "Leeloo"};

json random_client(std::mt19937& rng, int i) {
    auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
    char id[32];
    std::snprintf(id, sizeof id, "c-%05d", i);
    json c = {{"id", id}, {"name", std::string(pick(sample_first_names)) + " " + pick(sample_last_names)}, {"company", pick(sample_companies)}};
    if (rng() % 3 != 0) {
        char e164[24];
        std::snprintf(e164, sizeof e164, "+7912%07u", static_cast<unsigned>(rng() % 10000000));
        c["phones"] = json::array({{{"id", "p1"}, {"type", "mobile"}, {"raw", e164}, {"e164", e164}}});
    }
    if (rng() % 2) c["emails"] = json::array({{{"id", "e1"}, {"address", std::string(id) + "@mail.example"}}});
    if (rng() % 2) c["tags"] = json::array({pick(tags)});
    if (rng() % 10 == 0) c["vip"] = true;
    if (rng() % 25 == 0 && i >= 20) c["deleted"] = true;  // the first ones stay editable
    return c;
}

std::string pull_of(const std::vector<json>& changes, std::int64_t last_version) {
    return json{{"schema", 1}, {"changes", changes}, {"cursor", last_version}, {"has_more", false},
                {"total", changes.size()}, {"server_version", last_version}}.dump();
}

// A card that pulled `n` random clients (every 7th with a task) and wrote them.
fake_host pulled_card(std::uint32_t seed, int n) {
    std::mt19937 rng(seed);
    fake_host h;
    h.boot();
    h.settle();
    std::vector<json> changes;
    std::int64_t v = 0;
    for (int i = 0; i < n; ++i) {
        json c = random_client(rng, i);
        changes.push_back({{"version", ++v}, {"client", c}, {"history", json::array()}});
        if (i % 7 == 0)
            changes.push_back({{"version", ++v},
                               {"record", {{"kind", "task"}, {"id", "task:x:" + std::to_string(i)}, {"client_id", c["id"]},
                                           {"fields", {{"title", i % 2 ? "Invoice Ёлка" : "Call back"}, {"status", "open"}}},
                                           {"version", v}}},
                               {"history", json::array()}});
    }
    h.take(request_id::pull);
    h.dispatch(fetch_done{request_id::pull, 200, pull_of(changes, v)});
    h.settle();
    return h;
}

// The reference: every shard on disk decoded, the search index built from it straight.
search_index reference_index(const std::map<std::string, std::string>& disk) {
    auto d = decode_storage(disk);
    REQUIRE(std::holds_alternative<stored_state>(d));
    auto& st = std::get<stored_state>(d);
    client_store store;
    store.base = st.base;
    for (auto& r : st.records) store.put_base_record(r);
    search_index ix;
    for (const auto& [id, c] : store.base) {
        std::vector<const record*> recs;
        if (auto it = store.record_ids.find(id); it != store.record_ids.end())
            for (const auto& rid : it->second) recs.push_back(store.find_record(rid));
        index_put(ix, c, recs);
    }
    index_sort(ix);
    return ix;
}

std::vector<std::string> ids_of(const search_index& ix, const std::vector<std::uint32_t>& hits) {
    std::vector<std::string> out;
    for (auto i : hits) out.push_back(ix.entries[i].id);
    return out;
}

void run_shard_steps(fake_host& h) { h.decode_background(); }

std::size_t shards_on(const std::map<std::string, std::string>& disk) {
    return static_cast<std::size_t>(std::count_if(disk.begin(), disk.end(), [](const auto& f) {
        return f.first.rfind("shards/", 0) == 0;
    }));
}

}  // namespace

// [SECTION] index.bin --------------------------------------------------------------------------
TEST_CASE("index.bin: what is encoded decodes the same; any damage or truncation is refused") {
    std::vector<index_record> recs;
    recs.push_back({search_entry{"c1", "ivan", "ivan\nacme", "9123456789", false}, index_row{"Ivan", "+7 912 345-67-89", true}});
    recs.push_back({search_entry{"c2", "алёна", "алена", "", true}, index_row{"Алёна", "", false}});
    const std::string bytes = encode_index(recs);
    auto back = decode_index(bytes);
    REQUIRE(back.has_value());
    REQUIRE(back->size() == 2);
    CHECK((*back)[0].entry.text == "ivan\nacme");
    CHECK((*back)[0].row.vip);
    CHECK((*back)[1].entry.deleted);
    CHECK((*back)[1].row.name == "Алёна");
    // The sort key: taken from the text's first line when it is that, else stored (c2: ё folded
    // in the text only, as a test of the stored form).
    CHECK((*back)[0].entry.sort_key == "ivan");
    CHECK((*back)[1].entry.sort_key == "алёна");
    CHECK((*back)[1].entry.text == "алена");
    for (std::size_t cut = 0; cut < bytes.size(); cut += 7) CHECK_FALSE(decode_index(bytes.substr(0, cut)).has_value());
    for (std::size_t at = 0; at < bytes.size(); at += 5) {
        std::string bad = bytes;
        bad[at] = static_cast<char>(bad[at] ^ 0x5a);
        CHECK_FALSE(decode_index(bad).has_value());
    }
}

TEST_CASE("index.bin: long strings keep their length, and a format-1 file of the previous build is read") {
    const std::string long_text = "ivan\n" + std::string(300, 'x') + "\n" + std::string(20000, 'y');
    std::vector<index_record> recs;
    recs.push_back({search_entry{"c1", "ivan", long_text, "", false}, index_row{"Ivan", std::string(130, 'd'), false}});
    auto back = decode_index(encode_index(recs));
    REQUIRE(back.has_value());
    CHECK((*back)[0].entry.text == long_text);
    CHECK((*back)[0].row.detail == std::string(130, 'd'));

    // Format 1, written byte by byte as that build did: u32 lengths, the sort key always there.
    auto u32 = [](std::string& out, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    };
    std::string body;
    body.push_back(static_cast<char>(shard_of("c9")));
    body.push_back(static_cast<char>(2));  // vip
    for (std::string f : {"c9", "петрова анна", "петрова анна\nanna@mail.ru", "9123456789", "Петрова Анна", "anna@mail.ru"}) {
        u32(body, static_cast<std::uint32_t>(f.size()));
        body += f;
    }
    std::uint32_t sum = 2166136261u;
    for (unsigned char c : body) { sum ^= c; sum *= 16777619u; }
    std::string file = "CCIX";
    u32(file, 1);
    u32(file, 1);
    u32(file, sum);
    u32(file, static_cast<std::uint32_t>(body.size()));
    u32(file, 0);
    file += body;
    auto old = decode_index(file);
    REQUIRE(old.has_value());
    REQUIRE(old->size() == 1);
    CHECK((*old)[0].entry.sort_key == "петрова анна");
    CHECK((*old)[0].entry.digits == "9123456789");
    CHECK((*old)[0].row.name == "Петрова Анна");
    CHECK((*old)[0].row.vip);
    // A format newer than this build's is refused like damage (meta.json's schema says why).
    std::string newer = encode_index(recs);
    newer[4] = static_cast<char>(index_format_version + 1);
    CHECK_FALSE(decode_index(newer).has_value());
}

// [SECTION] same clients and results as decoding everything --------------------------------------
TEST_CASE("a reload from index.bin lists and finds the same clients as decoding every shard (random)") {
    const std::uint32_t seed = std::random_device{}();
    MESSAGE("seed " << seed);  // a failure repeats with this seed
    fake_host h = pulled_card(seed, 300);
    REQUIRE(h.disk.count("index.bin"));
    REQUIRE(shards_on(h.disk) > 10);
    const search_index ref = reference_index(h.disk);

    fake_host reload;
    reload.disk = h.disk;
    reload.boot_index_only();
    REQUIRE(reload.m.loading == load_state::ready);
    CHECK_FALSE(reload.m.storage_error.has_value());
    // Nothing was needed yet: every shard waits as text, the list comes from the index.
    CHECK(reload.m.shard_text.size() == shards_on(h.disk));
    CHECK(reload.m.store.size() == 0);

    std::mt19937 rng(seed);
    std::vector<std::string> queries = {"", "ivan", "ПЁТР", "петр", "алена", "acme", "ромашка", "912", "+7 912",
                                        "8 912", "mail.example", "vip", "invoice", "ёлка", "call back", "o'neil", "zzz"};
    for (int i = 0; i < 30; ++i) {
        const auto& e = ref.entries[rng() % ref.entries.size()];
        queries.push_back(e.sort_key.substr(0, 1 + rng() % 6));
        if (!e.digits.empty()) queries.push_back(e.digits.substr(rng() % 4, 3 + rng() % 5));
    }
    auto same_results = [&](const model& m) {
        for (const auto& q : queries) {
            INFO("query: " << q);
            CHECK(ids_of(m.index, search(m.index, q)) == ids_of(ref, search(ref, q)));
        }
    };
    same_results(reload.m);

    // The rows the list draws before any shard is decoded: the same names.
    for (const auto& [id, row] : reload.m.rows) CHECK(row.name == h.m.store.find(id)->name);

    // Opening a card decodes its shard only; its client is whole.
    const std::string some = ref.entries[ref.by_name[ref.by_name.size() / 2]].id;
    reload.dispatch(client_selected{some});
    REQUIRE(reload.m.store.find(some) != nullptr);
    CHECK(json(*reload.m.store.find(some)) == json(*h.m.store.find(some)));
    CHECK(reload.m.shard_text.size() == shards_on(h.disk) - 1);

    // The background steps decode the rest; nothing changes in what is found.
    run_shard_steps(reload);
    CHECK(reload.m.shard_text.empty());
    CHECK(reload.m.rows.empty());
    CHECK(reload.m.store.size() == h.m.store.size());
    h.m.store.for_each([&](const client& c) {
        REQUIRE(reload.m.store.find(c.id) != nullptr);
        CHECK(json(*reload.m.store.find(c.id)) == json(c));
    });
    same_results(reload.m);
}

TEST_CASE("a client whose shard is not decoded yet can be edited, pulled and its log asked for") {
    fake_host h = pulled_card(7, 120);
    fake_host r;
    r.disk = h.disk;
    r.boot_index_only();
    REQUIRE(r.m.store.size() == 0);
    // An edit: the shard is decoded first, the edit applies on the whole client.
    const std::string a = "c-00003";
    r.dispatch(edit_requested{a, "tag.add", {{"tag", "new-tag"}}, "tags", ""});
    REQUIRE(r.m.store.find(a) != nullptr);
    CHECK(r.m.store.find(a)->tags.back() == "new-tag");
    CHECK(r.m.store.find(a)->name == h.m.store.find(a)->name);
    // A pull of another client waiting in its shard: the shard's other clients stay.
    const std::string b = "c-00010";
    REQUIRE(shard_of(b) != shard_of(a));
    json changed = json(*h.m.store.find(b));
    changed["city"] = "Kazan";
    r.take(request_id::pull);
    r.dispatch(fetch_done{request_id::pull, 200,
                          pull_of({{{"version", 1000}, {"client", changed}, {"history", json::array()}}}, 1000)});
    r.settle();
    CHECK(r.m.store.find(b)->city == "Kazan");
    // The shard written back holds every client it had.
    fake_host again;
    again.disk = r.disk;
    again.boot();
    run_shard_steps(again);
    CHECK(again.m.store.size() == h.m.store.size());
    CHECK(again.m.store.find(b)->city == "Kazan");
    CHECK(again.m.store.find(a)->tags.back() == "new-tag");
}

// [SECTION] damaged files ----------------------------------------------------------------------
TEST_CASE("a damaged or truncated index is reported; the shards still give every client; nothing is written") {
    fake_host h = pulled_card(11, 80);
    for (int how = 0; how < 2; ++how) {
        fake_host r;
        r.disk = h.disk;
        std::string& ix = r.disk["index.bin"];
        if (how == 0) ix.resize(ix.size() / 2);
        else ix[ix.size() - 3] = static_cast<char>(ix[ix.size() - 3] ^ 1);
        const auto before = r.disk;
        r.boot();
        REQUIRE(r.m.storage_error.has_value());
        CHECK(r.m.storage_error->code == "err.storage_damaged");
        CHECK(r.m.storage_error->detail == "index.bin");
        CHECK(r.m.store.size() == h.m.store.size());  // decoded from the shards instead
        r.dispatch(edit_requested{"c-00001", "tag.add", {{"tag", "x"}}, "tags", ""});
        r.settle();
        CHECK(r.disk == before);
    }
}

TEST_CASE("a damaged shard is reported when it is decoded, and nothing is overwritten") {
    fake_host h = pulled_card(13, 80);
    fake_host r;
    r.disk = h.disk;
    const std::string victim = "c-00005";
    std::string& shard = r.disk[shard_path(shard_of(victim))];
    shard.resize(shard.size() - 10);
    const auto before = r.disk;
    r.boot_index_only();
    CHECK_FALSE(r.m.storage_error.has_value());       // the index drew the list
    CHECK_FALSE(r.m.results.empty());
    r.dispatch(client_selected{victim});
    REQUIRE(r.m.storage_error.has_value());
    CHECK(r.m.storage_error->code == "err.storage_damaged");
    CHECK(r.m.storage_error->detail == shard_path(shard_of(victim)));
    r.dispatch(edit_requested{"c-00001", "tag.add", {{"tag", "x"}}, "tags", ""});
    run_shard_steps(r);
    r.settle();
    CHECK(r.disk == before);
}

// [SECTION] a kill in the middle of a base rewrite ------------------------------------------------
TEST_CASE("a kill after the shards but before the small files are durable loses no saved edit") {
    fake_host h = pulled_card(17, 60);
    // Two edits, saved (their syncfs called back).
    h.dispatch(edit_requested{"c-00002", "client.set", {{"city", "Omsk"}}, "city", ""});
    h.settle();
    h.dispatch(edit_requested{"c-00004", "tag.add", {{"tag", "saved"}}, "tags", ""});
    h.settle();
    // The server confirms the first; the pull rewrites its shard and drops its journal entry.
    // The host writes the base mount first: the kill comes after the shards, before the rest.
    json c2 = json(*h.m.store.find("c-00002"));
    const journal_entry first = h.m.journal.front();
    const std::int64_t v = h.m.server_version + 1;
    json hist = json::array({{{"op_id", first.op.id}, {"actor", "me"}, {"at", 1}, {"kind", "client.set"},
                              {"changes", json::array()}, {"device", h.m.device}, {"version", v}}});
    const request_id waiting = h.has(request_id::pull) ? request_id::pull : request_id::pull_wait;
    h.take(waiting);
    h.dispatch(fetch_done{waiting, 200, pull_of({{{"version", v}, {"client", c2}, {"history", hist}}}, v)});
    REQUIRE(!h.in_flight.empty());
    write_files w = h.in_flight.front();
    bool shards_first = true, seen_other = false;
    for (const auto& [path, data] : w.writes) {
        const bool shard = path.rfind("shards/", 0) == 0;
        if (shard && seen_other) shards_first = false;
        if (!shard) seen_other = true;
    }
    CHECK(shards_first);
    std::map<std::string, std::string> disk = h.disk;
    for (const auto& [path, data] : w.writes)
        if (path.rfind("shards/", 0) == 0) disk[path] = data;  // then the page is killed

    fake_host r;
    r.disk = disk;
    r.boot();
    run_shard_steps(r);
    CHECK_FALSE(r.m.storage_error.has_value());
    CHECK(r.m.store.find("c-00002")->city == "Omsk");
    CHECK(r.m.store.find("c-00004")->tags.back() == "saved");
}

// [SECTION] shards that come after the first frame ------------------------------------------------
TEST_CASE("the list is drawn before the shards arrive; an edit made meanwhile waits for them") {
    fake_host h = pulled_card(19, 50);
    fake_host r;
    std::map<std::string, std::string> small, base;
    for (const auto& [p, t] : h.disk) (p.rfind("shards/", 0) == 0 ? base : small)[p] = t;
    r.dispatch(token_entered{"token"});
    storage_loaded first{small, "dev-1"};
    first.shards_follow = true;
    r.dispatch(first);
    CHECK(r.m.loading == load_state::ready);
    CHECK(r.m.results.size() == h.m.index.by_name.size());
    CHECK(r.in_flight.empty());                       // nothing written before the base is read
    CHECK(r.tagged(request_id::pull).empty());        // nor pulled
    r.dispatch(edit_requested{"c-00001", "tag.add", {{"tag", "early"}}, "tags", ""});
    CHECK(r.in_flight.empty());
    r.dispatch(shards_loaded{base});
    REQUIRE(r.m.store.find("c-00001") != nullptr);
    CHECK(r.m.store.find("c-00001")->tags.back() == "early");
    CHECK_FALSE(r.in_flight.empty());
    CHECK_FALSE(r.tagged(request_id::pull).empty());
}
