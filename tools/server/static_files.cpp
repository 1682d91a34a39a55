// static_files.cpp — see static_files.hpp.
//
// Index of this file
//   [SECTION] MIME types
//   [SECTION] request path -> file
//   [SECTION] compression
//   [SECTION] serving
#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "gzip.hpp"

namespace fs = std::filesystem;

namespace cc::server {
namespace {

// [SECTION] MIME types --------------------------------------------------------------------------------

struct mime_entry { const char* ext; const char* type; bool we_compress; };

// `we_compress`: compressible, but compress_for (http_message.hpp) only compresses text/*, JSON,
// JS, XML and SVG, per request; these are compressed here once per file version.
constexpr mime_entry mime_table[] = {
    {".html", "text/html; charset=utf-8", false},
    {".htm", "text/html; charset=utf-8", false},
    {".js", "text/javascript", false},
    {".mjs", "text/javascript", false},
    {".css", "text/css", false},
    {".txt", "text/plain; charset=utf-8", false},
    {".json", "application/json", false},
    {".map", "application/json", false},
    {".xml", "application/xml", false},
    {".svg", "image/svg+xml", false},
    {".wasm", "application/wasm", true},
    {".webmanifest", "application/manifest+json", true},
    {".ttf", "font/ttf", true},
    {".otf", "font/otf", true},
    {".data", "application/octet-stream", true},
    {".ico", "image/x-icon", true},
    {".woff", "font/woff", false},
    {".woff2", "font/woff2", false},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".jpeg", "image/jpeg", false},
    {".gif", "image/gif", false},
    {".webp", "image/webp", false},
};

const mime_entry* find_mime(std::string_view path) {
    auto dot = path.rfind('.');
    auto slash = path.rfind('/');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return nullptr;
    std::string ext(path.substr(dot));
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const auto& m : mime_table)
        if (ext == m.ext) return &m;
    return nullptr;
}

// [SECTION] request path -> file --------------------------------------------------------------------------

enum class path_check { ok, refused, hidden };

// The relative file a URL path names. Refused: any ".." segment, a backslash or NUL. Hidden
// files (".git", ".env") are never served.
path_check relative_file(const std::string& url_path, fs::path& rel) {
    if (url_path.empty() || url_path[0] != '/') return path_check::refused;
    std::size_t start = 1;
    while (start <= url_path.size()) {
        std::size_t end = url_path.find('/', start);
        if (end == std::string::npos) end = url_path.size();
        std::string segment = url_path.substr(start, end - start);
        start = end + 1;
        if (segment.empty() || segment == ".") continue;
        if (segment == ".." || segment.find('\\') != std::string::npos ||
            segment.find('\0') != std::string::npos)
            return path_check::refused;
        if (segment[0] == '.') return path_check::hidden;
        rel /= segment;
    }
    return path_check::ok;
}

bool inside(const fs::path& root, const fs::path& p) {
    auto r = root.begin(), q = p.begin();
    for (; r != root.end(); ++r, ++q)
        if (q == p.end() || *r != *q) return false;
    return true;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::string mime_type(std::string_view path) {
    const mime_entry* m = find_mime(path);
    return m ? m->type : "application/octet-stream";
}

static_files::static_files(fs::path root) : root_(std::move(root)) {}

// [SECTION] compression ---------------------------------------------------------------------------------------

std::string static_files::gzipped(const fs::path& file, const std::string& data, std::uintmax_t size,
                                  std::int64_t mtime) {
    std::string key = file.string();
    {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        auto it = gz_cache_.find(key);
        if (it != gz_cache_.end() && it->second.size == size && it->second.mtime == mtime) return it->second.gz;
    }
    // Compressing a wasm module takes a while: do it once per file version, outside the lock.
    std::string gz = gzip_compress(data);
    std::lock_guard<std::mutex> lock(cache_mutex_);
    gz_cache_[key] = {size, mtime, gz};
    return gz;
}

// [SECTION] serving ---------------------------------------------------------------------------------------------

void static_files::serve(const http_request& req, http_response& res) {
    auto text = [&](int status, const std::string& body) {
        res.status = status;
        res.set_content(body, "text/plain; charset=utf-8");
    };
    fs::path rel;
    path_check check = relative_file(req.path, rel);
    if (check == path_check::refused)
        return text(400, "Bad path: \"..\", backslashes and NUL are not allowed in paths.\n");
    if (check == path_check::hidden) return text(404, "Not found: " + req.path + "\n");
    std::error_code ec;
    if (!fs::is_directory(root_, ec))
        return text(404, "The web app is not here: " + root_.string() +
                         " does not exist. Build it (see README) or pass --web-root DIR.\n");

    fs::path file = root_ / rel;
    if (fs::is_directory(file, ec)) {
        if (!req.path.empty() && req.path.back() != '/') {  // "/docs" -> "/docs/" so links resolve
            res.status = 301;
            res.set_header("Location", req.path + "/");
            return;
        }
        file /= "index.html";
    }
    // A symlink inside the root must not lead out of it.
    fs::path real_root = fs::weakly_canonical(root_, ec);
    fs::path real = fs::weakly_canonical(file, ec);
    if (ec || !inside(real_root, real) || !fs::is_regular_file(real, ec))
        return text(404, "Not found: " + req.path + "\n");

    std::uintmax_t size = fs::file_size(real, ec);
    auto mtime_raw = fs::last_write_time(real, ec);
    std::int64_t mtime = static_cast<std::int64_t>(mtime_raw.time_since_epoch().count());
    std::string name = real.filename().string();
    const mime_entry* mime = find_mime(name);
    std::string type = mime ? mime->type : "application/octet-stream";

    // File names carry no content hash, so every file is revalidated (a cheap 304) rather than
    // cached blind: a fresh index.html with a stale wasm module would not start.
    std::string etag = "W/\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
    res.set_header("X-Content-Type-Options", "nosniff");
    if (type.rfind("text/html", 0) == 0) {
        res.set_header("Content-Security-Policy", content_security_policy);
        res.set_header("Referrer-Policy", "no-referrer");
    }
    if (req.header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }

    std::string data = read_file(real);
    bool compressible = type.rfind("text/", 0) == 0 || type == "application/json" ||
                        type == "application/xml" || type == "image/svg+xml" || (mime && mime->we_compress);
    if (compressible) res.set_header("Vary", "Accept-Encoding");
    if (mime && mime->we_compress && data.size() > 512 && accepts_gzip(req)) {
        res.set_header("Content-Encoding", "gzip");
        res.set_content(gzipped(real, data, size, mtime), type);
        return;
    }
    res.set_content(std::move(data), type);  // text types: the responder compresses them
}

}  // namespace cc::server
