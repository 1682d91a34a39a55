// The update loop with a fake host: a std::map stands in for IDBFS, so these tests can reload
// the card from exactly what it wrote, fail a write, or feed it a broken server page.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"

using namespace cc;

#include "fake_host.hpp"

namespace {
std::string pull_page(const std::vector<json>& clients, std::int64_t first_version, bool has_more, std::int64_t total) {
    json changes = json::array();
    std::int64_t v = first_version;
    for (const auto& c : clients) changes.push_back({{"version", v++}, {"client", c}, {"history", json::array()}});
    return json{{"schema", 1}, {"changes", changes}, {"cursor", v - 1}, {"has_more", has_more},
                {"total", total}, {"server_version", v - 1}}.dump();
}

json demo(const std::string& id, const std::string& name, const std::string& phone_raw = "", const std::string& e164 = "") {
    json c = {{"id", id}, {"name", name}};
    if (!phone_raw.empty()) c["phones"] = json::array({{{"id", id + "-p"}, {"type", "mobile"}, {"raw", phone_raw}, {"e164", e164}}});
    return c;
}

}  // namespace

TEST_CASE("first start: an empty store becomes ready, keeps a device id and asks the server") {
    fake_host h;
    h.boot("dev-42");
    CHECK(h.m.loading == load_state::ready);
    CHECK(h.m.device == "dev-42");
    REQUIRE(h.tagged(request_id::pull).size() == 1);
    CHECK(h.tagged(request_id::pull)[0].url == "/api/v1/pull?since=0&limit=1000&device=dev-42");
    CHECK(h.tagged(request_id::me).size() == 1);
    h.settle();
    CHECK(h.disk.count("meta.json"));
    fake_host again;
    again.disk = h.disk;
    again.boot("another-fresh-id");
    CHECK(again.m.device == "dev-42");
}

TEST_CASE("an edit shows saving until its write calls back, then saved; it survives a reload") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Ivan Petrov")}, 1, false, 1)});
    h.settle();
    h.dispatch(edit_requested{"c1", "client.set", {{"name", "Иван Петров"}}, "name"});
    CHECK(h.m.store.find("c1")->name == "Иван Петров");
    CHECK(client_save_status(h.m, "c1") == save_status::saving);
    REQUIRE(h.in_flight.size() == 1);
    h.finish_write();
    CHECK(client_save_status(h.m, "c1") == save_status::saved);

    // Reload with the server down: the edit is there.
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    reload.dispatch(fetch_done{request_id::pull, 0, ""});
    CHECK(reload.m.sync == sync_state::offline);
    REQUIRE(reload.m.store.find("c1"));
    CHECK(reload.m.store.find("c1")->name == "Иван Петров");
    CHECK(client_save_status(reload.m, "c1") == save_status::saved);
    const auto hist = reload.m.store.history("c1");
    REQUIRE(!hist.empty());
    CHECK(hist[0].changes[0].old_value == "Ivan Petrov");
    CHECK(hist[0].changes[0].new_value == "Иван Петров");
}

TEST_CASE("edits during a write in flight coalesce into the next single write") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(client_created{"Anna", "new"});
    const std::string id = h.m.selected;
    REQUIRE(!id.empty());
    CHECK(h.in_flight.size() == 1);
    h.dispatch(edit_requested{id, "client.set", {{"city", "Omsk"}}, "city"});
    h.dispatch(edit_requested{id, "tag.add", {{"tag", "vip"}}, "tag"});
    CHECK(h.in_flight.size() == 1);  // no second syncfs while one runs
    h.finish_write();
    REQUIRE(h.in_flight.size() == 1);  // the two later edits, together
    CHECK(client_save_status(h.m, id) == save_status::saving);
    h.finish_write();
    CHECK(client_save_status(h.m, id) == save_status::saved);
    CHECK(h.in_flight.empty());
}

TEST_CASE("a refused edit changes nothing, writes nothing and tells which widget") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Ivan")}, 1, false, 1)});
    h.settle();
    const auto before = h.m.journal.size();
    h.dispatch(edit_requested{"c1", "item.add", {{"list", "emails"}, {"item", {{"address", "not-an-email"}}}}, "new_email"});
    REQUIRE(h.m.refused);
    CHECK(h.m.refused->source == "new_email");
    CHECK(h.m.refused->why.code == "err.email_invalid");
    CHECK(h.m.journal.size() == before);
    CHECK(h.in_flight.empty());
    CHECK(h.m.store.find("c1")->emails.empty());
}

