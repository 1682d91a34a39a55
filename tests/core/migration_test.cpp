// Stores written by earlier builds open with nothing lost (tests/core/fixtures/README.md).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/app.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"

using namespace cc;

namespace {

std::map<std::string, std::string> read_store(const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(CC_FIXTURES_DIR) / name;
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        files[fs::relative(e.path(), root).generic_string()] = s.str();
    }
    return files;
}

}  // namespace

TEST_CASE("a store written by the schema-1 build opens with every client, edit and setting") {
    fake_host h;
    h.disk = read_store("store-schema1");
    REQUIRE(h.disk.count("meta.json") == 1);
    h.boot("another-device-id");
    REQUIRE(h.m.loading == load_state::ready);
    CHECK_FALSE(h.m.storage_error.has_value());
    CHECK(h.m.device == "d-fixture");        // the stored device id, not a fresh one
    CHECK(h.m.lang == locale::ru);
    CHECK(h.m.server_version == 13);

    // The pulled clients, with the edits other users pushed, and the server's log of them.
    const client* william = h.m.store.find("c-000001");
    REQUIRE(william != nullptr);
    CHECK(william->name == "William Cooper");
    CHECK(william->note == "Prefers calls after 18:00");
    REQUIRE(william->phones.size() == 2);
    CHECK(william->phones[1].extension == "12");
    CHECK(h.m.store.find("c-000004")->deleted);
    CHECK(h.m.store.find("c:fx-boris:4")->name == "Олег Петров");
    CHECK(h.m.store.find("c-000003")->custom.at("Источник") == "Выставка");
    CHECK(h.m.store.history("c-000001").size() >= 3);

    // The offline edits are still pending and still shown; the new client is there.
    CHECK(william->city == "Denver");
    CHECK(pending_count(h.m) == 3);
    bool maria = false;
    h.m.store.for_each([&](const client& c) { maria = maria || c.name == "Мария Соколова"; });
    CHECK(maria);
    CHECK(h.m.store.find("c-000003")->emails.back().address == "oleg@example.ru");

    // The refused delete stays with the server's reason until the user settles it.
    REQUIRE(rejected_count(h.m) == 1);
    CHECK(rejected_of(h.m, "c-000005").front()->reason.code == "err.forbidden");
    CHECK_FALSE(h.m.store.find("c-000005")->deleted);

    // Once online, the pending edits go to the server, oldest first, under their stored ids.
    h.settle();
    h.take(request_id::me);
    h.dispatch(fetch_done{request_id::me, 200, R"({"name":"Boris","role":"manager"})"});
    bool pushed = false;
    for (const auto& r : h.requests)
        if (r.id == request_id::push) {
            const json body = json::parse(r.body);
            REQUIRE(body["ops"].size() == 3);
            CHECK(body["ops"][0]["id"] == "d-fixture:2");
            CHECK(body["ops"][2]["kind"] == "client.create");
            pushed = true;
        }
    CHECK(pushed);
}

TEST_CASE("a store written by the schema-2 build opens with nothing lost and is rewritten to the indexed layout") {
    fake_host h;
    h.disk = read_store("store-schema2");
    REQUIRE(h.disk.count("base/12.json") == 1);
    REQUIRE(h.disk.count("index.bin") == 0);
    h.boot("another-device-id");
    REQUIRE(h.m.loading == load_state::ready);
    CHECK_FALSE(h.m.storage_error.has_value());
    CHECK(h.m.device == "d-fixture");
    CHECK(h.m.lang == locale::ru);
    CHECK(h.m.server_version == 13);
    const client* william = h.m.store.find("c-000001");
    REQUIRE(william != nullptr);
    CHECK(william->note == "Prefers calls after 18:00");
    CHECK(william->city == "Denver");                  // the pending offline edit
    CHECK(pending_count(h.m) == 3);
    REQUIRE(h.m.store.records_of("c-000001", "task").size() == 1);
    CHECK(h.m.store.records_of("c-000001", "task")[0]->text("title") == "Call back about the invoice");
    REQUIRE(h.m.store.records_of("c-000003", "comment").size() == 1);
    // Found by its task's title, as before.
    h.dispatch(query_changed{"invoice"});
    REQUIRE(h.m.results.size() == 1);
    CHECK(h.m.index.entries[h.m.results[0]].id == "c-000001");
    h.dispatch(query_changed{""});
    const std::size_t clients = h.m.store.size();

    // The writer rewrites it: shards in the base mount, the index, meta at schema 3; base/ goes.
    h.settle();
    CHECK(h.disk.count("index.bin") == 1);
    for (const auto& [path, text] : h.disk) CHECK(path.rfind("base/", 0) != 0);
    CHECK(json::parse(h.disk.at("meta.json")).at("schema") == store_schema_version);
    std::size_t shards = 0;
    for (const auto& [path, text] : h.disk) shards += path.rfind("shards/", 0) == 0;
    CHECK(shards == static_cast<std::size_t>(shard_count));

    // And a reload of the new layout has the same clients, records and pending edits.
    fake_host again;
    again.disk = h.disk;
    again.boot("yet-another");
    for (int i = 0; i < 100 && !again.m.shard_text.empty(); ++i) again.dispatch(timer_fired{timer_id::shard_step});
    CHECK_FALSE(again.m.storage_error.has_value());
    CHECK(again.m.store.size() == clients);
    CHECK(again.m.store.find("c-000001")->city == "Denver");
    CHECK(pending_count(again.m) == 3);
    CHECK(again.m.store.records_of("c-000001", "task").size() == 1);
    again.dispatch(query_changed{"invoice"});
    CHECK(again.m.results.size() == 1);
}
