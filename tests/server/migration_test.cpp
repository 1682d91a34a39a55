// migration_test.cpp — a database written by the server before records (schema 3,
// tests/server/fixtures/server-schema3.db: 7 clients, one of them deleted, history, a rejected
// op, three devices, the demo users) opens with today's server: migrated in place to schema 5,
// every client, entry, op, device and user still there, and pushes, pulls, records, the log and
// telephony work on it. The fixture is copied first and never changed.
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include <doctest/doctest.h>

#include "sqlite_store.hpp"
#include "test_support.hpp"

using namespace cc_test;

namespace {

const fs::path fixture = fs::path(CC_SERVER_FIXTURES_DIR) / "server-schema3.db";

// Runs one query on a file and returns its rows, each as its columns joined by '|'.
std::vector<std::string> rows(const fs::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
            if (i) row += '|';
            const unsigned char* t = sqlite3_column_text(st, i);
            row += t ? reinterpret_cast<const char*>(t) : "NULL";
        }
        out.push_back(row);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

// What must survive: every row of the old tables, in the old columns.
struct snapshot {
    std::vector<std::string> clients, history, ops, devices, users, meta;
};
snapshot take(const fs::path& db) {
    return {rows(db, "SELECT id, version, json FROM clients ORDER BY id"),
            rows(db, "SELECT seq, client_id, version, op_id, entry FROM history ORDER BY seq"),
            rows(db, "SELECT op_id, device, seq, client_id, kind, version, status, reason, op, received_at, error "
                     "FROM ops ORDER BY op_id"),
            rows(db, "SELECT device, last_seq, owner FROM devices ORDER BY device"),
            rows(db, "SELECT id, name, role, token_hash FROM users ORDER BY id"),
            rows(db, "SELECT key, value FROM meta ORDER BY key")};
}

std::string file_bytes(const fs::path& p) { return read_file(p); }

}  // namespace

TEST_CASE("the schema 3 fixture is what its README says") {
    REQUIRE(fs::exists(fixture));
    CHECK(rows(fixture, "PRAGMA user_version") == std::vector<std::string>{"3"});
    CHECK(rows(fixture, "SELECT count(*) FROM clients") == std::vector<std::string>{"7"});
    CHECK(rows(fixture, "SELECT count(*) FROM ops WHERE status = 'rejected'") == std::vector<std::string>{"1"});
}

TEST_CASE("a schema 3 database is migrated in place with nothing lost (store level)") {
    temp_dir dir;
    const fs::path db = dir / "old.db";
    fs::copy_file(fixture, db);
    const std::string original = file_bytes(fixture);
    const snapshot before = take(db);
    REQUIRE(before.clients.size() == 7);
    REQUIRE(before.history.size() == 13);
    REQUIRE(before.ops.size() == 8);
    REQUIRE(before.users.size() == 3);
    {
        cc::server::sqlite_store store(db.string(), {false});
        CHECK(store.server_version() == 13);
        CHECK(store.client_count() == 7);
        auto page = store.pull(0, 100, "fx-boris");
        CHECK(page.total == 7);
        CHECK(page.device_seq == 6);
        // The log of c-000001, newest first, by page: all four of its entries.
        auto log = store.client_history("c-000001", 0, 10, std::nullopt);
        REQUIRE(log.found);
        REQUIRE(log.entries.size() == 4);
        CHECK(log.entries[0].first == 13);
        CHECK(log.entries[3].first == 1);
        CHECK_FALSE(log.more);
        auto tx = store.begin_write();
        // The phones of the old clients are found by number.
        const json c1 = json::parse(*tx->client_json("c-000001"));
        for (const json& p : c1["phones"])
            if (!p["e164"].get<std::string>().empty()) {
                auto found = tx->clients_by_phone(p["e164"]);
                CHECK(std::find(found.begin(), found.end(), "c-000001") != found.end());
            }
        CHECK(tx->find_op("fx-boris:3")->reason == "err.forbidden");
        CHECK(tx->device_owner("fx-boris") == "Boris");
        // An integration user can be stored now (the role's CHECK was widened).
        tx->put_user({"Telephony", "integration", "hash-t"});
        CHECK_THROWS_AS(tx->put_user({"Nobody", "root", "hash-r"}), cc::server::store_error);
        tx->commit();
    }
    CHECK(rows(db, "PRAGMA user_version") == std::vector<std::string>{"5"});
    const snapshot after = take(db);
    CHECK(after.clients == before.clients);
    CHECK(after.history == before.history);
    CHECK(after.ops == before.ops);
    CHECK(after.devices == before.devices);
    CHECK(after.meta == before.meta);
    std::vector<std::string> users = after.users;
    REQUIRE(users.size() == 4);
    users.pop_back();
    CHECK(users == before.users);  // ids, names, roles and token hashes as they were
    CHECK(rows(db, "SELECT count(*) FROM history WHERE record_id <> ''") == std::vector<std::string>{"0"});
    CHECK(file_bytes(fixture) == original);
}