TEST_CASE("a full disk keeps the edit in memory, shows the error and writes it later") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(client_created{"Boris", "new"});
    h.finish_write(false);
    REQUIRE(h.m.storage_error);
    CHECK(h.m.storage_error->code == "err.storage_full");
    CHECK(client_save_status(h.m, h.m.selected) == save_status::saving);
    h.dispatch(timer_fired{timer_id::storage_retry});
    h.finish_write(true);
    CHECK(!h.m.storage_error);
    CHECK(client_save_status(h.m, h.m.selected) == save_status::saved);
}

TEST_CASE("a failed shard write is written again, not forgotten") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Ivan")}, 1, false, 1)});
    h.finish_write(false);
    h.dispatch(timer_fired{timer_id::storage_retry});
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    CHECK(reload.m.store.find("c1"));
}

TEST_CASE("paged pull: progress, cursor, every client once, search results sorted by name") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c2", "Zoya"), demo("c1", "Anna")}, 1, true, 3)});
    CHECK(h.m.pull_total == 3);
    CHECK(h.m.pull_received == 2);
    CHECK(h.m.server_version == 2);
    REQUIRE(h.tagged(request_id::pull).size() == 2);
    CHECK(h.tagged(request_id::pull)[1].url == "/api/v1/pull?since=2&limit=1000&device=dev-1");
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c3", "Борис")}, 3, false, 1)});
    CHECK(h.m.server_version == 3);
    REQUIRE(h.m.results.size() == 3);
    CHECK(h.m.index.entries[h.m.results[0]].id == "c1");  // anna, zoya, борис
    CHECK(h.m.index.entries[h.m.results[2]].id == "c3");
}

TEST_CASE("malformed or wrong-schema server data changes nothing") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Ivan")}, 1, false, 1)});
    h.settle();
    const std::int64_t v = h.m.server_version;
    h.dispatch(fetch_done{request_id::pull, 200, "{not json"});
    CHECK(h.m.sync_message == "err.bad_server_data");
    h.dispatch(fetch_done{request_id::pull, 200, R"({"schema":1,"changes":[{"client":{"id":"c9","name":5}}],"cursor":9})"});
    CHECK(h.m.sync_message == "err.bad_server_data");
    CHECK(!h.m.store.find("c9"));
    h.dispatch(fetch_done{request_id::pull, 200, R"({"schema":99,"changes":[],"cursor":50})"});
    CHECK(h.m.sync_message == "err.schema_unsupported");
    CHECK(h.m.server_version == v);
    h.dispatch(fetch_done{request_id::pull, 500, R"({"error":{"code":"err.internal","message":"boom"}})"});
    CHECK(h.m.sync == sync_state::failed);
    CHECK(h.m.sync_message == "err.internal");
    CHECK(h.in_flight.empty());
}

TEST_CASE("a pulled change under a pending local edit keeps the local edit on top (rebase)") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Ivan")}, 1, false, 1)});
    h.settle();
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    h.settle();
    json changed = demo("c1", "Ivan the Great");
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({changed}, 2, false, 1)});
    const client* c = h.m.store.find("c1");
    CHECK(c->name == "Ivan the Great");
    CHECK(c->city == "Omsk");
}

TEST_CASE("a store written by a newer version is not touched") {
    fake_host h;
    h.disk["meta.json"] = R"({"schema":7,"device":"d"})";
    h.boot();
    CHECK(h.m.loading == load_state::failed);
    REQUIRE(h.m.storage_error);
    CHECK(h.m.storage_error->code == "err.schema_unsupported");
    h.dispatch(client_created{"X", "new"});
    CHECK(h.in_flight.empty());
    CHECK(h.m.refused->why.code == "err.not_ready");
    CHECK(h.disk.at("meta.json") == R"({"schema":7,"device":"d"})");
}

TEST_CASE("a damaged file is reported, not overwritten") {
    fake_host h;
    h.disk["base/03.json"] = "{\"schema\":1,\"clients\":[{\"id\":";
    h.boot();
    CHECK(h.m.loading == load_state::failed);
    CHECK(h.m.storage_error->code == "err.storage_damaged");
    CHECK(h.m.storage_error->detail == "base/03.json");
}

