// snapshot.hpp — the body of GET /api/v1/snapshot (docs/api.md "GET /api/v1/snapshot"), made a
// piece at a time from a snapshot_reader (server_store.hpp), and the body_source that sends it
// gzipped as it is made. Newline-delimited JSON:
//
//   {"snapshot":1,"schema":1,"version":V,"clients":N,"records":M,"bytes":B}
//   {"version":3,"client":{...}}                      one line per client or record, ascending
//   {"version":9,"record":{...},"history":[...]}      version; history: the device's own entries
//   {"end":true,"cursor":V,"count":K}                 K = N + M lines before it
//
// B is the size of the whole body in bytes, as the store measured it before the first row (a
// close estimate: exact but for the lines' history keys). A body without its end line was cut.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "gzip.hpp"
#include "http_message.hpp"
#include "server_store.hpp"

namespace cc::server {

class snapshot_body {
public:
    explicit snapshot_body(std::unique_ptr<snapshot_reader> reader);
    // Appends the next lines to `out` until it holds `want` bytes or more, or the body is done
    // (the end line is then in it). False once the end line was given.
    bool next(std::string& out, std::size_t want);
    std::int64_t bytes_announced() const { return announced_; }

private:
    std::unique_ptr<snapshot_reader> reader_;
    std::int64_t announced_ = 0;
    std::int64_t count_ = 0;
    bool header_done_ = false;
    bool done_ = false;
};

// How long a snapshot may take in all, and how the body goes out.
struct snapshot_limits {
    // The whole stream: past this it is cut (the client sees no end line and falls back to
    // paged pulls). A client reading more slowly than this holds a read transaction (and the
    // WAL's growth) that long, never a worker: a worker makes one piece at a time.
    std::chrono::seconds max_duration{600};
    std::size_t piece_bytes = 256 * 1024;  // body bytes made per worker job (before gzip)
};

// The body as a body_source of unknown size (sent chunked). Each read() runs on `run` (the
// database pool), makes the next pieces and gzips them (when `gzip`). `slot` is released with
// the source (the bound on snapshots in flight).
class snapshot_source final : public body_source, public std::enable_shared_from_this<snapshot_source> {
public:
    using runner = std::function<void(std::function<void()>)>;
    snapshot_source(std::unique_ptr<snapshot_body> body, runner run, bool gzip, snapshot_limits limits,
                    std::shared_ptr<void> slot);
    std::uint64_t size() const override { return unknown_size; }
    void read(char* into, std::size_t max, std::function<void(std::size_t)> done) override;

private:
    std::size_t fill(char* into, std::size_t max);

    std::mutex mutex_;
    std::unique_ptr<snapshot_body> body_;
    runner run_;
    std::unique_ptr<gzip_writer> gzip_;
    snapshot_limits limits_;
    std::shared_ptr<void> slot_;
    std::chrono::steady_clock::time_point deadline_;
    std::string out_;        // made, not yet read
    std::size_t out_at_ = 0;
    bool flushed_first_ = false;
    bool finished_ = false;
};

}  // namespace cc::server
