// policy.hpp — who may do what: allowed(role, verb, kind, field) (DESIGN §4). The server enforces
// it on every op; the card asks it before showing a button, so a refused action is not offered.
// The rows are data in each kind's file (kind_def::access, field_def::writers), so a new kind
// brings its own rules.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/op.hpp"
#include "core/schema/kind.hpp"

namespace cc {

std::optional<role> role_from(std::string_view word);
const char* to_string(role r);
const char* to_string(verb v);

// `field` empty: the verb on the record as a whole.
bool allowed(role r, verb v, std::string_view kind, std::string_view field = {});

// Whether this role may run this op kind at all ("payment.confirm", "plan.unlock"): the kind's row
// for its verb and the mutator's own roles. The card asks it before it shows the button.
bool allowed_op(role r, std::string_view op_kind);
// The verb an op needs on its target ("client.delete" -> remove, "task.complete" -> change).
verb verb_of(const op& o);

// A refusal by the policy: err.forbidden (field: the field refused, if one; detail: the op's
// kind) and the sentence the server sends with it ("may not delete a task; Boris is a manager").
struct denial {
    error why;
    std::string message;
};
// The op checked against the policy for this user: nullopt when allowed.
std::optional<denial> check_op_allowed(role r, const std::string& user_name, const op& o);

}  // namespace cc
