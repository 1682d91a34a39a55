// server_store.hpp — what the reference server needs from its database. SQLite implements it
// (sqlite_store.hpp); a PostgreSQL class could implement the same interface (docs/server.md).
//
// The model: every write to a client or to one of its records (task, call, comment, ...) gives it
// the next server version (one counter for the whole server). A pull returns the clients and
// records whose version is above the caller's cursor, oldest first, so each appears once with its
// newest state, with the activity entries written after a second cursor (`history_since`). Every
// write appends one activity entry to its client's log; an entry of a record op names the record.
// The store keeps clients, records and entries as JSON text in the wire format (core/codec.hpp),
// so a pull sends them without re-encoding.
//
// Thread safety: every method may be called from any thread. While a write_transaction is open
// on a thread, that thread must not call the store's other methods (they would wait for it).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cc::server {

// An e-mail address as the store compares it: trimmed, ASCII letters lowercased ("" for none).
inline std::string email_key(std::string address) {
    while (!address.empty() && (address.back() == ' ' || address.back() == '\t')) address.pop_back();
    std::size_t start = 0;
    while (start < address.size() && (address[start] == ' ' || address[start] == '\t')) ++start;
    address.erase(0, start);
    for (char& c : address)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return address;
}

// A failure of the database itself (disk, corruption, a schema from a newer server).
struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One change of a pull page: a client (record_id empty) or a record.
struct change_record {
    std::int64_t version = 0;
    std::string client_id;                  // the client, or the client the record belongs to
    std::string client_json;                // the client's state; "" for a record change
    std::string record_id;                  // "" for a client change
    std::string record_kind;                // "task", "call", ...; "" for a client change
    std::string record_json;                // the record's state (cc::to_json(record))
    std::vector<std::string> history_json;  // activity entries of this client (its own ops) or
                                            // record, version > history_since, newest first
    bool is_record() const { return !record_id.empty(); }
};

// What a pull reads besides the versions: whose entries, and which kinds the caller may read
// (the policy's read rows; the store filters in SQL, so totals and pages count only those).
struct pull_scope {
    // Entries with version > this go with each change; 0: a first download, which carries no
    // logs (they are fetched page by page with client_history) except the asking device's own
    // applied ops' entries. -1: the pull's `since`.
    std::int64_t history_since = -1;
    bool clients = true;                                   // the caller may read clients
    std::optional<std::vector<std::string>> record_kinds;  // kinds it may read; nullopt: all
};

// One page of a client's log, newest first (GET /api/v1/clients/{id}/history).
struct history_page {
    bool found = false;                  // the client exists (possibly deleted)
    std::string client_json;             // its state, so the caller can see `deleted`
    std::vector<std::pair<std::int64_t, std::string>> entries;  // (version, entry), newest first
    bool more = false;                   // older entries exist beyond this page
};

struct pull_page {
    std::vector<change_record> changes;  // version > since, ascending, at most `limit`
    std::int64_t total = 0;              // changes after `since` in all
    std::int64_t server_version = 0;
    std::int64_t device_seq = 0;         // last op seq processed for the asking device (0: none)
};

// A snapshot (GET /api/v1/snapshot): every client and record a scope may read, as one consistent
// read of the database, handed out a row at a time so that 100,000 clients are never in memory
// at once. Pushes that commit while it is open are not in it (they come with the pulls from its
// version). Used by one thread at a time; closing it (destroying it) ends the read.
class snapshot_reader {
public:
    virtual ~snapshot_reader() = default;
    std::int64_t version = 0;       // the server version the read sees: the cursor after it
    std::int64_t clients = 0;       // clients next() will give (tombstones included)
    std::int64_t records = 0;       // records it will give (of the scope's kinds)
    std::int64_t json_bytes = 0;    // the bytes of their JSON texts and entries, in all
    // The next change in ascending version, with the asking device's own entries (as a first
    // pull carries them); false after the last one.
    virtual bool next(change_record& out) = 0;
};

// One processed op: applied or rejected, it is never applied again (idempotency by op id).
struct op_record {
    std::string op_id;
    std::string device;
    std::int64_t seq = 0;
    std::string client_id;
    std::string kind;
    std::int64_t version = 0;     // server version it produced; for a rejection, the version then
    std::string status;           // "applied" | "rejected"
    std::string reason;           // error code of a rejection
    std::string op_json;          // the op as received
    std::int64_t received_at = 0; // ms since the epoch
    std::string error_json;       // a rejection's whole error ({"code","message",...}); "" if applied
};

// A user who may call the API. The token itself is never stored, only its SHA-256 (users.hpp).
struct user_record {
    std::string name;             // unique; shown as the actor of the user's edits
    std::string role;             // "admin" | "manager" | "integration"
    std::string token_hash;       // lowercase hex SHA-256 of the bearer token; unique
};

