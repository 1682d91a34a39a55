// options.hpp — the command line of clientcard-server.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "users.hpp"

namespace cc::server {

struct options {
    std::string host = "127.0.0.1";
    int port = 8080;                             // 0: any free port (the real one is printed)
    std::string db = "./clientcard.db";
    std::string web_root = "./build/wasm-release/web";
    std::size_t demo_clients = 2000;             // seeded into an empty database only
    std::vector<user_with_token> users;          // --user NAME:ROLE:TOKEN, repeatable
    bool help = false;
};

// Fills `out` from argv (`--flag value` or `--flag=value`). Returns a message for the user when
// the command line is wrong, nullopt when it is fine.
std::optional<std::string> parse_options(int argc, const char* const* argv, options& out);

std::string usage();

}  // namespace cc::server
