// sqlite_store.cpp — see sqlite_store.hpp.
//
// Index of this file
//   [SECTION] schema
//   [SECTION] statements
//   [SECTION] opening
//   [SECTION] reads: pull
//   [SECTION] reads: snapshot
//   [SECTION] writes: transaction
#include "sqlite_store.hpp"

#include <sqlite3.h>

#include <limits>
#include <map>
#include <optional>
#include <vector>
#include <utility>

#include <nlohmann/json.hpp>

#include "sqlite_changes.hpp"
#include "sqlite_handle.hpp"

namespace cc::server {

// [SECTION] schema ---------------------------------------------------------------------------------
// Version 1, then one migration per later version (schema_steps). A new version adds a step,
// never edits an old one: files of every earlier version go through the same steps.
static constexpr const char* schema_v1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('server_version', 0);

-- The newest state of every client; `version` is the server version of its latest write.
CREATE TABLE clients (
    id      TEXT PRIMARY KEY,
    version INTEGER NOT NULL UNIQUE,
    json    TEXT NOT NULL
);

-- The activity log: one entry per write, append-only.
CREATE TABLE history (
    seq       INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id),
    version   INTEGER NOT NULL,
    op_id     TEXT NOT NULL,
    entry     TEXT NOT NULL
);
CREATE INDEX history_by_client ON history (client_id, seq);

-- Per device, the highest op seq processed (applied or rejected).
CREATE TABLE devices (
    device   TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- Every op a device pushed, so a retried op is answered "duplicate" and never applied twice.
CREATE TABLE ops (
    op_id       TEXT PRIMARY KEY,
    device      TEXT NOT NULL REFERENCES devices (device),
    seq         INTEGER NOT NULL,
    client_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    reason      TEXT NOT NULL DEFAULT '',
    op          TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (device, seq)
);
)sql";

// Version 2 (push): users with a role and a token hash; a rejected op keeps its whole error so a
// retry is answered with the same message.
static constexpr const char* schema_v2 = R"sql(
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'manager')),
    token_hash TEXT NOT NULL UNIQUE
);
ALTER TABLE ops ADD COLUMN error TEXT NOT NULL DEFAULT '';
)sql";

// Version 3 (ownership): a device belongs to the user who first used it. Devices of an older file
// get the user who made their first applied op (the actor the server wrote into its history
// entry, which came from the token); a device with no applied op (or a damaged entry) keeps ""
// and goes to the next user who uses it. Per device: its ops in seq order (the unique
// (device, seq) index), each entry found through history's (client_id, seq) index, so the step
// never scans the whole history, and costs nothing on a new file.
static constexpr const char* schema_v3 = R"sql(
ALTER TABLE devices ADD COLUMN owner TEXT NOT NULL DEFAULT '';
UPDATE devices SET owner = coalesce((
    SELECT CASE WHEN json_valid(h.entry) AND json_type(h.entry, '$.actor') = 'text'
                THEN json_extract(h.entry, '$.actor') END
    FROM ops o JOIN history h ON h.client_id = o.client_id AND h.op_id = o.op_id
    WHERE o.device = devices.device AND o.status = 'applied'
    ORDER BY o.seq LIMIT 1), '');
)sql";

// Version 4 (records): tasks, calls, comments and the kinds to come, each a row with its own
// version (the same counter as clients), kept as JSON in the wire format (cc::to_json(record)).
// History entries name the record an op changed (record_id, record_kind; '' for the client's own
// ops), and are found by client and version (the log, by page) and by record and version (a
// pull's entries of one record). client_phones finds a caller's client by number (telephony);
// integration_records maps an integration's own ids to the records it made. The users' role
// CHECK gains 'integration', which SQLite can only do by copying the table (ids kept).
// Files of schema 3 keep every row: the new columns default to '' and the phones are read from
// the clients' JSON (rows that are not valid JSON are skipped, never fatal).
static constexpr const char* schema_v4 = R"sql(
CREATE TABLE records (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id),
    json      TEXT NOT NULL,
    version   INTEGER NOT NULL UNIQUE,
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX records_by_client ON records (client_id, kind);

