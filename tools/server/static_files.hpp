// static_files.hpp — serves the web build (--web-root): MIME types the browser insists on
// (application/wasm for streaming compilation), a strict Content-Security-Policy on pages,
// revalidation instead of stale caches, gzip, and no way out of the root.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace httplib { class Server; struct Request; struct Response; }

namespace cc::server {

// The policy every HTML page goes out with. 'wasm-unsafe-eval' lets the page compile wasm and
// nothing else; frame-ancestors * because the card is embedded in other sites' pages.
inline constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors *";

// "text/javascript" for "app.js"; application/octet-stream when unknown.
std::string mime_type(std::string_view path);

class static_files {
public:
    explicit static_files(std::filesystem::path root);
    // Adds the catch-all GET route; install after the API routes.
    void install(httplib::Server& http);
    void serve(const httplib::Request& req, httplib::Response& res);
    const std::filesystem::path& root() const { return root_; }

private:
    struct packed { std::uintmax_t size = 0; std::int64_t mtime = 0; std::string gz; };
    std::string gzipped(const std::filesystem::path& file, const std::string& data,
                        std::uintmax_t size, std::int64_t mtime);

    std::filesystem::path root_;
    std::mutex cache_mutex_;
    std::map<std::string, packed> gz_cache_;  // files we compress ourselves, by path
};

}  // namespace cc::server
