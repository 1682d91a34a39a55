// test_support.hpp — helpers for the server suite: temporary folders, the real server binary
// started as a child process on a free port, and raw HTTP for requests a client library would
// tidy up ("/../x").
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cc_test {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The demo users' tokens (seeded into every fresh database).
inline const std::string admin_token = "demo-admin-token";      // Anna, admin
inline const std::string manager_token = "demo-manager-token";  // Boris, manager
inline const std::string manager2_token = "demo-manager2-token"; // Vera, manager
// A telephony account (role integration) that record_server adds with --user.
inline const std::string integration_name = "Telephony";
inline const std::string integration_token = "telephony-token-1";

// A fresh folder under the system temp dir, removed with everything in it at the end.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

void write_file(const fs::path& p, const std::string& content);
std::string read_file(const fs::path& p);

// The clientcard-server binary running as a child. start() waits for the
// "ClientCard server: http://..." line; the destructor kills a child that is still running.
class server_process {
public:
    server_process() = default;
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    // Starts the binary with --port 0 --host 127.0.0.1 and `args`. False when it exited or did
    // not print its URL in time; output() then says why.
    bool start(const std::vector<std::string>& args);
    // Sends `signal` and waits; returns the exit code (-1 when killed by a signal).
    int stop(int signal = 15);
    int wait_exit();  // for a child expected to exit by itself

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // A client that sends "Authorization: Bearer <token>"; an empty token sends none.
    std::unique_ptr<httplib::Client> client(const std::string& token = admin_token) const;
    const std::string& output() const { return output_; }  // stdout so far
    // Reads stdout until it contains `text` (true) or `seconds` pass (false).
    bool wait_for_output(const std::string& text, int seconds = 10);
    std::string errors() const;                             // stderr so far

private:
    void read_rest();
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int port_ = 0;
    std::string output_;
    temp_dir logs_;
};

// Starts a server on `db` and `web_root`: the common case, with demo clients but no demo records
// (`extra` "--demo-records", "30" adds them). `extra` args go after the others.
std::unique_ptr<server_process> start_server(const fs::path& db, const fs::path& web_root,
                                             std::size_t demo_clients, const std::vector<std::string>& extra = {});

// The binary the suite starts: CC_SERVER_BINARY, or $CC_TEST_SERVER_BINARY when set (to run the
// suite against another build, e.g. an older server).
std::string server_binary();

// A process's peak resident memory in KiB (VmHWM in /proc/<pid>/status); -1 when unreadable.
long peak_rss_kib(pid_t pid);

// A blocking TCP connection to 127.0.0.1:port; -1 when it fails.
int connect_local(int port);
// Reads until the peer closes or `seconds` pass; returns what came.
std::string read_until_close(int fd, double seconds);

// Sends `request_line` (e.g. "GET /../x HTTP/1.1") as written; returns the raw response.
std::string raw_request(int port, const std::string& request_line,
                        const std::string& extra_headers = "");
int status_of(const std::string& raw_response);

// GET and parse as JSON; fails the test when the answer is not JSON.
json get_json(httplib::Client& c, const std::string& path, int expected_status = 200,
              const httplib::Headers& headers = {});

// Every change of a full pull walk, page by page with `limit`.
std::vector<json> pull_all(httplib::Client& c, int limit, std::size_t* pages = nullptr);

// [push helpers]
// One op in the core's JSON shape; its id is "<device>:<seq>".
json make_op(const std::string& device, std::int64_t seq, const std::string& client_id,
             const std::string& kind, json payload = json::object(), std::int64_t at = 1700000000000);
// {"schema": 1, "device": ..., "ops": [...]}
json make_batch(const std::string& device, const std::vector<json>& ops);
// POSTs `body` to /api/v1/push; returns the status and the parsed answer (fails the test when
// the answer is not JSON).
struct http_answer { int status = 0; json body; };
http_answer post_push(httplib::Client& c, const std::string& body, const httplib::Headers& headers = {});
inline http_answer post_push(httplib::Client& c, const json& body) { return post_push(c, body.dump()); }
// POSTs JSON to any path; the status and the parsed answer.
http_answer post_json(httplib::Client& c, const std::string& path, const json& body);

// [records]
// An op on a record: `kind` such as "task.create", `record` its id ("" for a create: then
// "<kind>:<op id>", the id a create must use).
json make_record_op(const std::string& device, std::int64_t seq, const std::string& client_id, const std::string& kind,
                    std::string record, json payload, std::int64_t at = 1700000000000);

// A fresh server for tests that write records: `clients` demo clients (c-000001 ...; versions 1..n),
// no demo records, the demo users and the integration user Telephony.
struct record_server {
    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<httplib::Client> admin, manager, manager2, integration;
    explicit record_server(std::size_t clients = 10, const std::vector<std::string>& extra = {});
    // Pushes one batch from `device` as the client's user; fails the test unless it is a 200.
    json push(httplib::Client& as, const std::string& device, const std::vector<json>& ops);
    json pull(httplib::Client& as, const std::string& query = "since=0&limit=2000");
    std::int64_t server_version();
};
// The change of a pull page that carries this client or record; null when none does.
json change_for(const json& page, const std::string& id);
// A client's whole log, newest first, read page by page from /api/v1/clients/{id}/history (a
// pull from 0 carries no log).
json client_log(httplib::Client& c, const std::string& client_id);
// `change` (a client's change from a pull) with its "history" replaced by the client's whole log.
json with_log(httplib::Client& c, json change);

}  // namespace cc_test
