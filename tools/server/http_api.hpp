// http_api.hpp — the /api/v1 endpoints (docs/api.md): pull, health, the error shape, CORS and
// the X-Schema-Version check. Install before static_files: routes match in the order added.
#pragma once
#include <string>

#include "server_store.hpp"

namespace httplib { class Server; struct Response; }

namespace cc::server {

inline constexpr int default_pull_limit = 500;
inline constexpr int max_pull_limit = 2000;

void install_api(httplib::Server& http, server_store& store);

// Writes {"error":{"code":...,"message":...}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);

}  // namespace cc::server
