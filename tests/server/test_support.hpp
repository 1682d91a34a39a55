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
    std::unique_ptr<httplib::Client> client() const;
    const std::string& output() const { return output_; }  // stdout so far
    std::string errors() const;                             // stderr so far

private:
    void read_rest();
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int port_ = 0;
    std::string output_;
    temp_dir logs_;
};

// Starts a server on `db` and `web_root`: the common case.
std::unique_ptr<server_process> start_server(const fs::path& db, const fs::path& web_root,
                                             std::size_t demo_clients);

// Sends `request_line` (e.g. "GET /../x HTTP/1.1") as written; returns the raw response.
std::string raw_request(int port, const std::string& request_line,
                        const std::string& extra_headers = "");
int status_of(const std::string& raw_response);

// GET and parse as JSON; fails the test when the answer is not JSON.
json get_json(httplib::Client& c, const std::string& path, int expected_status = 200,
              const httplib::Headers& headers = {});

// Every change of a full pull walk, page by page with `limit`.
std::vector<json> pull_all(httplib::Client& c, int limit, std::size_t* pages = nullptr);

}  // namespace cc_test
