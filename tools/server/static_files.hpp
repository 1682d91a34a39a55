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

#include "http_message.hpp"

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
    // GET or HEAD of `req.path` (decoded). Blocks on the disk and on compressing: call it on a
    // worker thread. Text types are gzipped per request by the responder (compress_for); the
    // types it leaves alone (wasm, fonts, the manifest) are gzipped here, once per file version.
    void serve(const http_request& req, http_response& res);
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
