// storage_test.cpp — a damaged or tampered IndexedDB: the card says which file is damaged and
// writes nothing, whatever the file holds (cases found by tests/fuzz/fuzz_storage).
#include <doctest/doctest.h>

#include <string>

#include "core/storage.hpp"
#include "fake_host.hpp"

namespace {

const char* good_meta = R"({"schema":1,"device":"dev-a","next_seq":3,"server_version":2,"locale":"en"})";

// Boots a card on `files` and checks it refused them as damaged, naming `path`, and left the
// disk as it was.
void check_damaged(const std::map<std::string, std::string>& files, const std::string& path) {
    fake_host h;
    h.disk = files;
    h.boot();
    CHECK(h.m.loading == cc::load_state::failed);
    REQUIRE(h.m.storage_error);
    CHECK(h.m.storage_error->code == "err.storage_damaged");
    CHECK(h.m.storage_error->detail == path);
    h.dispatch(cc::client_created{"X", "new"});
    CHECK(h.in_flight.empty());
    CHECK(h.disk == files);
}

std::string journal_file(const std::string& seq) {
    return R"({"schema":1,"entry":{"op":{"id":"dev-a:1","device":"dev-a","seq":)" + seq +
           R"(,"client_id":"c1","kind":"tag.add","payload":{"tag":"x"},"actor":"Anna","at":1},)"
           R"("base_version":0,"state":"pending","version":0,"origin":""}})";
}

}  // namespace

TEST_CASE("a stored number of the wrong type or out of range is a damaged file, not a crash") {
    SUBCASE("schema as a string") {
        check_damaged({{"meta.json", R"({"schema":"1","device":"dev-a"})"}}, "meta.json");
    }
    SUBCASE("schema as a huge float") {
        check_damaged({{"meta.json", R"({"schema":1e300,"device":"dev-a"})"}}, "meta.json");
    }
    SUBCASE("next_seq as a huge float") {
        check_damaged({{"meta.json", R"({"schema":1,"device":"dev-a","next_seq":1e300})"}}, "meta.json");
    }
    SUBCASE("a negative server version") {
        check_damaged({{"meta.json", R"({"schema":1,"device":"dev-a","server_version":-5})"}}, "meta.json");
    }
    SUBCASE("a journal seq so large the next seq would overflow") {
        check_damaged({{"meta.json", good_meta}, {"journal/000000000001.json", journal_file("9223372036854775807")}},
                      "journal/000000000001.json");
    }
    SUBCASE("a journal seq of 0") {
        check_damaged({{"meta.json", good_meta}, {"journal/000000000001.json", journal_file("0")}},
                      "journal/000000000001.json");
    }
}

TEST_CASE("a stored file nested 200,000 levels deep is damaged, not a stack overflow") {
    const std::size_t depth = 200000;
    const std::string shard = R"({"schema":1,"clients":[],"history":{"c1":)" + std::string(depth, '[') +
                              std::string(depth, ']') + "}}";
    check_damaged({{"meta.json", good_meta}, {"base/07.json", shard}}, "base/07.json");
}

TEST_CASE("a store within the bounds still loads: files as the card writes them") {
    fake_host h;
    h.disk["meta.json"] = good_meta;
    h.disk["journal/000000000002.json"] = journal_file("2");
    h.boot();
    CHECK(h.m.loading == cc::load_state::ready);
    CHECK(h.m.journal.size() == 1);
    CHECK(h.m.next_seq == 3);
    CHECK(h.m.server_version == 2);
}

TEST_CASE("a client's records are stored in its shard and read back; a newer store is refused untouched") {
    cc::client_store store;
    cc::client c;
    c.id = "c1";
    c.name = "Ivan";
    store.base["c1"] = c;
    cc::record task;
    task.kind = "task";
    task.id = "task:dev-a:1";
    task.client_id = "c1";
    task.fields = {{"title", "Call back"}, {"status", "open"}, {"due_at", 1767225600000}};
    task.created_by = "Anna";
    task.version = 7;
    store.put_base_record(task);
    auto files = cc::encode_shards(store, {cc::shard_of("c1")});
    REQUIRE(files.size() == 1);
    std::map<std::string, std::string> disk(files.begin(), files.end());
    disk[cc::meta_path] = cc::encode_meta({"dev-a", 1, 7, "en"});
    auto decoded = cc::decode_storage(disk);
    REQUIRE(std::holds_alternative<cc::stored_state>(decoded));
    const auto& st = std::get<cc::stored_state>(decoded);
    REQUIRE(st.records.size() == 1);
    CHECK(st.records[0].fields == task.fields);
    CHECK(st.records[0].created_by == "Anna");
    CHECK(st.records[0].version == 7);

    // A store written by a newer build is not read (and so never overwritten).
    disk[cc::meta_path] = R"({"schema":99,"device":"dev-a","next_seq":1})";
    auto newer = cc::decode_storage(disk);
    REQUIRE(std::holds_alternative<cc::error>(newer));
    CHECK(std::get<cc::error>(newer).code == "err.schema_unsupported");
}