ALTER TABLE history ADD COLUMN record_id TEXT NOT NULL DEFAULT '';
ALTER TABLE history ADD COLUMN record_kind TEXT NOT NULL DEFAULT '';
DROP INDEX history_by_client;
CREATE INDEX history_by_client ON history (client_id, version);
CREATE INDEX history_by_record ON history (record_id, version) WHERE record_id <> '';

CREATE TABLE client_phones (
    e164      TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id),
    PRIMARY KEY (e164, client_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO client_phones (e164, client_id)
SELECT e, id FROM (
    SELECT c.id AS id, json_extract(c.json, p.fullkey || '.e164') AS e
    FROM clients c,
         json_each(CASE WHEN json_valid(c.json)
                        THEN CASE WHEN json_type(c.json, '$.phones') = 'array' THEN c.json ELSE '{}' END
                        ELSE '{}' END, '$.phones') p)
WHERE typeof(e) = 'text' AND e <> '';

CREATE TABLE integration_records (
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    external_id TEXT NOT NULL,
    record_id   TEXT NOT NULL REFERENCES records (id),
    PRIMARY KEY (kind, source, external_id)
) WITHOUT ROWID;

CREATE TABLE users_v4 (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'integration')),
    token_hash TEXT NOT NULL UNIQUE
);
INSERT INTO users_v4 (id, name, role, token_hash) SELECT id, name, role, token_hash FROM users;
DROP TABLE users;
ALTER TABLE users_v4 RENAME TO users;
)sql";

// Version 5 (integration events): client_emails finds an event's client by e-mail address
// (lowercase), as client_phones does by number; rewritten with every client write. Files of
// schema 4 get the addresses read from the clients' JSON (rows that are not valid JSON skipped).
static constexpr const char* schema_v5 = R"sql(
CREATE TABLE client_emails (
    address   TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id),
    PRIMARY KEY (address, client_id)
) WITHOUT ROWID;
-- Each client write replaces its rows: found by client, not by scanning the table (seeding
-- 100,000 clients scanned it once per client).
CREATE INDEX client_emails_by_client ON client_emails (client_id);
CREATE INDEX client_phones_by_client ON client_phones (client_id);
INSERT OR IGNORE INTO client_emails (address, client_id)
SELECT lower(trim(a)), id FROM (
    SELECT c.id AS id, json_extract(c.json, e.fullkey || '.address') AS a
    FROM clients c,
         json_each(CASE WHEN json_valid(c.json)
                        THEN CASE WHEN json_type(c.json, '$.emails') = 'array' THEN c.json ELSE '{}' END
                        ELSE '{}' END, '$.emails') e)
WHERE typeof(a) = 'text' AND trim(a) <> '';
)sql";

// schema_steps[i] takes a file from version i to version i + 1.
static constexpr const char* schema_steps[] = {schema_v1, schema_v2, schema_v3, schema_v4, schema_v5};
static_assert(sizeof schema_steps / sizeof schema_steps[0] == sqlite_store::schema_version);

// [SECTION] statements -------------------------------------------------------------------------------

