// sqlite_store.hpp — server_store on SQLite: one file, WAL mode (readers never wait for the
// writer's fsync), foreign keys on, a busy timeout for other processes, statements prepared once.
// Tables and their meaning: docs/server.md "Storage".
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "server_store.hpp"

namespace cc::server {

struct sqlite_options {
    // true: synchronous = FULL, every commit is on disk before it returns (the server).
    // false: synchronous = OFF, for tests that open thousands of throwaway stores.
    bool durable = true;
};

class sqlite_store final : public server_store {
public:
    // Opens or creates the database file at `path` and creates, migrates or checks the schema.
    // ":memory:" gives a private in-memory database (tests: opens in well under a millisecond).
    // Throws store_error with a readable reason.
    explicit sqlite_store(const std::string& path, sqlite_options options = {});
    ~sqlite_store() override;

    std::int64_t server_version() override;
    std::int64_t client_count() override;
    using server_store::pull;
    pull_page pull(std::int64_t since, std::int64_t limit, const std::string& device,
                   const pull_scope& scope) override;
    history_page client_history(const std::string& client_id, std::int64_t before, std::int64_t limit,
                                const std::optional<std::vector<std::string>>& record_kinds) override;
    std::unique_ptr<write_transaction> begin_write() override;
    // A file database: a read-only connection of the snapshot's own, so the read transaction it
    // holds for the whole stream never waits for, nor blocks, the store's connection (WAL).
    // ":memory:" (tests): the rows are read at once under the store's lock and kept in memory.
    std::unique_ptr<snapshot_reader> open_snapshot(const std::string& device, const pull_scope& scope) override;
    std::string claim_device(const std::string& device, const std::string& user) override;
    std::vector<user_record> users() override;
    void close() override;

    static constexpr int schema_version = 5;  // PRAGMA user_version of the file

private:
    struct state;
    class transaction;
    std::mutex mutex_;  // one connection, used by one thread at a time
    std::string path_;  // the file (snapshots open their own connections to it)
    std::unique_ptr<state> s_;
    state& open_state();
};

}  // namespace cc::server