TEST_CASE("search by phone in another format, by word, by email and tag") {
    fake_host h;
    h.boot();
    h.settle();
    json c1 = demo("c1", "Иван Петров", "+7 (912) 345-67-89", "+79123456789");
    c1["emails"] = json::array({{{"id", "e"}, {"address", "ivan@romashka.ru"}}});
    c1["tags"] = json::array({"оптовик"});
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({c1, demo("c2", "John Smith", "+1 415 555 2671", "+14155552671")}, 1, false, 2)});
    auto ids = [&] {
        std::vector<std::string> out;
        for (auto i : h.m.results) out.push_back(h.m.index.entries[i].id);
        return out;
    };
    for (const char* q : {"89123456789", "8 912 345", "+79123", "912-345", "петров", "ПЕТР", "romashka", "Оптовик", "иван петров"}) {
        h.dispatch(query_changed{q});
        CHECK_MESSAGE(ids() == std::vector<std::string>{"c1"}, q);
    }
    h.dispatch(query_changed{"smith john"});
    CHECK(ids() == std::vector<std::string>{"c2"});
    h.dispatch(query_changed{"nobody"});
    CHECK(ids().empty());
    h.dispatch(query_changed{""});
    CHECK(ids().size() == 2);
}

TEST_CASE("links: only allowed schemes become an open_link effect") {
    fake_host h;
    h.boot();
    h.dispatch(link_requested{"tel:+79123456789"});
    h.dispatch(link_requested{"javascript:alert(1)"});
    REQUIRE(h.links.size() == 1);
    CHECK(h.links[0].url == "tel:+79123456789");
    CHECK(h.m.refused->why.code == "err.link_blocked");
}

TEST_CASE("the language choice is saved with the store") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(locale_changed{locale::ru});
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot();
    CHECK(reload.m.lang == locale::ru);
}

TEST_CASE("history pulled from the server is kept in the shards and read back") {
    fake_host h;
    h.boot();
    h.settle();
    json page = json::parse(pull_page({demo("c1", "Ivan")}, 1, false, 1));
    page["changes"][0]["history"] = json::array({{{"op_id", "import:1"}, {"actor", "import"}, {"at", 5},
                                                  {"kind", "client.create"}, {"changes", json::array()}}});
    h.dispatch(fetch_done{request_id::pull, 200, page.dump()});
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    REQUIRE(reload.m.loading == load_state::ready);
    const auto hist = reload.m.store.history("c1");
    REQUIRE(hist.size() == 1);
    CHECK(hist[0].actor == "import");
}

TEST_CASE("typing on narrows the previous results without losing any match") {
    CHECK(narrows("пет", "петр"));
    CHECK(narrows("ivan", "ivan p"));
    CHECK_FALSE(narrows("ivan p", "ivan"));
    CHECK_FALSE(narrows("ivan", "iva"));
    CHECK_FALSE(narrows("89", "891"));      // "89" is text, "891" a phone number: another kind of search
    CHECK(narrows("8 912", "8 912 3"));
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Петров", "+7 912 345 67 89", "+79123456789"),
                                                  demo("c2", "Петрова", "+7 912 000 00 00", "+79120000000"),
                                                  demo("c3", "Сидоров", "+7 800 912 34 56", "+78009123456")}, 1, false, 3)});
    for (const char* q : {"п", "пе", "пет", "петр", "петро", "петров", "петрова"}) h.dispatch(query_changed{q});
    CHECK(h.m.results.size() == 1);
    for (const char* q : {"8", "89", "891", "8912"}) {
        h.dispatch(query_changed{q});
        CHECK(h.m.results == search(h.m.index, q));
    }
}

TEST_CASE("after an edit the list is what a fresh search would give: order, filter, deletions") {
    fake_host h;
    h.boot();
    h.settle();
    h.dispatch(fetch_done{request_id::pull, 200, pull_page({demo("c1", "Anna"), demo("c2", "Boris"), demo("c3", "Vera"), demo("c4", "Петров")}, 1, false, 4)});
    auto same_as_fresh = [&] {
        CHECK(h.m.results == search(h.m.index, h.m.query));
        std::vector<std::uint32_t> by_name = h.m.index.by_name;
        index_sort(h.m.index);
        CHECK(by_name == h.m.index.by_name);
    };
    h.dispatch(edit_requested{"c1", "client.set", {{"name", "Zoya"}}, "name"});  // moves to the end
    same_as_fresh();
    h.dispatch(query_changed{"o"});
    h.dispatch(edit_requested{"c2", "client.set", {{"name", "Ivan"}}, "name"});   // leaves the results
    same_as_fresh();
    h.dispatch(edit_requested{"c3", "client.set", {{"name", "Olga"}}, "name"});   // joins them
    same_as_fresh();
    h.dispatch(edit_requested{"c1", "client.delete", json::object(), "delete"});  // disappears
    same_as_fresh();
    h.dispatch(client_created{"Oleg", "new"});                                     // a new one, in place
    same_as_fresh();
    CHECK(h.m.index.entries[h.m.results.front()].sort_key == "oleg");
}
