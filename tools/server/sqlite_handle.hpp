// sqlite_handle.hpp — thin RAII over the SQLite C API: a connection and prepared statements
// that throw store_error with SQLite's own message, so no return code goes unchecked.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "server_store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace cc::server::sqlite {

class connection {
public:
    explicit connection(const std::string& path);  // opens or creates
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    void exec(std::string_view sql);  // one or more statements, no results
    sqlite3* get() const { return db_; }
    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3* db_ = nullptr;
};

// A statement prepared once and reused. Use one `run` at a time: it resets the statement when
// it ends, so no statement stays active and holds a read snapshot open.
class statement {
public:
    statement(const connection& db, std::string_view sql);
    ~statement();
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    class run {
    public:
        explicit run(statement& s) : s_(s) {}
        ~run();
        run(const run&) = delete;
        run& operator=(const run&) = delete;
        run& bind(int index, std::int64_t value);
        run& bind(int index, std::string_view value);
        bool step();  // true: a row is ready; false: done
        std::int64_t int64(int column) const;
        std::string text(int column) const;
        bool is_null(int column) const;

    private:
        statement& s_;
    };

private:
    const connection& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace cc::server::sqlite