// All reads and writes of one push batch (or one seeding) happen inside one of these, atomically.
// Destroying it without commit() rolls everything back.
class write_transaction {
public:
    virtual ~write_transaction() = default;
    virtual std::optional<std::string> client_json(const std::string& client_id) = 0;
    // The server version as this transaction sees it: the last one handed out. The next
    // put_client gets version() + 1 (callers put that number into the history entry).
    virtual std::int64_t version() = 0;
    // Stores the client's new state and appends `history_json` (one activity entry) to its log;
    // returns the new server version the write got.
    virtual std::int64_t put_client(const std::string& client_id, const std::string& client_json,
                                    const std::string& history_json, const std::string& op_id) = 0;
    // The E.164 numbers of a client's phones, for finding a caller's client (replaces the list).
    virtual void set_client_phones(const std::string& client_id, const std::vector<std::string>& e164) = 0;
    // Clients with a phone of this E.164 number, the most recently written first.
    virtual std::vector<std::string> clients_by_phone(const std::string& e164) = 0;
    // The addresses of a client's e-mails, for finding an event's client (replaces the list;
    // compared as email_key() makes them).
    virtual void set_client_emails(const std::string& client_id, const std::vector<std::string>& addresses) = 0;
    // Clients with this e-mail address (any case), the most recently written first.
    virtual std::vector<std::string> clients_by_email(const std::string& address) = 0;
    // A record's newest state (cc::to_json(record)), or nullopt when there is none of this id.
    virtual std::optional<std::string> record_json(const std::string& record_id) = 0;
    // Stores a record's new state under the next version and appends `history_json` (the op's
    // activity entry) to its client's log, naming the record; returns the new version. The
    // client must exist.
    virtual std::int64_t put_record(const std::string& record_id, const std::string& kind,
                                    const std::string& client_id, const std::string& record_json, bool deleted,
                                    const std::string& history_json, const std::string& op_id) = 0;
    // The client's records of one kind, live and deleted, as stored (cc::to_json(record)): what
    // the kind's rules across records (cc::check_across) are run on before a write commits.
    virtual std::vector<std::string> records_of(const std::string& client_id, const std::string& kind) = 0;
    // An integration's own id for a record it made: (kind, source, external id) -> record id.
    virtual std::optional<std::string> external_record(const std::string& kind, const std::string& source,
                                                       const std::string& external_id) = 0;
    virtual void put_external_record(const std::string& kind, const std::string& source,
                                     const std::string& external_id, const std::string& record_id) = 0;
    virtual std::optional<op_record> find_op(const std::string& op_id) = 0;
    // The op a device sent with this seq, if any (a device's seqs are unique).
    virtual std::optional<op_record> find_op_at(const std::string& device, std::int64_t seq) = 0;
    virtual std::int64_t device_seq(const std::string& device) = 0;
    // Devices belong to the user who first used them (docs/api.md "Who may use which ids").
    // The owner's name, or "" when nobody has used the device yet.
    virtual std::string device_owner(const std::string& device) = 0;
    // Gives a device nobody owns to `user`; returns the owner afterwards (`user`, or whoever
    // had it already: ownership never changes hands).
    virtual std::string claim_device(const std::string& device, const std::string& user) = 0;
    // Remembers a processed op and raises the device's last seq. Throws store_error when the op
    // id is already there (callers check find_op first).
    virtual void record_op(const op_record& op) = 0;
    // Adds a user, or replaces the role and token of the user with this name. Throws store_error
    // when another user already has this token.
    virtual void put_user(const user_record& u) = 0;
    virtual void commit() = 0;
};

class server_store {
public:
    virtual ~server_store() = default;
    virtual std::int64_t server_version() = 0;
    virtual std::int64_t client_count() = 0;
    // `device` may be empty: device_seq is then 0.
    virtual pull_page pull(std::int64_t since, std::int64_t limit, const std::string& device,
                           const pull_scope& scope) = 0;
    // Everything, the entries after `since` included (tests, tools).
    pull_page pull(std::int64_t since, std::int64_t limit, const std::string& device) {
        return pull(since, limit, device, pull_scope{});
    }
    // A client's log, newest first: at most `limit` entries with version < `before` (0: from the
    // newest), of the client's own ops and of records of `record_kinds` (nullopt: every kind).
    virtual history_page client_history(const std::string& client_id, std::int64_t before, std::int64_t limit,
                                        const std::optional<std::vector<std::string>>& record_kinds) = 0;
    virtual std::unique_ptr<write_transaction> begin_write() = 0;
    // Opens a snapshot of what `scope` may read (its history_since is ignored: a snapshot holds
    // the logs of `device`'s own applied ops only). The read stays open until the reader goes;
    // it must not block writers for that long (SQLite: a connection of its own, in WAL mode).
    virtual std::unique_ptr<snapshot_reader> open_snapshot(const std::string& device, const pull_scope& scope) = 0;
    // The same as write_transaction::claim_device, for a pull: reads first and writes only
    // when the device is new, so a card's every long poll stays a read.
    virtual std::string claim_device(const std::string& device, const std::string& user) = 0;
    virtual std::vector<user_record> users() = 0;  // in the order they were added
    // Runs a checkpoint and closes; later calls throw. Called at shutdown.
    virtual void close() = 0;
};

}  // namespace cc::server
