// sqlite_handle.cpp — see sqlite_handle.hpp.
#include "sqlite_handle.hpp"

#include <sqlite3.h>

namespace cc::server::sqlite {

connection::connection(const std::string& path) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw store_error("cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
}

connection::~connection() {
    // Statements are finalized by their owners first; close_v2 copes if one is left.
    if (db_) sqlite3_close_v2(db_);
}

void connection::exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw store_error("database error: " + msg + " (in: " + text.substr(0, 80) + ")");
    }
}

void connection::fail(std::string_view what) const {
    throw store_error("database error while " + std::string(what) + ": " + sqlite3_errmsg(db_));
}

statement::statement(const connection& db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
        db.fail("preparing \"" + std::string(sql.substr(0, 60)) + "\"");
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement::run::~run() {
    sqlite3_reset(s_.stmt_);
    sqlite3_clear_bindings(s_.stmt_);
}

statement::run& statement::run::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(s_.stmt_, index, value) != SQLITE_OK) s_.db_.fail("binding a number");
    return *this;
}

statement::run& statement::run::bind(int index, std::string_view value) {
    if (sqlite3_bind_text64(s_.stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8) != SQLITE_OK)
        s_.db_.fail("binding a text");
    return *this;
}

bool statement::run::step() {
    int rc = sqlite3_step(s_.stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    s_.db_.fail("running \"" + std::string(sqlite3_sql(s_.stmt_)).substr(0, 60) + "\"");
}

std::int64_t statement::run::int64(int column) const { return sqlite3_column_int64(s_.stmt_, column); }

std::string statement::run::text(int column) const {
    const unsigned char* p = sqlite3_column_text(s_.stmt_, column);
    int n = sqlite3_column_bytes(s_.stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

bool statement::run::is_null(int column) const {
    return sqlite3_column_type(s_.stmt_, column) == SQLITE_NULL;
}

}  // namespace cc::server::sqlite
