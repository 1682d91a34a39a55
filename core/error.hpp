// error.hpp — a refusal the user can read. `code` is a key of the UI string table
// (ui/strings), `field` names what was wrong, `detail` carries the offending value or a limit.
#pragma once
#include <string>
#include <string_view>

namespace cc {

struct error {
    std::string code;    // "err.email_invalid", "err.too_long", ...
    std::string field;   // "emails", "name", "note", ... (empty when not about one field)
    std::string detail;  // e.g. the limit "1000" for err.too_long
    bool operator==(const error& o) const { return code == o.code && field == o.field && detail == o.detail; }
};

// The refusal `code` about `field`, with `detail` (a limit, the offending value).
inline error make_error(std::string code, std::string_view field = {}, std::string detail = {}) {
    return error{std::move(code), std::string(field), std::move(detail)};
}

}  // namespace cc
