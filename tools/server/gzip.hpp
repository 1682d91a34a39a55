// gzip.hpp — gzip (RFC 1952) compression with zlib, for static files cpp-httplib does not
// compress by itself (it skips application/wasm and fonts).
#pragma once
#include <string>
#include <string_view>

namespace cc::server {

std::string gzip_compress(std::string_view data);

}  // namespace cc::server
