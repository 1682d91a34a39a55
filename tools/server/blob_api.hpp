// blob_api.hpp — the file endpoints of /api/v1 (docs/api.md, "Files") over a blob_store:
//
//   POST /api/v1/files                 upload (bearer): the body is the file; 201/200 {id,...}
//   GET|HEAD /api/v1/files/<sha256>    download (bearer or ticket): Range, ETag, 304, 416
//   POST /api/v1/files/<sha256>/ticket a 10-minute URL for one file (audio elements cannot
//                                      send an Authorization header)
//
// server_app (http_api.hpp) calls it at three points: `ticket_allows` in its auth check,
// `before_body` once the route is known (an upload's headers: size, type, name, the per-user
// byte rate, all before a byte of the body is read), `plan_body` (the upload streams to disk
// through a body_sink, the type is sniffed from its first bytes as they arrive). Disk work runs
// on the files worker pool; a download is read from disk a chunk at a time (body_source).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "blob_store.hpp"
#include "http_message.hpp"
#include "rate_limit.hpp"
#include "users.hpp"
#include "worker_pool.hpp"

namespace cc::server {

struct blob_limits {
    // One file: 1 byte to this (413 err.too_large above; --max-file-mb).
    std::uint64_t max_file_bytes = 25u << 20;
    // Upload bytes per user: a bucket of this many (at least max_file_bytes) that refills at
    // this many an hour (429 err.rate_limited; --files-mb-per-hour). 0 turns it off.
    std::uint64_t bytes_per_hour = 200u << 20;
    // An upload's body may take the transport's body deadline plus its size at this rate.
    std::uint64_t min_upload_bytes_per_s = 64u << 10;
    // How long a ticket URL works.
    std::chrono::milliseconds ticket_ttl{10 * 60 * 1000};
};

class blob_api {
public:
    // Everything passed must outlive it. The ticket key is 32 random bytes made here: tickets
    // die with the process.
    blob_api(blob_store& store, const user_directory& users, worker_pool& pool, blob_limits limits = {});

    void add_routes(router& api);
    // GET or HEAD of /api/v1/files/<id> with no Authorization header and a valid, unexpired
    // ?ticket= for that id.
    bool ticket_allows(const http_request& head) const;
    // The checks of an upload's header (POST /api/v1/files), nullopt for other requests.
    std::optional<http_response> before_body(const http_request& head);
    body_plan plan_body(const http_request& head);

    // "<expires_at ms>.<HMAC-SHA256 hex>" for `id`.
    std::string ticket(std::string_view id, std::int64_t expires_at_ms) const;
    const blob_limits& limits() const { return limits_; }

private:
    void upload(http_request req, responder done);
    void download(http_request req, responder done);
    void make_ticket(http_request req, responder done);

    blob_store& store_;
    const user_directory& users_;
    worker_pool& pool_;
    blob_limits limits_;
    rate_limiter bytes_;
    unsigned char key_[32];
};

// The file name of X-File-Name: percent-encoded UTF-8 (visible ASCII as sent), decoded; at
// most 255 bytes once decoded, no control characters. nullopt when it is not that.
std::optional<std::string> decode_file_name(std::string_view header);

}  // namespace cc::server
