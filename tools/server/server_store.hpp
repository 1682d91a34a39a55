// server_store.hpp — what the reference server needs from its database. SQLite implements it
// (sqlite_store.hpp); a PostgreSQL class could implement the same interface (docs/server.md).
//
// The model: every write to a client gives it the next server version (one counter for the whole
// server). A pull returns the clients whose version is above the caller's cursor, oldest first,
// so each client appears once with its newest state. Records keep clients and activity entries
// as JSON text in the wire format (core/codec.hpp), so a pull sends them without re-encoding.
//
// Thread safety: every method may be called from any thread. While a write_transaction is open
// on a thread, that thread must not call the store's other methods (they would wait for it).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cc::server {

// A failure of the database itself (disk, corruption, a schema from a newer server).
struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct change_record {
    std::int64_t version = 0;
    std::string client_id;
    std::string client_json;
    std::vector<std::string> history_json;  // activity entries, newest first
};

struct pull_page {
    std::vector<change_record> changes;  // version > since, ascending, at most `limit`
    std::int64_t total = 0;              // changes after `since` in all
    std::int64_t server_version = 0;
    std::int64_t device_seq = 0;         // last op seq processed for the asking device (0: none)
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
    std::string role;             // "admin" | "manager"
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
    virtual pull_page pull(std::int64_t since, std::int64_t limit, const std::string& device) = 0;
    virtual std::unique_ptr<write_transaction> begin_write() = 0;
    // The same as write_transaction::claim_device, for a pull: reads first and writes only
    // when the device is new, so a card's every long poll stays a read.
    virtual std::string claim_device(const std::string& device, const std::string& user) = 0;
    virtual std::vector<user_record> users() = 0;  // in the order they were added
    // Runs a checkpoint and closes; later calls throw. Called at shutdown.
    virtual void close() = 0;
};

}  // namespace cc::server