struct sqlite_store::state {
    sqlite::connection db;
    // Settings and schema, on this same connection (a ":memory:" database exists only on the
    // connection that made it), before the statements below are prepared: they need the tables.
    bool ready;
    sqlite::statement begin_read{db, "BEGIN"};
    sqlite::statement begin_write{db, "BEGIN IMMEDIATE"};
    sqlite::statement commit{db, "COMMIT"};
    sqlite::statement rollback{db, "ROLLBACK"};
    sqlite::statement get_version{db, "SELECT value FROM meta WHERE key = 'server_version'"};
    sqlite::statement set_version{db, "UPDATE meta SET value = ?1 WHERE key = 'server_version'"};
    sqlite::statement count_clients{db, "SELECT count(*) FROM clients"};
    // Pulls: clients and records after a version, in one order. ?3: the caller reads clients;
    // ?4: a JSON array of the record kinds it reads, or NULL for all.
#define CC_READABLE_KIND "(?4 IS NULL OR kind IN (SELECT value FROM json_each(?4)))"
    sqlite::statement count_after{db, "SELECT (SELECT count(*) FROM clients WHERE ?3 AND version > ?1) + "
                                      "(SELECT count(*) FROM records WHERE version > ?1 AND " CC_READABLE_KIND ")"};
    sqlite::statement page{db, "SELECT id, '', version, json, '' FROM clients WHERE ?3 AND version > ?1 "
                               "UNION ALL "
                               "SELECT client_id, id, version, json, kind FROM records "
                               "WHERE version > ?1 AND " CC_READABLE_KIND " "
                               "ORDER BY version LIMIT ?2"};
#undef CC_READABLE_KIND
    sqlite::statement history_of_client{db, "SELECT entry FROM history WHERE client_id = ?1 AND record_id = '' "
                                            "AND version > ?2 ORDER BY version DESC, seq DESC"};
    sqlite::statement history_of_record{db, "SELECT entry FROM history WHERE record_id = ?1 AND record_id <> '' "
                                            "AND version > ?2 ORDER BY version DESC, seq DESC"};
    // A device's own applied ops' entries (a first download carries only these): by the ops
    // table's (device, seq) index, each entry by (client_id, version).
    sqlite::statement own_entries{db, "SELECT h.client_id, h.record_id, h.entry FROM ops o JOIN history h "
                                      "ON h.client_id = o.client_id AND h.version = o.version AND h.op_id = o.op_id "
                                      "WHERE o.device = ?1 AND o.status = 'applied' ORDER BY h.version DESC, h.seq DESC"};
    // A client's log by page: its own entries and those of records of the kinds in ?4 (NULL: all).
    sqlite::statement log_page{db, "SELECT version, entry FROM history WHERE client_id = ?1 AND version < ?2 "
                                       "AND (record_id = '' OR ?4 IS NULL OR "
                                       "record_kind IN (SELECT value FROM json_each(?4))) "
                                       "ORDER BY version DESC, seq DESC LIMIT ?3"};
    sqlite::statement get_client{db, "SELECT json FROM clients WHERE id = ?1"};
    sqlite::statement put_client{db, "INSERT INTO clients (id, version, json) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (id) DO UPDATE SET version = ?2, json = ?3"};
    sqlite::statement add_history{db, "INSERT INTO history (client_id, version, op_id, entry, record_id, record_kind) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
    sqlite::statement get_record{db, "SELECT json FROM records WHERE id = ?1"};
    // Uses records_by_client (client_id, kind).
    sqlite::statement records_of_kind{db, "SELECT json FROM records WHERE client_id = ?1 AND kind = ?2"};
    sqlite::statement put_record{db, "INSERT INTO records (id, kind, client_id, json, version, deleted) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                     "ON CONFLICT (id) DO UPDATE SET json = ?4, version = ?5, deleted = ?6"};
    sqlite::statement drop_emails{db, "DELETE FROM client_emails WHERE client_id = ?1"};
    sqlite::statement add_email{db, "INSERT OR IGNORE INTO client_emails (address, client_id) VALUES (?1, ?2)"};
    sqlite::statement find_email{db, "SELECT m.client_id FROM client_emails m JOIN clients c ON c.id = m.client_id "
                                     "WHERE m.address = ?1 ORDER BY c.version DESC"};
    sqlite::statement drop_phones{db, "DELETE FROM client_phones WHERE client_id = ?1"};
    sqlite::statement add_phone{db, "INSERT OR IGNORE INTO client_phones (e164, client_id) VALUES (?1, ?2)"};
    sqlite::statement find_phone{db, "SELECT p.client_id FROM client_phones p JOIN clients c ON c.id = p.client_id "
                                     "WHERE p.e164 = ?1 ORDER BY c.version DESC"};
    sqlite::statement get_external{db, "SELECT record_id FROM integration_records "
                                       "WHERE kind = ?1 AND source = ?2 AND external_id = ?3"};
    sqlite::statement put_external{db, "INSERT INTO integration_records (kind, source, external_id, record_id) "
                                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, source, external_id) "
                                       "DO UPDATE SET record_id = ?4"};
    sqlite::statement get_device{db, "SELECT last_seq FROM devices WHERE device = ?1"};
    sqlite::statement put_device{db, "INSERT INTO devices (device, last_seq) VALUES (?1, ?2) "
                                     "ON CONFLICT (device) DO UPDATE SET last_seq = max(last_seq, ?2)"};
    sqlite::statement get_owner{db, "SELECT owner FROM devices WHERE device = ?1"};
    // A device row may exist without an owner (a file migrated from schema 2): it is claimed too.
    sqlite::statement claim{db, "INSERT INTO devices (device, last_seq, owner) VALUES (?1, 0, ?2) "
                                "ON CONFLICT (device) DO UPDATE SET owner = ?2 WHERE owner = ''"};
#define CC_OP_COLUMNS "op_id, device, seq, client_id, kind, version, status, reason, op, received_at, error"
    sqlite::statement get_op{db, "SELECT " CC_OP_COLUMNS " FROM ops WHERE op_id = ?1"};
    sqlite::statement get_op_at{db, "SELECT " CC_OP_COLUMNS " FROM ops WHERE device = ?1 AND seq = ?2"};
    sqlite::statement put_op{db, "INSERT INTO ops (" CC_OP_COLUMNS ") "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"};
#undef CC_OP_COLUMNS
    sqlite::statement list_users{db, "SELECT name, role, token_hash FROM users ORDER BY id"};
    sqlite::statement token_owner{db, "SELECT name FROM users WHERE token_hash = ?1 AND name <> ?2"};
    sqlite::statement put_user{db, "INSERT INTO users (name, role, token_hash) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (name) DO UPDATE SET role = ?2, token_hash = ?3"};

    state(const std::string& path, const sqlite_options& options)
        : db(path), ready(set_up(db, path, options)) {}

    static bool set_up(sqlite::connection& db, const std::string& path, const sqlite_options& options);

    void step_once(sqlite::statement& s) {
        sqlite::statement::run r(s);
        r.step();
    }
    std::int64_t version() {
        sqlite::statement::run r(get_version);
        return r.step() ? r.int64(0) : 0;
    }
    static op_record read_op(const sqlite::statement::run& r) {
        return op_record{r.text(0), r.text(1), r.int64(2), r.text(3), r.text(4), r.int64(5),
                         r.text(6), r.text(7), r.text(8), r.int64(9), r.text(10)};
    }
    std::int64_t device_seq(const std::string& device) {
        if (device.empty()) return 0;
        sqlite::statement::run r(get_device);
        r.bind(1, device);
        return r.step() ? r.int64(0) : 0;
    }
    std::string device_owner(const std::string& device) {
        sqlite::statement::run r(get_owner);
        r.bind(1, device);
        return r.step() ? r.text(0) : std::string();
    }
    std::string claim_device(const std::string& device, const std::string& user) {
        {
            sqlite::statement::run r(claim);
            r.bind(1, device).bind(2, user).step();
        }
        return device_owner(device);
    }
};

// [SECTION] opening -------------------------------------------------------------------------------------

static std::string single_text(sqlite::connection& db, const char* sql) {
    sqlite::statement s(db, sql);
    sqlite::statement::run r(s);
    return r.step() ? r.text(0) : std::string();
}

static std::int64_t single_int(sqlite::connection& db, const char* sql) {
    sqlite::statement s(db, sql);
    sqlite::statement::run r(s);
    return r.step() ? r.int64(0) : 0;
}

bool sqlite_store::state::set_up(sqlite::connection& db, const std::string& path,
                                 const sqlite_options& options) {
    sqlite3_busy_timeout(db.get(), 5000);
    // Per connection, not stored in the file. FULL: a commit is on disk before the answer goes
    // out, so an op the server confirmed survives a power cut (clients drop confirmed ops from
    // their journals). Tests that open thousands of stores may give that up (durable = false).
    db.exec(std::string("PRAGMA foreign_keys = ON; PRAGMA synchronous = ") +
            (options.durable ? "FULL" : "OFF"));
    // WAL is stored in the file; an in-memory database answers "memory" and needs no journal.
    std::string mode = single_text(db, "PRAGMA journal_mode = WAL");
    if (mode != "wal" && mode != "memory")
        throw store_error("cannot switch " + path + " to WAL mode (journal mode is \"" + mode + "\")");
    std::int64_t found = single_int(db, "PRAGMA user_version");
    if (found > schema_version)
        throw store_error(path + " was written by a newer server (schema " + std::to_string(found) +
                          ", this server knows up to " + std::to_string(schema_version) + ")");
    if (found == 0 && single_int(db, "SELECT count(*) FROM sqlite_master") != 0)
        throw store_error(path + " is not a ClientCard database (it has other tables)");
    // Each step commits with its version number, so a failed step leaves the file at the last
    // good version. A new file takes every step in one transaction (it has nothing to keep, and
    // tests open thousands of in-memory stores).
    for (std::int64_t v = found; v < schema_version;) {
        const std::int64_t upto = found == 0 ? schema_version : v + 1;
        db.exec("BEGIN IMMEDIATE");
        try {
            for (; v < upto; ++v) db.exec(schema_steps[v]);
            db.exec("PRAGMA user_version = " + std::to_string(upto));
            db.exec("COMMIT");
        } catch (...) {
            try { db.exec("ROLLBACK"); } catch (...) {}
            throw;
        }
    }
    return true;
}

sqlite_store::sqlite_store(const std::string& path, sqlite_options options) : path_(path) {
    try {
        s_ = std::make_unique<state>(path, options);
    } catch (const store_error& e) {
        std::string message = e.what();
        if (message.find(path) == std::string::npos) message = path + ": " + message;
        throw store_error(message);
    }
}

sqlite_store::~sqlite_store() {
    try { close(); } catch (...) {}
}

sqlite_store::state& sqlite_store::open_state() {
    if (!s_) throw store_error("the database is closed");
    return *s_;
}

void sqlite_store::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!s_) return;
    // Fold the WAL back into the main file so the .db file alone is a complete copy.
    try { s_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); } catch (const store_error&) {}
    s_.reset();
}

