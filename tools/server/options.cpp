// options.cpp — see options.hpp.
#include "options.hpp"

#include <charconv>
#include <string_view>

namespace cc::server {

static bool parse_count(std::string_view text, std::size_t max, std::size_t& out) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out <= max;
}

std::optional<std::string> parse_options(int argc, const char* const* argv, options& out) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            out.help = true;
            continue;
        }
        if (arg.substr(0, 2) != "--") return "unexpected argument \"" + std::string(arg) + "\"";
        std::string_view name = arg;
        std::optional<std::string_view> value;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else if (i + 1 < argc) {
            value = argv[++i];
        }
        if (name != "--port" && name != "--host" && name != "--db" && name != "--web-root" &&
            name != "--demo-clients" && name != "--demo-records" && name != "--user" && name != "--integration" && name != "--files" &&
            name != "--max-file-mb" && name != "--files-mb-per-hour" && name != "--registration-link")
            return "unknown option " + std::string(name);
        if (!value) return std::string(name) + " needs a value";
        std::string v(*value);
        if (name == "--port") {
            std::size_t port = 0;
            if (!parse_count(v, 65535, port)) return "--port must be a number from 0 to 65535, not \"" + v + "\"";
            out.port = static_cast<int>(port);
        } else if (name == "--demo-clients") {
            if (!parse_count(v, 1'000'000, out.demo_clients))
                return "--demo-clients must be a number from 0 to 1000000, not \"" + v + "\"";
        } else if (name == "--max-file-mb") {
            if (!parse_count(v, 1024, out.max_file_mb) || out.max_file_mb == 0)
                return "--max-file-mb must be a number from 1 to 1024, not \"" + v + "\"";
        } else if (name == "--files-mb-per-hour") {
            if (!parse_count(v, 1'000'000, out.files_mb_per_hour))
                return "--files-mb-per-hour must be a number from 0 (no limit) to 1000000, not \"" + v + "\"";
        } else if (name == "--demo-records") {
            if (!parse_count(v, 100, out.demo_records))
                return "--demo-records must be a percentage from 0 to 100, not \"" + v + "\"";
        } else if (name == "--registration-link") {
            const bool web = v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0;
            if (!web || v.find("{code}") == std::string::npos || v.size() > 1000)
                return "--registration-link must be an http(s) address with {code} in it, such as "
                       "https://school.example/register?ref={code}, not \"" + v.substr(0, 80) + "\"";
            out.registration_link = v;
        } else if (name == "--user") {
            user_with_token u;
            if (auto error = parse_user_spec(v, u)) return *error;
            out.users.push_back(std::move(u));
        } else if (name == "--integration") {
            user_with_token u;
            if (auto error = parse_integration_spec(v, u)) return *error;
            out.users.push_back(std::move(u));
        } else {
            if (v.empty()) return std::string(name) + " must not be empty";
            if (name == "--host") out.host = v;
            else if (name == "--db") out.db = v;
            else if (name == "--files") out.files = v;
            else out.web_root = v;
        }
    }
    return std::nullopt;
}

std::string usage() {
    return "usage: clientcard-server [options]\n"
           "  --port N            port to listen on; 0 picks a free one (default 8080)\n"
           "  --host ADDR         address to listen on (default 127.0.0.1)\n"
           "  --db PATH           SQLite database file, created if missing (default ./clientcard.db)\n"
           "  --web-root DIR      the web build to serve (default ./build/wasm-release/web)\n"
           "  --demo-clients N    demo clients to seed into an empty database (default 2000)\n"
           "  --demo-records P    percent of the demo clients that get tasks, calls and comments\n"
           "                      (default 30; 0 for clients only)\n"
           "  --user NAME:ROLE:TOKEN  add a user (ROLE admin, manager or integration) or change an\n"
           "                      existing one's role and token; repeatable. An empty database gets\n"
           "                      the demo users Anna (admin), Boris and Vera (managers)\n"
           "  --integration NAME:TOKEN  add an integration account (or change its token): it may\n"
           "                      only call /api/v1/integrations/* and upload files, never sign in to\n"
           "                      the card (the same as --user NAME:integration:TOKEN); repeatable\n"
           "  --files DIR         the uploaded files (created if missing; default: the database path\n"
           "                      + \".files\", and for --db :memory: a temp folder removed at exit)\n"
           "  --max-file-mb N     largest file an upload may have, in MiB (default 25)\n"
           "  --registration-link URL  the address of the clients' registration links, {code}\n"
           "                      standing for each link's code (sent to the card by /api/v1/me)\n"
           "  --files-mb-per-hour N  upload MiB per user and hour (default 200; 0: no limit)\n"
           "  --help              show this text\n"
           "Prints \"ClientCard server: http://HOST:PORT\" once it is listening, then the users and\n"
           "their tokens; stops on SIGINT or SIGTERM.\n";
}

}  // namespace cc::server
