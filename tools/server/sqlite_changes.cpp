// sqlite_changes.cpp — see sqlite_changes.hpp.
//
// Index of this file
//   [SECTION] rows of the changes queries
//   [SECTION] snapshot
#include "sqlite_changes.hpp"

#include <sqlite3.h>

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cc::server {

// [SECTION] rows of the changes queries -------------------------------------------------------------

change_record change_row(const sqlite::statement::run& r) {
    change_record c;
    c.client_id = r.text(0);
    c.record_id = r.text(1);
    c.version = r.int64(2);
    (c.record_id.empty() ? c.client_json : c.record_json) = r.text(3);
    c.record_kind = r.text(4);
    return c;
}

std::optional<std::string> kinds_param(const std::optional<std::vector<std::string>>& kinds) {
    if (!kinds) return std::nullopt;
    return nlohmann::json(*kinds).dump();
}

// [SECTION] snapshot -------------------------------------------------------------------------------
// The statements of a snapshot, on whichever connection reads it: what the scope may read, in
// version order (the pull's page without a cursor or a limit), its counts and bytes, and the
// asking device's own entries. ?3: the caller reads clients; ?4: its record kinds (NULL: all).

namespace {

#define CC_SNAPSHOT_KIND "(?4 IS NULL OR kind IN (SELECT value FROM json_each(?4)))"
constexpr const char* snapshot_rows_sql =
    "SELECT id, '', version, json, '' FROM clients WHERE ?3 "
    "UNION ALL SELECT client_id, id, version, json, kind FROM records WHERE " CC_SNAPSHOT_KIND " "
    "ORDER BY version";
// The bytes of the rows' JSON texts (a scan of the rows, cheaper than the compression after).
constexpr const char* snapshot_counts_sql =
    "SELECT (SELECT count(*) FROM clients WHERE ?3), "
    "(SELECT count(*) FROM records WHERE " CC_SNAPSHOT_KIND "), "
    "(SELECT coalesce(sum(length(CAST(json AS BLOB)) + length(version)), 0) FROM clients WHERE ?3) + "
    "(SELECT coalesce(sum(length(CAST(json AS BLOB)) + length(version)), 0) FROM records WHERE " CC_SNAPSHOT_KIND ")";
#undef CC_SNAPSHOT_KIND
constexpr const char* snapshot_own_sql =
    "SELECT h.client_id, h.record_id, h.entry FROM ops o JOIN history h "
    "ON h.client_id = o.client_id AND h.version = o.version AND h.op_id = o.op_id "
    "WHERE o.device = ?1 AND o.status = 'applied' ORDER BY h.version DESC, h.seq DESC";

using own_entries_map = std::map<std::pair<std::string, std::string>, std::vector<std::string>>;

void bind_scope(sqlite::statement::run& r, const pull_scope& scope, const std::optional<std::string>& kinds) {
    r.bind(3, static_cast<std::int64_t>(scope.clients ? 1 : 0));
    if (kinds) r.bind(4, *kinds);
}

// Counts, version and the device's entries: the head of a snapshot, read inside its transaction.
void read_snapshot_head(sqlite::connection& db, const std::string& device, const pull_scope& scope,
                        const std::optional<std::string>& kinds, snapshot_reader& head, own_entries_map& own) {
    {
        sqlite::statement s(db, snapshot_counts_sql);
        sqlite::statement::run r(s);
        bind_scope(r, scope, kinds);
        if (r.step()) {
            head.clients = r.int64(0);
            head.records = r.int64(1);
            head.json_bytes = r.int64(2);
        }
    }
    {
        sqlite::statement s(db, "SELECT value FROM meta WHERE key = 'server_version'");
        sqlite::statement::run r(s);
        head.version = r.step() ? r.int64(0) : 0;
    }
    if (!device.empty()) {
        sqlite::statement s(db, snapshot_own_sql);
        sqlite::statement::run r(s);
        r.bind(1, device);
        while (r.step()) {
            std::string entry = r.text(2);
            head.json_bytes += static_cast<std::int64_t>(entry.size()) + 1;
            own[{r.text(0), r.text(1)}].push_back(std::move(entry));
        }
    }
}

change_record snapshot_row(const sqlite::statement::run& r, own_entries_map& own) {
    change_record c = change_row(r);
    if (auto it = own.find({c.client_id, c.record_id}); it != own.end()) c.history_json = std::move(it->second);
    return c;
}

// A file database: a connection of its own holds one read transaction (BEGIN + the first read)
// from the counts to the last row; the rows are stepped as they are asked for.
class sqlite_file_snapshot final : public snapshot_reader {
public:
    sqlite_file_snapshot(const std::string& path, const std::string& device, const pull_scope& scope)
        : db_(path), kinds_(kinds_param(scope.record_kinds)) {
        sqlite3_busy_timeout(db_.get(), 5000);
        db_.exec("PRAGMA query_only = 1; BEGIN");
        read_snapshot_head(db_, device, scope, kinds_, *this, own_);
        rows_.emplace(db_, snapshot_rows_sql);
        run_.emplace(*rows_);
        bind_scope(*run_, scope, kinds_);
    }
    ~sqlite_file_snapshot() override {
        run_.reset();
        rows_.reset();
        try { db_.exec("COMMIT"); } catch (...) {}
    }
    bool next(change_record& out) override {
        if (!run_ || !run_->step()) return false;
        out = snapshot_row(*run_, own_);
        return true;
    }

private:
    sqlite::connection db_;
    std::optional<std::string> kinds_;
    own_entries_map own_;
    std::optional<sqlite::statement> rows_;
    std::optional<sqlite::statement::run> run_;
};

// Rows read at once (an in-memory database exists on the store's connection only).
class sqlite_memory_snapshot final : public snapshot_reader {
public:
    std::vector<change_record> rows;
    std::size_t at = 0;
    bool next(change_record& out) override {
        if (at >= rows.size()) return false;
        out = std::move(rows[at++]);
        return true;
    }
};


}  // namespace

std::unique_ptr<snapshot_reader> open_file_snapshot(const std::string& path, const std::string& device,
                                                    const pull_scope& scope) {
    return std::make_unique<sqlite_file_snapshot>(path, device, scope);
}

std::unique_ptr<snapshot_reader> read_snapshot_now(sqlite::connection& db, const std::string& device,
                                                   const pull_scope& scope) {
    auto out = std::make_unique<sqlite_memory_snapshot>();
    const std::optional<std::string> kinds = kinds_param(scope.record_kinds);
    own_entries_map own;
    read_snapshot_head(db, device, scope, kinds, *out, own);
    sqlite::statement rows(db, snapshot_rows_sql);
    sqlite::statement::run r(rows);
    bind_scope(r, scope, kinds);
    while (r.step()) out->rows.push_back(snapshot_row(r, own));
    return out;
}

}  // namespace cc::server