std::int64_t sqlite_store::server_version() {
    std::lock_guard<std::mutex> lock(mutex_);
    return open_state().version();
}

std::int64_t sqlite_store::client_count() {
    std::lock_guard<std::mutex> lock(mutex_);
    state& s = open_state();
    sqlite::statement::run r(s.count_clients);
    return r.step() ? r.int64(0) : 0;
}

// [SECTION] reads: pull ------------------------------------------------------------------------------

pull_page sqlite_store::pull(std::int64_t since, std::int64_t limit, const std::string& device,
                             const pull_scope& scope) {
    std::lock_guard<std::mutex> lock(mutex_);
    state& s = open_state();
    pull_page out;
    const std::optional<std::string> kinds = kinds_param(scope.record_kinds);
    const std::int64_t clients = scope.clients ? 1 : 0;
    const std::int64_t history_since = scope.history_since < 0 ? since : scope.history_since;
    // One read transaction: the count, the page and the version come from the same snapshot.
    s.step_once(s.begin_read);
    try {
        {
            sqlite::statement::run r(s.count_after);
            r.bind(1, since).bind(3, clients);
            if (kinds) r.bind(4, *kinds);
            out.total = r.step() ? r.int64(0) : 0;
        }
        {
            sqlite::statement::run r(s.page);
            r.bind(1, since).bind(2, limit).bind(3, clients);
            if (kinds) r.bind(4, *kinds);
            while (r.step()) out.changes.push_back(change_row(r));
        }
        // A first download (history_since 0) carries no logs: at 100,000 clients that would be
        // every entry the server has. Only the asking device's own entries come along, so a card
        // whose push answer was lost learns which of its ops were applied. Entries come with the
        // change of the client or record they belong to.
        if (history_since == 0 && !device.empty()) {
            std::map<std::pair<std::string, std::string>, std::vector<std::string>> own;
            sqlite::statement::run r(s.own_entries);
            r.bind(1, device);
            while (r.step()) own[{r.text(0), r.text(1)}].push_back(r.text(2));
            if (!own.empty())
                for (auto& change : out.changes)
                    if (auto it = own.find({change.client_id, change.record_id}); it != own.end())
                        change.history_json = it->second;
        }
        if (history_since > 0)
            for (auto& change : out.changes) {
                sqlite::statement::run r(change.is_record() ? s.history_of_record : s.history_of_client);
                r.bind(1, change.is_record() ? change.record_id : change.client_id).bind(2, history_since);
                while (r.step()) change.history_json.push_back(r.text(0));
            }
        out.server_version = s.version();
        out.device_seq = s.device_seq(device);
        s.step_once(s.commit);
    } catch (...) {
        try { s.step_once(s.rollback); } catch (...) {}
        throw;
    }
    return out;
}

