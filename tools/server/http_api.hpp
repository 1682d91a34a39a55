// http_api.hpp — the application the HTTP server runs (an http_app, http_message.hpp): the
// /api/v1 endpoints (docs/api.md) — bearer-token auth before a body is read, the error shape,
// CORS, the X-Schema-Version check, the mapping of push, pull, me and health onto sync_service
// (which holds the protocol logic), the bound on held long polls — and the web build for every
// other path (static_files). Blocking work goes to two worker pools: `db` for SQLite (push, pull
// page reads, health), `files` for reading and compressing files.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http_message.hpp"
#include "snapshot.hpp"
#include "static_files.hpp"
#include "sync_service.hpp"
#include "users.hpp"
#include "worker_pool.hpp"

namespace cc::server {

struct api_limits {
    // Pulls with wait > 0 in progress (held or about to be), per user and in all. Past either,
    // such a pull is answered 503 err.busy with Retry-After at once.
    std::size_t held_pulls_per_user = 8;
    std::size_t held_pulls_total = 512;
    int held_pulls_retry_after_s = 5;
    // A worker pool's queue is full: 503 err.busy with this Retry-After.
    int queue_full_retry_after_s = 1;
    // Snapshots (GET /api/v1/snapshot) streaming at once, per user and in all: past either,
    // 503 err.busy with Retry-After. Each holds a read transaction until its end.
    std::size_t snapshots_per_user = 2;
    std::size_t snapshots_total = 16;
    int snapshots_retry_after_s = 5;
    snapshot_limits snapshot;                // its duration bound and piece size
};

class blob_api;

class server_app : public http_app {
public:
    // Everything passed must outlive the app. `blobs` adds the file endpoints (blob_api.hpp);
    // without it /api/v1/files is 404.
    server_app(sync_service& sync, const user_directory& users, static_files& files, worker_pool& db,
               worker_pool& file_pool, api_limits limits = {}, blob_api* blobs = nullptr);

    std::optional<http_response> before_body(const http_request& head) override;
    void handle(http_request request, responder done) override;
    http_response refusal(const http_request* head, int status, const std::string& code,
                          const std::string& message, int retry_after_s = 0) override;
    body_plan plan_body(const http_request& head) override;

    std::size_t held_pulls() const;

private:
    // A slot of the held-pull bound; released when the last copy goes (the pull was answered
    // or forgotten).
    std::shared_ptr<void> take_pull_slot(const std::string& user_name);
    void handle_pull(http_request request, responder done);
    std::shared_ptr<void> take_snapshot_slot(const std::string& user_name);
    void handle_snapshot(http_request request, responder done);

    sync_service& sync_;
    const user_directory& users_;
    static_files& files_;
    worker_pool& db_;
    worker_pool& file_pool_;
    api_limits limits_;
    blob_api* blobs_ = nullptr;
    router api_;
    mutable std::mutex slots_mutex_;
    std::map<std::string, std::size_t> held_by_user_;
    std::size_t held_total_ = 0;
    std::map<std::string, std::size_t> snapshots_by_user_;
    std::size_t snapshots_total_ = 0;
};

// {"error":{"code":...,"message":...}} with `status`, CORS and Cache-Control: no-store.
http_response api_error(int status, const std::string& code, const std::string& message, int retry_after_s = 0);

// The CORS headers every /api answer carries.
void add_cors(http_response& res);

}  // namespace cc::server
