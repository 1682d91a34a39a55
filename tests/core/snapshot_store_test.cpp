// snapshot_store_test.cpp — the store written at the end of a first download: the shards are
// written as text straight from the structs (write_json, encode_shards) and must be the very
// bytes the json documents gave before, so the loader of every build reads them; randomized
// (the seed printed), with the awkward strings (quotes, control characters, Cyrillic, emoji).
#include <doctest/doctest.h>

#include <random>

#include "core/codec.hpp"
#include "core/storage.hpp"

using namespace cc;

namespace {

// [SECTION] the reference: the shards as documents, dumped (the encoder before this one) -------

std::map<std::string, std::string> snapstore_reference_shards(const client_store& store, const std::set<int>& shards) {
    std::map<int, json> docs;
    for (int s : shards)
        docs[s] = json{{"schema", store_schema_version}, {"clients", json::array()}, {"history", json::object()},
                       {"records", json::array()}};
    for (const auto& [id, c] : store.base) {
        auto it = docs.find(shard_of(id));
        if (it == docs.end()) continue;
        it->second["clients"].push_back(c);
        if (auto h = store.base_history.find(id); h != store.base_history.end() && !h->second.empty())
            it->second["history"][id] = h->second;
    }
    for (const auto& [id, r] : store.record_base)
        if (auto it = docs.find(shard_of(r.client_id)); it != docs.end()) it->second["records"].push_back(r);
    std::map<std::string, std::string> out;
    for (auto& [s, doc] : docs) out[shard_path(s)] = doc.dump();
    return out;
}

// [SECTION] random clients, records and log entries --------------------------------------------

std::string snapstore_text(std::mt19937& rng) {
    static const char* const pieces[] = {"Ivan", "Пётр", "ё", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak",
                                         "\x01\x1f", "😀", "O'Neil", "", " ", "/", "\x7f", "ООО «Ромашка»"};
    std::string s;
    const int n = static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    return s;
}

client snapstore_client(std::mt19937& rng, int i) {
    client c;
    c.id = "c-" + std::to_string(i) + snapstore_text(rng);
    c.name = snapstore_text(rng);
    c.nickname = snapstore_text(rng);
    c.gender = static_cast<gender>(rng() % 3);
    c.gender_set_by_hand = rng() % 2;
    c.city = snapstore_text(rng);
    c.company = snapstore_text(rng);
    c.note = snapstore_text(rng);
    c.spammer = rng() % 5 == 0;
    c.vip = rng() % 3 == 0;
    for (int k = static_cast<int>(rng() % 3); k > 0; --k)
        c.phones.push_back(phone{"p" + std::to_string(k), static_cast<phone_type>(rng() % 6), snapstore_text(rng),
                                 "+7912" + std::to_string(rng() % 10000000), rng() % 2 ? "12" : ""});
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) c.emails.push_back(email{"e" + std::to_string(k), snapstore_text(rng)});
    if (rng() % 3 == 0) c.sites.push_back(site{"s1", "https://x.example/" + snapstore_text(rng)});
    if (rng() % 3 == 0) c.socials.push_back(social_profile{"so1", "vk", snapstore_text(rng)});
    if (rng() % 3 == 0) c.channels.push_back(channel{"ch1", "telegram", snapstore_text(rng), rng() % 2 == 0});
    if (rng() % 3 == 0) c.addresses.push_back(address{"a1", static_cast<address_type>(rng() % 4), snapstore_text(rng)});
    if (rng() % 3 == 0) c.external_ids.push_back(external_id{"x1", "amo", snapstore_text(rng)});
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) c.tags.push_back(snapstore_text(rng) + std::to_string(k));
    for (int k = static_cast<int>(rng() % 3); k > 0; --k) c.custom[snapstore_text(rng) + std::to_string(k)] = snapstore_text(rng);
    c.created_at = static_cast<std::int64_t>(rng()) * 1000 - (rng() % 2 ? 0 : 5'000'000'000'000);
    c.updated_at = c.created_at + rng() % 100000;
    c.deleted = rng() % 10 == 0;
    return c;
}

