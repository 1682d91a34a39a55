// gzip.cpp — see gzip.hpp.
#include "gzip.hpp"

#include <algorithm>
#include <stdexcept>
#include <zlib.h>

namespace cc::server {

namespace {

std::string gzip_at(std::string_view data, int level) {
    z_stream z{};
    // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    return out;
}

}  // namespace

std::string gzip_compress(std::string_view data) { return gzip_at(data, Z_BEST_COMPRESSION); }

std::string gzip_compress_fast(std::string_view data) { return gzip_at(data, Z_DEFAULT_COMPRESSION); }

struct gzip_writer::impl {
    z_stream z{};
    bool finished = false;
    void run(std::string_view in, int flush, std::string& out) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        char buf[64 * 1024];
        for (;;) {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            const int rc = deflate(&z, flush);
            if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
            out.append(buf, sizeof buf - z.avail_out);
            if (flush == Z_FINISH ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out != 0)) break;
        }
    }
};

gzip_writer::gzip_writer(int level) : z_(std::make_unique<impl>()) {
    if (deflateInit2(&z_->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: deflateInit2 failed");
}

gzip_writer::~gzip_writer() { deflateEnd(&z_->z); }

void gzip_writer::write(std::string_view in, std::string& out) {
    if (z_->finished) throw std::logic_error("gzip_writer: write after finish");
    // Pieces above 4 GB would not fit avail_in; a snapshot's pieces are kilobytes.
    while (!in.empty()) {
        const std::size_t n = std::min<std::size_t>(in.size(), 1u << 30);
        z_->run(in.substr(0, n), Z_NO_FLUSH, out);
        in.remove_prefix(n);
    }
}

void gzip_writer::flush(std::string& out) {
    if (!z_->finished) z_->run({}, Z_SYNC_FLUSH, out);
}

void gzip_writer::finish(std::string& out) {
    if (z_->finished) return;
    z_->run({}, Z_FINISH, out);
    z_->finished = true;
}

inflate_result inflate_limited(std::string_view in, std::size_t max_out, std::string& out) {
    out.clear();
    z_stream z{};
    // windowBits 15 + 32: zlib detects a gzip or a zlib header by itself.
    if (inflateInit2(&z, 15 + 32) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    constexpr std::size_t chunk = 64 * 1024;
    inflate_result result = inflate_result::corrupt;
    for (;;) {
        // Room for one more chunk, but never more than max_out + 1 bytes in all: one byte past
        // the limit is enough to know the body is too large.
        std::size_t room = std::min(chunk, max_out + 1 - out.size());
        std::size_t at = out.size();
        out.resize(at + room);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + at);
        z.avail_out = static_cast<uInt>(room);
        int rc = inflate(&z, Z_NO_FLUSH);
        out.resize(at + (room - z.avail_out));
        if (out.size() > max_out) {
            result = inflate_result::too_large;
            break;
        }
        if (rc == Z_STREAM_END) {
            result = z.avail_in == 0 ? inflate_result::ok : inflate_result::corrupt;
            break;
        }
        if (rc != Z_OK) break;  // Z_BUF_ERROR with no input left: truncated; Z_DATA_ERROR...
        if (z.avail_in == 0 && z.avail_out != 0) break;  // input used up before the stream ended
    }
    inflateEnd(&z);
    if (result != inflate_result::ok) {
        out.clear();
        out.shrink_to_fit();
    }
    return result;
}

}  // namespace cc::server
