// sqlite_changes.hpp — reading changes out of the SQLite store: the rows a pull page and a
// snapshot share, and the snapshot readers (GET /api/v1/snapshot, docs/api.md). The caller
// (sqlite_store.cpp) decides which connection and transaction they run on.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server_store.hpp"
#include "sqlite_handle.hpp"

namespace cc::server {

// One row of a changes query (client id, record id, version, JSON, kind).
change_record change_row(const sqlite::statement::run& r);
// The kinds a caller may read, as the JSON array the statements take (json_each), or nullopt.
std::optional<std::string> kinds_param(const std::optional<std::vector<std::string>>& kinds);

// A file database: a connection of its own holds one read transaction from the counts to the last
// row; the rows are stepped as they are asked for.
std::unique_ptr<snapshot_reader> open_file_snapshot(const std::string& path, const std::string& device,
                                                    const pull_scope& scope);
// Every row at once, on `db`, inside the read transaction the caller holds.
std::unique_ptr<snapshot_reader> read_snapshot_now(sqlite::connection& db, const std::string& device,
                                                   const pull_scope& scope);

}  // namespace cc::server
