// service_replies.hpp — small pieces the sync service's files share to build their answers.
#pragma once
#include <cstddef>
#include <string>

#include "sync_service.hpp"

namespace cc::server {

// An error answer: {"error": {"code", "message"}} with this status.
inline reply fail(int status, const std::string& code, const std::string& message) {
    return {status, error_body(code, message)};
}

// A value quoted for a message, cut at `n` characters.
inline std::string in_quotes(const std::string& s, std::size_t n = 60) {
    return "\"" + (s.size() > n ? s.substr(0, n) + "..." : s) + "\"";
}

}  // namespace cc::server
