// store_test.cpp — sqlite_store on its own: versions, pull snapshots, the ops table that push
// will use, transactions, and refusing files it should not touch.
#include <sqlite3.h>

#include <doctest/doctest.h>

#include "sqlite_store.hpp"
#include "test_support.hpp"

using namespace cc_test;
using cc::server::op_record;
using cc::server::sqlite_store;
using cc::server::store_error;

namespace {

std::string entry(const std::string& op) { return "{\"op_id\":\"" + op + "\"}"; }

std::string pragma_text(const fs::path& db, const char* sql) {
    sqlite3* h = nullptr;
    sqlite3_open(db.string().c_str(), &h);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, sql, -1, &st, nullptr);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

}  // namespace

TEST_CASE("every write gets the next server version; pull shows each client once, newest state") {
    temp_dir dir;
    sqlite_store store((dir / "s.db").string());
    CHECK(store.server_version() == 0);
    {
        auto tx = store.begin_write();
        CHECK(tx->put_client("a", "{\"n\":1}", entry("d:1"), "d:1") == 1);
        CHECK(tx->put_client("b", "{\"n\":2}", entry("d:2"), "d:2") == 2);
        CHECK(tx->put_client("a", "{\"n\":3}", entry("d:3"), "d:3") == 3);
        CHECK(tx->client_json("a") == std::optional<std::string>("{\"n\":3}"));
        CHECK_FALSE(tx->client_json("zzz"));
        tx->commit();
    }
    CHECK(store.server_version() == 3);
    CHECK(store.client_count() == 2);

    auto page = store.pull(0, 10, "");
    REQUIRE(page.changes.size() == 2);
    CHECK(page.changes[0].client_id == "b");
    CHECK(page.changes[0].version == 2);
    CHECK(page.changes[1].client_id == "a");
    CHECK(page.changes[1].version == 3);
    CHECK(page.changes[1].client_json == "{\"n\":3}");
    // A first download carries no log; the log comes by page, newest entry first.
    CHECK(page.changes[1].history_json.empty());
    auto log = store.client_history("a", 0, 10, std::nullopt);
    REQUIRE(log.entries.size() == 2);
    CHECK(log.entries[0] == std::make_pair(std::int64_t{3}, entry("d:3")));
    CHECK(log.entries[1] == std::make_pair(std::int64_t{1}, entry("d:1")));
    // After a cursor: the entries after it.
    CHECK(store.pull(1, 10, "").changes[1].history_json == std::vector<std::string>{entry("d:3")});
    CHECK(page.total == 2);
    CHECK(page.server_version == 3);

    page = store.pull(2, 10, "");
    CHECK(page.changes.size() == 1);
    CHECK(page.total == 1);
    page = store.pull(0, 1, "");
    CHECK(page.changes.size() == 1);
    CHECK(page.total == 2);
}

TEST_CASE("a transaction that is not committed leaves nothing behind") {
    temp_dir dir;
    sqlite_store store((dir / "s.db").string());
    {
        auto tx = store.begin_write();
        tx->put_client("a", "{}", entry("d:1"), "d:1");
        tx->record_op({"d:1", "d", 1, "a", "client.create", 1, "applied", "", "{}", 5});
    }
    CHECK(store.server_version() == 0);
    CHECK(store.client_count() == 0);
    auto tx = store.begin_write();
    CHECK_FALSE(tx->find_op("d:1"));
    CHECK(tx->device_seq("d") == 0);
}

TEST_CASE("ops are recorded once and raise the device's last seq") {
    temp_dir dir;
    sqlite_store store((dir / "s.db").string());
    {
        auto tx = store.begin_write();
        std::int64_t v = tx->put_client("a", "{}", entry("dev1:1"), "dev1:1");
        tx->record_op({"dev1:1", "dev1", 1, "a", "client.create", v, "applied", "", "{\"id\":\"dev1:1\"}", 100});
        tx->record_op({"dev1:2", "dev1", 2, "a", "client.set", v, "rejected", "err.email_invalid", "{}", 101});
        CHECK(tx->device_seq("dev1") == 2);
        // The same op id twice is refused by the database itself.
        CHECK_THROWS_AS(tx->record_op({"dev1:1", "dev1", 1, "a", "client.create", v, "applied", "", "{}", 102}),
                        store_error);
        tx->commit();
    }
    auto tx = store.begin_write();
    auto found = tx->find_op("dev1:2");
    REQUIRE(found);
    CHECK(found->status == "rejected");
    CHECK(found->reason == "err.email_invalid");
    CHECK(found->seq == 2);
    CHECK(found->received_at == 101);
    CHECK(tx->device_seq("dev1") == 2);
    CHECK(tx->device_seq("other") == 0);
    // An older seq arriving late never lowers the mark.
    tx->record_op({"dev1:0", "dev1", 0, "a", "client.set", 1, "applied", "", "{}", 103});
    CHECK(tx->device_seq("dev1") == 2);
    tx->commit();
    tx.reset();
    CHECK(store.pull(0, 10, "dev1").device_seq == 2);
    CHECK(store.pull(0, 10, "").device_seq == 0);
}