history_page sqlite_store::client_history(const std::string& client_id, std::int64_t before, std::int64_t limit,
                                          const std::optional<std::vector<std::string>>& record_kinds) {
    std::lock_guard<std::mutex> lock(mutex_);
    state& s = open_state();
    history_page out;
    const std::optional<std::string> kinds = kinds_param(record_kinds);
    s.step_once(s.begin_read);
    try {
        {
            sqlite::statement::run r(s.get_client);
            r.bind(1, client_id);
            out.found = r.step();
            if (out.found) out.client_json = r.text(0);
        }
        if (out.found && limit > 0) {
            // One more than asked: whether an older page exists, without counting.
            sqlite::statement::run r(s.log_page);
            r.bind(1, client_id).bind(2, before > 0 ? before : std::numeric_limits<std::int64_t>::max()).bind(3, limit + 1);
            if (kinds) r.bind(4, *kinds);
            while (r.step()) out.entries.emplace_back(r.int64(0), r.text(1));
            if (static_cast<std::int64_t>(out.entries.size()) > limit) {
                out.entries.pop_back();
                out.more = true;
            }
        }
        s.step_once(s.commit);
    } catch (...) {
        try { s.step_once(s.rollback); } catch (...) {}
        throw;
    }
    return out;
}

// [SECTION] reads: snapshot --------------------------------------------------------------------------
// The reading itself is in sqlite_changes.cpp; here, which connection holds its transaction.