TEST_CASE("the server opens a schema 3 database: pulls, pushes, records, the log and telephony work on it") {
    temp_dir dir;
    const fs::path db = dir / "cc.db";
    fs::copy_file(fixture, db);
    const std::string original = file_bytes(fixture);
    auto server = start_server(db, dir / "web", 2000,
                               {"--demo-records", "30", "--user", integration_name + ":integration:" + integration_token});
    CHECK(server->output().find("opened") != std::string::npos);  // not seeded: it had data
    auto anna = server->client(admin_token), boris = server->client(manager_token), vera = server->client(manager2_token);
    auto tel = server->client(integration_token);

    // Every client, with the state the old server left.
    json page = get_json(*anna, "/api/v1/pull?since=0");
    CHECK(page["total"] == 7);
    CHECK(page["server_version"] == 13);
    std::set<std::string> ids;
    for (const json& ch : page["changes"]) ids.insert(ch["client"]["id"].get<std::string>());
    CHECK(ids == std::set<std::string>{"c-000001", "c-000002", "c-000003", "c-000004", "c-000005", "c-000006", "c:fx-boris:4"});
    json c1 = change_for(page, "c-000001")["client"];
    CHECK(c1["name"] == "William Cooper");
    CHECK(c1["note"] == "Prefers calls after 18:00");
    CHECK(change_for(page, "c-000004")["client"]["deleted"] == true);
    // The old log, by page.
    json log = get_json(*vera, "/api/v1/clients/c-000001/history?limit=2");
    CHECK(log["entries"].size() == 2);
    CHECK(log["entries"][0]["op_id"] == "fx-anna:2");
    CHECK(log["entries"][1]["op_id"] == "fx-boris:2");
    log = get_json(*vera, "/api/v1/clients/c-000001/history?limit=2&before=" + std::to_string(log["next_before"].get<std::int64_t>()));
    CHECK(log["entries"][0]["op_id"] == "fx-boris:1");
    CHECK(log["entries"][1]["op_id"] == "import:1");
    CHECK(log["next_before"].is_null());
    get_json(*boris, "/api/v1/clients/c-000004/history", 404);  // deleted: an admin's
    CHECK(get_json(*anna, "/api/v1/clients/c-000004/history")["entries"][0]["op_id"] == "fx-anna:1");

    // Users and devices as they were: Boris's device is still his, at seq 6.
    CHECK(get_json(*boris, "/api/v1/me")["role"] == "manager");
    CHECK(get_json(*boris, "/api/v1/pull?since=13&device=fx-boris")["device_seq"] == 6);
    get_json(*vera, "/api/v1/pull?since=13&device=fx-boris", 403);
    // The rejected op answers as it did.
    const std::string stored = rows(db, "SELECT op FROM ops WHERE op_id = 'fx-boris:3'").at(0);
    http_answer again = post_push(*boris, make_batch("fx-boris", {json::parse(stored)}));
    CHECK(again.body["results"][0]["status"] == "rejected");
    CHECK(again.body["results"][0]["error"]["code"] == "err.forbidden");

    // New work on the old data: a client edit, a task, a call from the telephony.
    json r = post_push(*boris, make_batch("fx-boris", {make_op("fx-boris", 7, "c-000002", "tag.add", {{"tag", "migrated"}}),
                                                       make_record_op("fx-boris", 8, "c-000002", "task.create", "",
                                                                      {{"title", "Call after the upgrade"}, {"assignee", "Boris"}})}))
                 .body;
    CHECK(r["results"][0]["version"] == 14);
    CHECK(r["results"][1]["version"] == 15);
    std::string number;
    for (const json& p : c1["phones"])
        if (!p["e164"].get<std::string>().empty()) number = p["e164"];
    REQUIRE_FALSE(number.empty());
    http_answer call = post_json(*tel, "/api/v1/integrations/calls",
                                 {{"external_id", "pbx-1"}, {"phone", number}, {"started_at", 1767225600000}});
    REQUIRE(call.status == 200);
    CHECK(call.body["client_id"] == "c-000001");  // found by a phone the old server stored
    CHECK(call.body["client_created"] == false);
    json later = get_json(*vera, "/api/v1/pull?since=13");
    CHECK(later["total"] == 3);
    CHECK(change_for(later, "task:fx-boris:8")["record"]["client_id"] == "c-000002");
    CHECK(change_for(later, call.body["record"].get<std::string>())["record"]["fields"]["external_id"] == "pbx-1");
    CHECK(change_for(later, "c-000002")["history"].size() == 1);

    CHECK(server->stop(SIGTERM) == 0);
    CHECK(rows(db, "PRAGMA user_version") == std::vector<std::string>{"5"});
    CHECK(file_bytes(fixture) == original);
}
