// gzip.hpp — zlib both ways: gzip (RFC 1952) compression for answers (API JSON, pages, and the
// static files the browser does not get compressed otherwise, such as wasm and fonts), and the
// bounded inflate of request bodies sent with "Content-Encoding: gzip" or "deflate".
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace cc::server {

// Z_BEST_COMPRESSION: for static files, compressed once per file version and cached.
std::string gzip_compress(std::string_view data);
// The default level: for answers made per request (a 2.4 MB pull page in tens of milliseconds).
std::string gzip_compress_fast(std::string_view data);

// A gzip stream made a piece at a time (an answer streamed as it is read, /api/v1/snapshot):
// each write appends what zlib has ready to `out`, finish() the rest and the trailer. Memory is
// zlib's window and buffers, whatever the length of the stream.
class gzip_writer {
public:
    explicit gzip_writer(int level = 6);
    ~gzip_writer();
    gzip_writer(const gzip_writer&) = delete;
    gzip_writer& operator=(const gzip_writer&) = delete;
    void write(std::string_view in, std::string& out);
    // Everything written so far comes out now (a sync flush: the reader can inflate it all).
    void flush(std::string& out);
    void finish(std::string& out);

private:
    struct impl;
    std::unique_ptr<impl> z_;
};

enum class inflate_result { ok, too_large, corrupt };

// Inflates a gzip or zlib ("deflate") stream into `out`, a chunk at a time, and stops as soon as
// the output would pass `max_out` bytes (too_large): a 0.5 MB body that inflates to 600 MB costs
// `max_out` bytes of memory and a millisecond, not 600 MB. corrupt: not gzip/zlib, truncated, or
// bytes after the end of the stream.
inflate_result inflate_limited(std::string_view in, std::size_t max_out, std::string& out);

}  // namespace cc::server
