// journal.hpp — the journal is the outbox (DESIGN §5): each committed local op with where it
// stands with the server. An entry leaves the journal only once the server confirmed it and the
// confirmed state is in the local base.
#pragma once
#include <cstdint>
#include <string>

#include "error.hpp"
#include "op.hpp"

namespace cc {

// One committed local op on its way to the server (DESIGN §5: the journal is the outbox).
enum class op_state { pending, sent, confirmed, rejected };
struct journal_entry {
    cc::op op;
    std::int64_t base_version = 0;  // server version the user was looking at when making it
    op_state state = op_state::pending;
    std::int64_t version = 0;       // server version that applied it (confirmed)
    error reason;                   // rejected: why, as the server said
    std::string origin;             // the forwarding tab's edit id; "" when made in this tab
};

}  // namespace cc
