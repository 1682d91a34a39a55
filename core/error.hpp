// error.hpp — a refusal the user can read. `code` is a key of the UI string table
// (ui/strings), `field` names what was wrong, `detail` carries the offending value or a limit.
#pragma once
#include <string>

namespace cc {

struct error {
    std::string code;    // "err.email_invalid", "err.too_long", ...
    std::string field;   // "emails", "name", "note", ... (empty when not about one field)
    std::string detail;  // e.g. the limit "1000" for err.too_long
    bool operator==(const error& o) const { return code == o.code && field == o.field && detail == o.detail; }
};

}  // namespace cc
