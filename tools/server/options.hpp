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
    // --registration-link URL: the address of the clients' registration links, "{code}" standing
    // for the link's code (GET /api/v1/me hands it to the card); "": the card's own default.
    std::string registration_link;
    std::size_t demo_records = 30;               // % of the demo clients that get tasks, calls, comments
    std::vector<user_with_token> users;          // --user NAME:ROLE:TOKEN and --integration NAME:TOKEN, repeatable
    std::string files;                           // --files DIR; "": <db>.files (a temp dir for :memory:)
    std::size_t max_file_mb = 25;                // --max-file-mb: one uploaded file, at most
    std::size_t files_mb_per_hour = 200;         // --files-mb-per-hour: upload bytes per user (0: no limit)
    bool help = false;
};

// Fills `out` from argv (`--flag value` or `--flag=value`). Returns a message for the user when
// the command line is wrong, nullopt when it is fine.
std::optional<std::string> parse_options(int argc, const char* const* argv, options& out);

std::string usage();

}  // namespace cc::server