namespace {
bool in_memory_path(const std::string& path) {
    return path.empty() || path == ":memory:" || path.rfind("file::memory:", 0) == 0;
}
}  // namespace

std::unique_ptr<snapshot_reader> sqlite_store::open_snapshot(const std::string& device, const pull_scope& scope) {
    if (!in_memory_path(path_)) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            open_state();  // closed: throws
        }
        return open_file_snapshot(path_, device, scope);
    }
    // An in-memory database exists on the store's connection only: the rows are read at once.
    std::lock_guard<std::mutex> lock(mutex_);
    state& s = open_state();
    s.step_once(s.begin_read);
    try {
        auto out = read_snapshot_now(s.db, device, scope);
        s.step_once(s.commit);
        return out;
    } catch (...) {
        try { s.step_once(s.rollback); } catch (...) {}
        throw;
    }
}

// [SECTION] writes: transaction ---------------------------------------------------------------------

class sqlite_store::transaction final : public write_transaction {
public:
    transaction(std::unique_lock<std::mutex> lock, state& s) : lock_(std::move(lock)), s_(s) {
        s_.step_once(s_.begin_write);
        version_ = s_.version();
    }
    ~transaction() override {
        if (!done_) {
            try { s_.step_once(s_.rollback); } catch (...) {}
        }
    }

