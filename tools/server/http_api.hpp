// http_api.hpp — the /api/v1 endpoints over HTTP (docs/api.md): bearer-token auth, the error
// shape, CORS, the X-Schema-Version check, and the mapping of push, pull, me and health onto
// sync_service (which holds the protocol logic). Install before static_files: routes match in
// the order added.
#pragma once
#include <cstddef>
#include <string>

#include "sync_service.hpp"
#include "users.hpp"

namespace httplib { class Server; struct Response; }

namespace cc::server {

// Worker threads of the HTTP server. A held long poll occupies one for up to 30 s and an idle
// keep-alive connection one for up to 2 s, so the pool is far larger than the two cores: a few
// dozen cards waiting on /pull must never starve a push or a page load.
inline constexpr std::size_t http_threads = 64;

// `users` and `sync` must outlive the server.
void install_api(httplib::Server& http, sync_service& sync, const user_directory& users);

// Writes {"error":{"code":...,"message":...}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);

}  // namespace cc::server