record snapstore_record(std::mt19937& rng, const std::string& client_id, int k) {
    record r;
    r.kind = rng() % 2 ? "task" : "comment";
    r.id = r.kind + ":dev:" + std::to_string(k);
    r.client_id = client_id;
    r.fields = json{{"title", snapstore_text(rng)}, {"due_at", static_cast<std::int64_t>(rng())}, {"done", rng() % 2 == 0},
                    {"links", json::array({snapstore_text(rng), 1.5, nullptr})},
                    {"nested", {{snapstore_text(rng), -static_cast<std::int64_t>(rng())}, {"b", json::array({true, 2.25e-7, json::object()})}}},
                    {"big", (std::uint64_t{1} << 63) + rng()}, {"empty", json::array()}};
    r.created_by = snapstore_text(rng);
    r.created_at = rng();
    r.updated_at = rng();
    r.updated_by = "Anna";
    r.version = rng() % 1000;
    r.deleted = rng() % 7 == 0;
    return r;
}

activity_entry snapstore_entry(std::mt19937& rng, int k) {
    activity_entry e;
    e.op_id = "dev:" + std::to_string(k);
    e.actor = snapstore_text(rng);
    e.at = rng();
    e.kind = "client.set";
    if (rng() % 2) e.record_id = "task:dev:" + std::to_string(k);
    e.changes.push_back(field_change{"name", snapstore_text(rng), snapstore_text(rng)});
    e.device = "dev";
    e.version = rng() % 1000;
    e.payload = json{{"name", snapstore_text(rng)}, {"n", static_cast<std::int64_t>(rng()) - 1000}, {"no", nullptr},
                     {"items", json::array({json{{"id", "p1"}, {"raw", snapstore_text(rng)}}})}};
    return e;
}

}  // namespace

// [SECTION] the same bytes ---------------------------------------------------------------------

TEST_CASE("snapshot store: clients, records and log entries written straight are json(x).dump() byte for byte") {
    const std::uint32_t seed = std::random_device{}();
    MESSAGE("seed " << seed);
    std::mt19937 rng(seed);
    for (int i = 0; i < 300; ++i) {
        const client c = snapstore_client(rng, i);
        std::string text;
        write_json(text, c);
        CHECK(text == json(c).dump());
        const record r = snapstore_record(rng, c.id, i);
        text.clear();
        write_json(text, r);
        CHECK(text == json(r).dump());
        const activity_entry e = snapstore_entry(rng, i);
        text = "prefix";
        write_json(text, e);
        CHECK(text == "prefix" + json(e).dump());
    }
}

TEST_CASE("snapshot store: every shard is the text the documents gave, and reads back") {
    const std::uint32_t seed = std::random_device{}();
    MESSAGE("seed " << seed);
    std::mt19937 rng(seed);
    client_store store;
    for (int i = 0; i < 400; ++i) {
        client c = snapstore_client(rng, i);
        if (rng() % 3 == 0)
            for (int k = static_cast<int>(rng() % 3) + 1; k > 0; --k) store.put_base_record(snapstore_record(rng, c.id, i * 10 + k));
        if (rng() % 4 == 0) store.base_history[c.id] = {snapstore_entry(rng, i), snapstore_entry(rng, i + 1000)};
        if (rng() % 9 == 0) store.base_history[c.id];  // an empty log is left out
        store.base[c.id] = std::move(c);
    }
    std::set<int> all, some{0, 5, 63};
    for (int s = 0; s < shard_count; ++s) all.insert(s);
    for (const auto* wanted : {&all, &some}) {
        const auto reference = snapstore_reference_shards(store, *wanted);
        const auto written = encode_shards(store, *wanted);
        REQUIRE(written.size() == reference.size());
        for (const auto& [shard_file, text] : written) {
            const std::string path = shard_file;  // (clang 14 cannot capture a structured binding in INFO)
            INFO(path);
            REQUIRE(reference.count(path) == 1);
            CHECK(text == reference.at(path));
        }
    }
    // What the loader makes of them is the store.
    stored_state st;
    for (const auto& [path, text] : encode_shards(store, all)) REQUIRE_FALSE(decode_shard(path, text, st).has_value());
    CHECK(st.base.size() == store.base.size());
    for (const auto& [id, c] : store.base) CHECK(json(st.base.at(id)) == json(c));
    CHECK(st.records.size() == store.record_base.size());
    for (const auto& [id, h] : store.base_history)
        if (!h.empty()) CHECK(json(st.base_history.at(id)) == json(h));
}

TEST_CASE("snapshot store: a string that is not UTF-8 is refused as dump() refuses it") {
    client c;
    c.id = "c-1";
    c.name = "broken \xff name";
    std::string text;
    CHECK_THROWS_AS(write_json(text, c), json::type_error);
    CHECK_THROWS_AS(json(c).dump(), json::type_error);
}