    std::optional<std::string> client_json(const std::string& id) override {
        sqlite::statement::run r(s_.get_client);
        r.bind(1, id);
        if (!r.step()) return std::nullopt;
        return r.text(0);
    }

    std::int64_t put_client(const std::string& id, const std::string& json,
                            const std::string& history_json, const std::string& op_id) override {
        std::int64_t v = version_ + 1;
        {
            sqlite::statement::run r(s_.put_client);
            r.bind(1, id).bind(2, v).bind(3, json).step();
        }
        add_history(id, v, op_id, history_json, "", "");
        set_version(v);
        return v;
    }

    void set_client_phones(const std::string& client_id, const std::vector<std::string>& e164) override {
        {
            sqlite::statement::run r(s_.drop_phones);
            r.bind(1, client_id).step();
        }
        for (const auto& number : e164) {
            if (number.empty()) continue;
            sqlite::statement::run r(s_.add_phone);
            r.bind(1, number).bind(2, client_id).step();
        }
    }

    void set_client_emails(const std::string& client_id, const std::vector<std::string>& addresses) override {
        {
            sqlite::statement::run r(s_.drop_emails);
            r.bind(1, client_id).step();
        }
        for (const auto& address : addresses) {
            const std::string key = email_key(address);
            if (key.empty()) continue;
            sqlite::statement::run r(s_.add_email);
            r.bind(1, key).bind(2, client_id).step();
        }
    }

    std::vector<std::string> clients_by_email(const std::string& address) override {
        std::vector<std::string> out;
        sqlite::statement::run r(s_.find_email);
        r.bind(1, email_key(address));
        while (r.step()) out.push_back(r.text(0));
        return out;
    }

    std::vector<std::string> clients_by_phone(const std::string& e164) override {
        std::vector<std::string> out;
        sqlite::statement::run r(s_.find_phone);
        r.bind(1, e164);
        while (r.step()) out.push_back(r.text(0));
        return out;
    }

    std::optional<std::string> record_json(const std::string& record_id) override {
        sqlite::statement::run r(s_.get_record);
        r.bind(1, record_id);
        if (!r.step()) return std::nullopt;
        return r.text(0);
    }

    std::vector<std::string> records_of(const std::string& client_id, const std::string& kind) override {
        std::vector<std::string> out;
        sqlite::statement::run r(s_.records_of_kind);
        r.bind(1, client_id).bind(2, kind);
        while (r.step()) out.push_back(r.text(0));
        return out;
    }

    std::int64_t put_record(const std::string& record_id, const std::string& kind, const std::string& client_id,
                            const std::string& json, bool deleted, const std::string& history_json,
                            const std::string& op_id) override {
        std::int64_t v = version_ + 1;
        {
            sqlite::statement::run r(s_.put_record);
            r.bind(1, record_id).bind(2, kind).bind(3, client_id).bind(4, json).bind(5, v)
             .bind(6, std::int64_t(deleted ? 1 : 0)).step();
        }
        add_history(client_id, v, op_id, history_json, record_id, kind);
        set_version(v);
        return v;
    }

    std::optional<std::string> external_record(const std::string& kind, const std::string& source,
                                               const std::string& external_id) override {
        sqlite::statement::run r(s_.get_external);
        r.bind(1, kind).bind(2, source).bind(3, external_id);
        if (!r.step()) return std::nullopt;
        return r.text(0);
    }

