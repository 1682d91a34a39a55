// record_apply.hpp — apply for records (every kind but the client, whose typed apply is
// apply.hpp): the generic mutators create, set, delete, restore, and each kind's named mutators,
// all checked against the kind's schema (schema/kind.hpp). The browser runs it optimistically,
// the server authoritatively. It validates first and on any error changes nothing.
#pragma once
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/op.hpp"
#include "core/record.hpp"
#include "core/store.hpp"

namespace cc {

struct record_applied {
    record after;
    std::vector<field_change> changes;  // for the client's activity log: field, old -> new
};

// `before` is the record as it is now, or nullptr when it does not exist (<kind>.create).
// The caller checks that the client exists and may be written (apply.hpp), and the policy.
std::variant<record_applied, error> apply_record(const record* before, const op& o);

// True when the op targets a record (its kind names a record kind), not the client itself.
bool is_record_op(const op& o);

}  // namespace cc