TEST_CASE("the database file is in WAL mode, survives reopening and is closed cleanly") {
    temp_dir dir;
    fs::path db = dir / "s.db";
    {
        sqlite_store store(db.string());
        auto tx = store.begin_write();
        tx->put_client("a", "{\"x\":1}", entry("d:1"), "d:1");
        tx->commit();
    }
    CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma_text(db, "PRAGMA user_version") == std::to_string(sqlite_store::schema_version));
    sqlite_store again(db.string());
    CHECK(again.server_version() == 1);
    CHECK(again.pull(0, 10, "").changes.at(0).client_json == "{\"x\":1}");
    again.close();
    CHECK_THROWS_AS(again.server_version(), store_error);
}

TEST_CASE("files that are not ours, or are newer, are refused with a reason") {
    temp_dir dir;
    fs::path newer = dir / "newer.db";
    { sqlite_store s(newer.string()); }
    {
        sqlite3* h = nullptr;
        sqlite3_open(newer.string().c_str(), &h);
        sqlite3_exec(h, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
        sqlite3_close(h);
    }
    CHECK_THROWS_WITH_AS(sqlite_store(newer.string()), doctest::Contains("newer server"), store_error);

    fs::path other = dir / "other.db";
    {
        sqlite3* h = nullptr;
        sqlite3_open(other.string().c_str(), &h);
        sqlite3_exec(h, "CREATE TABLE invoices (id INTEGER)", nullptr, nullptr, nullptr);
        sqlite3_close(h);
    }
    CHECK_THROWS_WITH_AS(sqlite_store(other.string()), doctest::Contains("not a ClientCard database"), store_error);

    write_file(dir / "junk.db", std::string(4096, 'x'));
    CHECK_THROWS_WITH_AS(sqlite_store((dir / "junk.db").string()), doctest::Contains("junk.db"), store_error);
}

TEST_CASE("users: added in order, replaced by name, one token per user") {
    temp_dir dir;
    sqlite_store store((dir / "s.db").string());
    CHECK(store.users().empty());
    {
        auto tx = store.begin_write();
        tx->put_user({"Anna", "admin", "h1"});
        tx->put_user({"Boris", "manager", "h2"});
        tx->commit();
    }
    {
        auto tx = store.begin_write();
        tx->put_user({"Boris", "admin", "h3"});  // same name: new role and token
        CHECK_THROWS_WITH_AS(tx->put_user({"Zed", "manager", "h1"}), doctest::Contains("Anna"), store_error);
        CHECK_THROWS_AS(tx->put_user({"Yan", "boss", "h9"}), store_error);  // the roles are fixed
        tx->commit();
    }
    auto users = store.users();
    REQUIRE(users.size() == 2);
    CHECK(users[0].name == "Anna");
    CHECK(users[1].name == "Boris");
    CHECK(users[1].role == "admin");
    CHECK(users[1].token_hash == "h3");
}

TEST_CASE("a transaction hands out versions in order and finds ops by device and seq") {
    sqlite_store store(":memory:");
    auto tx = store.begin_write();
    CHECK(tx->version() == 0);
    CHECK(tx->put_client("a", "{}", entry("d:1"), "d:1") == 1);
    CHECK(tx->version() == 1);
    tx->record_op({"d:1", "d", 1, "a", "client.create", 1, "rejected", "err.x", "{}", 5, "{\"code\":\"err.x\"}"});
    auto at = tx->find_op_at("d", 1);
    REQUIRE(at);
    CHECK(at->op_id == "d:1");
    CHECK(at->error_json == "{\"code\":\"err.x\"}");
    CHECK_FALSE(tx->find_op_at("d", 2));
    CHECK_FALSE(tx->find_op_at("e", 1));
    tx->commit();
}

namespace {

// A schema 2 file exactly as the server before ownership (schema 2) wrote it: Vera pushed from
// "vera-dev" (one applied, one rejected op), Boris from "boris-dev" (applied), "lost-dev" only
// ever had a rejected op (so no history entry names its user), and "odd-dev"'s entry is damaged.
void write_schema_2(const fs::path& db) {
    sqlite3* h = nullptr;
    sqlite3_open(db.string().c_str(), &h);
    const char* v2 = R"sql(
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('server_version', 3);
        CREATE TABLE clients (id TEXT PRIMARY KEY, version INTEGER NOT NULL UNIQUE, json TEXT NOT NULL);
        CREATE TABLE history (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id),
                              version INTEGER NOT NULL, op_id TEXT NOT NULL, entry TEXT NOT NULL);
        CREATE INDEX history_by_client ON history (client_id, seq);
        CREATE TABLE devices (device TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE ops (op_id TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES devices (device),
                          seq INTEGER NOT NULL, client_id TEXT NOT NULL, kind TEXT NOT NULL,
                          version INTEGER NOT NULL,
                          status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
                          reason TEXT NOT NULL DEFAULT '', op TEXT NOT NULL,
                          received_at INTEGER NOT NULL, UNIQUE (device, seq));
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                            role TEXT NOT NULL CHECK (role IN ('admin', 'manager')), token_hash TEXT NOT NULL UNIQUE);
        ALTER TABLE ops ADD COLUMN error TEXT NOT NULL DEFAULT '';
        INSERT INTO users (name, role, token_hash) VALUES ('Anna', 'admin', 'ha'), ('Boris', 'manager', 'hb'), ('Vera', 'manager', 'hv');
        INSERT INTO clients VALUES ('a', 1, '{"id":"a"}'), ('b', 3, '{"id":"b"}');
        INSERT INTO history (client_id, version, op_id, entry) VALUES
            ('a', 1, 'import:1', '{"op_id":"import:1","actor":"import","device":"import"}'),
            ('b', 2, 'vera-dev:1', '{"op_id":"vera-dev:1","actor":"Vera","device":"vera-dev"}'),
            ('b', 3, 'boris-dev:1', '{"op_id":"boris-dev:1","actor":"Boris","device":"boris-dev"}'),
            ('a', 1, 'odd-dev:1', 'not json');
        INSERT INTO devices VALUES ('vera-dev', 2), ('boris-dev', 1), ('lost-dev', 4), ('odd-dev', 1);
        INSERT INTO ops VALUES
            ('vera-dev:1', 'vera-dev', 1, 'b', 'client.create', 2, 'applied', '', '{"id":"vera-dev:1"}', 5, ''),
            ('vera-dev:2', 'vera-dev', 2, 'b', 'client.delete', 2, 'rejected', 'err.forbidden', '{"id":"vera-dev:2"}', 6, '{"code":"err.forbidden"}'),
            ('boris-dev:1', 'boris-dev', 1, 'b', 'client.set', 3, 'applied', '', '{"id":"boris-dev:1"}', 7, ''),
            ('lost-dev:4', 'lost-dev', 4, 'zz', 'client.set', 3, 'rejected', 'err.not_found', '{"id":"lost-dev:4"}', 8, '{}'),
            ('odd-dev:1', 'odd-dev', 1, 'a', 'client.set', 1, 'applied', '', '{}', 9, '');
        PRAGMA user_version = 2;
    )sql";
    REQUIRE(sqlite3_exec(h, v2, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
}

}  // namespace

TEST_CASE("a schema 2 file (before ownership) is migrated: nothing lost, each device owned by its first applied op's user") {
    temp_dir dir;
    fs::path db = dir / "v2.db";
    write_schema_2(db);
    {
        sqlite_store store(db.string());
        CHECK(pragma_text(db, "PRAGMA user_version") == std::to_string(sqlite_store::schema_version));
        CHECK(store.server_version() == 3);
        CHECK(store.client_count() == 2);
        CHECK(store.users().size() == 3);
        auto page = store.pull(0, 10, "vera-dev");
        REQUIRE(page.changes.size() == 2);
        CHECK(store.client_history("b", 0, 10, std::nullopt).entries.size() == 2);
        CHECK(page.device_seq == 2);
        auto tx = store.begin_write();
        CHECK(tx->find_op("vera-dev:2")->error_json == "{\"code\":\"err.forbidden\"}");
        CHECK(tx->find_op_at("boris-dev", 1)->op_id == "boris-dev:1");
        CHECK(tx->device_owner("vera-dev") == "Vera");
        CHECK(tx->device_owner("boris-dev") == "Boris");
        CHECK(tx->device_owner("lost-dev").empty());  // nobody's applied op names its user
        CHECK(tx->device_owner("odd-dev").empty());   // a damaged entry does not stop the migration
        CHECK(tx->device_seq("lost-dev") == 4);
        // Ownership never changes hands; a device nobody owns goes to whoever uses it first.
        CHECK(tx->claim_device("vera-dev", "Boris") == "Vera");
        CHECK(tx->claim_device("lost-dev", "Anna") == "Anna");
        CHECK(tx->claim_device("lost-dev", "Boris") == "Anna");
        CHECK(tx->device_seq("lost-dev") == 4);
        tx->commit();
    }
    sqlite_store again(db.string());  // opening a migrated file again changes nothing
    CHECK(again.claim_device("lost-dev", "Vera") == "Anna");
    CHECK(again.claim_device("new-dev", "Vera") == "Vera");
    CHECK(again.claim_device("new-dev", "Anna") == "Vera");
}

TEST_CASE("a schema 1 file (before push) is migrated to schema 2 and keeps its data") {
    temp_dir dir;
    fs::path db = dir / "v1.db";
    {
        // The version 1 schema, as the first server wrote it.
        sqlite3* h = nullptr;
        sqlite3_open(db.string().c_str(), &h);
        const char* v1 = R"sql(
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO meta (key, value) VALUES ('server_version', 1);
            CREATE TABLE clients (id TEXT PRIMARY KEY, version INTEGER NOT NULL UNIQUE, json TEXT NOT NULL);
            INSERT INTO clients VALUES ('a', 1, '{"id":"a"}');
            CREATE TABLE history (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id),
                                  version INTEGER NOT NULL, op_id TEXT NOT NULL, entry TEXT NOT NULL);
            CREATE INDEX history_by_client ON history (client_id, seq);
            INSERT INTO history (client_id, version, op_id, entry) VALUES ('a', 1, 'import:1', '{"op_id":"import:1"}');
            CREATE TABLE devices (device TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE ops (op_id TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES devices (device),
                              seq INTEGER NOT NULL, client_id TEXT NOT NULL, kind TEXT NOT NULL,
                              version INTEGER NOT NULL,
                              status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
                              reason TEXT NOT NULL DEFAULT '', op TEXT NOT NULL,
                              received_at INTEGER NOT NULL, UNIQUE (device, seq));
            PRAGMA user_version = 1;
        )sql";
        REQUIRE(sqlite3_exec(h, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
    }
    sqlite_store store(db.string());
    CHECK(pragma_text(db, "PRAGMA user_version") == std::to_string(sqlite_store::schema_version));
    CHECK(store.server_version() == 1);
    CHECK(store.pull(0, 10, "").changes.at(0).client_json == "{\"id\":\"a\"}");
    CHECK(store.users().empty());
    auto tx = store.begin_write();
    tx->put_user({"Anna", "admin", "h"});
    tx->record_op({"d:1", "d", 1, "a", "client.set", 1, "rejected", "err.x", "{}", 1, "{}"});
    CHECK(tx->find_op("d:1")->error_json == "{}");
    tx->commit();
}

namespace {

std::string record_entry(const std::string& op, const std::string& record) {
    return "{\"op_id\":\"" + op + "\",\"record\":\"" + record + "\"}";
}

}  // namespace

TEST_CASE("records share the version counter; a pull carries them with their own entries, filtered by kind") {
    sqlite_store store(":memory:");
    {
        auto tx = store.begin_write();
        CHECK(tx->put_client("a", "{\"id\":\"a\"}", entry("d:1"), "d:1") == 1);
        CHECK(tx->put_record("task:d:2", "task", "a", "{\"t\":1}", false, record_entry("d:2", "task:d:2"), "d:2") == 2);
        CHECK(tx->put_record("comment:d:3", "comment", "a", "{\"c\":1}", false, record_entry("d:3", "comment:d:3"), "d:3") == 3);
        CHECK(tx->put_record("task:d:2", "task", "a", "{\"t\":2}", true, record_entry("d:4", "task:d:2"), "d:4") == 4);
        CHECK(tx->put_client("a", "{\"id\":\"a\",\"n\":2}", entry("d:5"), "d:5") == 5);
        CHECK(tx->record_json("task:d:2") == std::optional<std::string>("{\"t\":2}"));
        CHECK_FALSE(tx->record_json("task:nothing"));
        // A record of a client that is not there is refused by the database itself.
        CHECK_THROWS_AS(tx->put_record("task:x", "task", "nobody", "{}", false, "{}", "d:6"), store_error);
        tx->commit();
    }
    CHECK(store.server_version() == 5);

    // Since 1: the comment (3), the task (4, its newest state, deleted), the client (5).
    auto page = store.pull(1, 10, "");
    REQUIRE(page.changes.size() == 3);
    CHECK(page.total == 3);
    CHECK(page.changes[0].record_id == "comment:d:3");
    CHECK(page.changes[0].record_kind == "comment");
    CHECK(page.changes[0].client_id == "a");
    CHECK(page.changes[0].record_json == "{\"c\":1}");
    CHECK(page.changes[1].record_id == "task:d:2");
    CHECK(page.changes[1].version == 4);
    CHECK(page.changes[1].history_json == std::vector<std::string>{record_entry("d:4", "task:d:2"), record_entry("d:2", "task:d:2")});
    CHECK_FALSE(page.changes[2].is_record());
    CHECK(page.changes[2].client_json == "{\"id\":\"a\",\"n\":2}");
    // The client's change carries its own entries only (not its records').
    CHECK(page.changes[2].history_json == std::vector<std::string>{entry("d:5")});

    // A first download carries no entries; history_since narrows them.
    page = store.pull(0, 10, "");
    CHECK(page.total == 3);  // the client, the task, the comment: each once
    for (const auto& c : page.changes) CHECK(c.history_json.empty());
    cc::server::pull_scope scope;
    scope.history_since = 3;
    page = store.pull(3, 10, "", scope);
    CHECK(page.changes[0].history_json == std::vector<std::string>{record_entry("d:4", "task:d:2")});

    // A caller who may read tasks but not comments, nor clients: counted and paged without them.
    scope = {};
    scope.clients = false;
    scope.record_kinds = std::vector<std::string>{"task"};
    page = store.pull(0, 10, "", scope);
    CHECK(page.total == 1);
    REQUIRE(page.changes.size() == 1);
    CHECK(page.changes[0].record_id == "task:d:2");
    scope.record_kinds = std::vector<std::string>{};
    page = store.pull(0, 10, "", scope);
    CHECK(page.total == 0);
    CHECK(page.changes.empty());
    CHECK(page.server_version == 5);

    // The client's log: every entry, records' included, newest first; by kind; by page.
    auto log = store.client_history("a", 0, 10, std::nullopt);
    REQUIRE(log.found);
    CHECK(log.entries.size() == 5);
    CHECK(log.entries[0].first == 5);
    CHECK(log.entries[4].first == 1);
    CHECK_FALSE(log.more);
    log = store.client_history("a", 0, 10, std::vector<std::string>{"task"});
    CHECK(log.entries.size() == 4);  // not the comment's
    for (const auto& e : log.entries) CHECK(e.first != 3);
    log = store.client_history("a", 4, 2, std::nullopt);
    REQUIRE(log.entries.size() == 2);
    CHECK(log.entries[0].first == 3);
    CHECK(log.entries[1].first == 2);
    CHECK(log.more);
    CHECK_FALSE(store.client_history("b", 0, 10, std::nullopt).found);
}

TEST_CASE("clients are found by phone number; integration ids map to records") {
    sqlite_store store(":memory:");
    auto tx = store.begin_write();
    tx->put_client("a", "{}", entry("d:1"), "d:1");
    tx->put_client("b", "{}", entry("d:2"), "d:2");
    tx->set_client_phones("a", {"+79123456789", "+74951234567"});
    tx->set_client_phones("b", {"+79123456789"});
    CHECK(tx->clients_by_phone("+79123456789") == std::vector<std::string>{"b", "a"});  // the newest first
    tx->set_client_phones("a", {"+74951234567"});  // replaced, not added
    CHECK(tx->clients_by_phone("+79123456789") == std::vector<std::string>{"b"});
    CHECK(tx->clients_by_phone("+70000000000").empty());
    tx->put_record("call:d:3", "call", "a", "{}", false, "{}", "d:3");
    CHECK_FALSE(tx->external_record("call", "mango", "1"));
    tx->put_external_record("call", "mango", "1", "call:d:3");
    CHECK(tx->external_record("call", "mango", "1") == std::optional<std::string>("call:d:3"));
    CHECK_FALSE(tx->external_record("call", "zadarma", "1"));
    tx->commit();
}