    void put_external_record(const std::string& kind, const std::string& source, const std::string& external_id,
                             const std::string& record_id) override {
        sqlite::statement::run r(s_.put_external);
        r.bind(1, kind).bind(2, source).bind(3, external_id).bind(4, record_id).step();
    }

    std::optional<op_record> find_op(const std::string& op_id) override {
        sqlite::statement::run r(s_.get_op);
        r.bind(1, op_id);
        if (!r.step()) return std::nullopt;
        return state::read_op(r);
    }

    std::optional<op_record> find_op_at(const std::string& device, std::int64_t seq) override {
        sqlite::statement::run r(s_.get_op_at);
        r.bind(1, device).bind(2, seq);
        if (!r.step()) return std::nullopt;
        return state::read_op(r);
    }

    std::int64_t version() override { return version_; }

    std::int64_t device_seq(const std::string& device) override { return s_.device_seq(device); }

    std::string device_owner(const std::string& device) override { return s_.device_owner(device); }

    std::string claim_device(const std::string& device, const std::string& user) override {
        return s_.claim_device(device, user);
    }

    void record_op(const op_record& op) override {
        {
            sqlite::statement::run r(s_.put_device);
            r.bind(1, op.device).bind(2, op.seq).step();
        }
        sqlite::statement::run r(s_.put_op);
        r.bind(1, op.op_id).bind(2, op.device).bind(3, op.seq).bind(4, op.client_id)
         .bind(5, op.kind).bind(6, op.version).bind(7, op.status).bind(8, op.reason)
         .bind(9, op.op_json).bind(10, op.received_at).bind(11, op.error_json);
        r.step();
    }

    void put_user(const user_record& u) override {
        {
            sqlite::statement::run r(s_.token_owner);
            r.bind(1, u.token_hash).bind(2, u.name);
            if (r.step()) throw store_error("user " + u.name + " cannot have the token of user " + r.text(0));
        }
        sqlite::statement::run r(s_.put_user);
        r.bind(1, u.name).bind(2, u.role).bind(3, u.token_hash).step();
    }

    void commit() override {
        s_.step_once(s_.commit);
        done_ = true;
    }

private:
    void add_history(const std::string& client_id, std::int64_t v, const std::string& op_id,
                     const std::string& entry, const std::string& record_id, const std::string& record_kind) {
        sqlite::statement::run r(s_.add_history);
        r.bind(1, client_id).bind(2, v).bind(3, op_id).bind(4, entry).bind(5, record_id).bind(6, record_kind).step();
    }
    void set_version(std::int64_t v) {
        sqlite::statement::run r(s_.set_version);
        r.bind(1, v).step();
        version_ = v;
    }

    std::unique_lock<std::mutex> lock_;
    state& s_;
    std::int64_t version_ = 0;
    bool done_ = false;
};

std::vector<user_record> sqlite_store::users() {
    std::lock_guard<std::mutex> lock(mutex_);
    state& s = open_state();
    std::vector<user_record> out;
    sqlite::statement::run r(s.list_users);
    while (r.step()) out.push_back({r.text(0), r.text(1), r.text(2)});
    return out;
}

std::string sqlite_store::claim_device(const std::string& device, const std::string& user) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        std::string owner = open_state().device_owner(device);
        if (!owner.empty()) return owner;
    }
    // New (or ownerless): one short write transaction. Another thread may claim it in between;
    // the claim statement never takes a device that has an owner, so the first one wins.
    auto tx = begin_write();
    std::string owner = tx->claim_device(device, user);
    tx->commit();
    return owner;
}

std::unique_ptr<write_transaction> sqlite_store::begin_write() {
    std::unique_lock<std::mutex> lock(mutex_);  // held until the transaction ends
    state& s = open_state();
    return std::make_unique<transaction>(std::move(lock), s);
}

}  // namespace cc::server
