// kind.hpp — a record kind: its fields, its conflict rule, its named mutators (DESIGN §3-§4).
// Each kind is declared once, in core/kinds/<kind>.cpp, as a function `const kind_def&
// kind_<name>()`; the build collects every file of core/kinds/ into the registry, so adding a
// kind is adding its file.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/op.hpp"
#include "core/record.hpp"
#include "core/schema/access.hpp"
#include "core/schema/field.hpp"

namespace cc {

// What happens when two devices change one record without seeing each other's change:
//   field_lww    the later change of each field wins; a field both changed is a conflict the
//                user reviews (client, task)
//   append_only  records are added, then only corrected; nothing is ever offered as a conflict
//                (comment, call)
//   ledger       entries add up and are never overwritten (balance entries)
enum class conflict_rule { field_lww, append_only, ledger };

// What a named mutator sees: the record before, the one it builds, the op.
struct mutation {
    const record& before;
    record& after;
    const op& o;
};

// A mutator beyond the generic create/set/delete/restore: "task.complete", "comment.edit".
struct mutator_def {
    std::string name;                 // the part after "<kind>.": "complete"
    std::vector<field_def> payload;   // its payload's schema: exactly these keys, checked as fields
    verb needs = verb::change;        // what the policy must allow
    // Applies a checked payload; an error refuses the op. The generic code records the changes.
    std::function<std::optional<error>(mutation&)> apply;
    // Roles that may run it; empty: whoever the kind's row for `needs` allows. Confirming a
    // manual payment and unlocking a sales plan are an admin's (payment.cpp, plan.cpp).
    std::vector<role> roles = {};
};

struct kind_def {
    std::string name;                 // "task"
    bool root = false;                // the client: its own typed apply (apply.hpp), not records
    std::vector<field_def> fields;    // in the order the card shows them
    conflict_rule rule = conflict_rule::field_lww;
    std::vector<mutator_def> mutators;
    // Rules across fields (a meeting's place or link, a reason when a call did not take place),
    // run on the record after every change.
    std::function<std::optional<error>(const record&)> check;
    // Rules on a change of an existing record, seeing it before and after (a locked sales
    // plan keeps its manager); run after `check`, for `set` and the named mutators.
    std::function<std::optional<error>(const record& before, const record& after, const op& o)> transition;
    // Rules across the client's records of this kind (a balance never below zero, one
    // registration link per client). `others` are the client's other live records of the kind.
    // Whoever holds them runs it: the card before it journals an op, the server before it
    // commits one (check_across).
    std::function<std::optional<error>(const record& after, const std::vector<const record*>& others)> across;
    std::vector<access_rule> access;  // the policy's rows for this kind (policy.hpp)
    // True for a record a pull brings to this card for the first time that the manager should be
    // told of (a sale made by the registration link): the card keeps its id in model::sale_notices
    // until dismissed. Not asked on the first download, which brings every old record.
    bool (*notify_on_arrival)(const record&) = nullptr;
    // false: once created, the record changes only through its named mutators (a comment is
    // corrected by its author with comment.edit, never by a generic set).
    bool generic_set = true;

    const field_def* field(std::string_view key) const {
        for (const auto& f : fields)
            if (f.key == key) return &f;
        return nullptr;
    }
    const mutator_def* mutator(std::string_view n) const {
        for (const auto& m : mutators)
            if (m.name == n) return &m;
        return nullptr;
    }
};

// The kind's `across` rule for a record after an op; nullopt when the kind has none or it holds.
// `all` may include the record itself (its earlier state) and deleted records: they are skipped.
std::optional<error> check_across(const record& after, const std::vector<const record*>& all);

// Every kind, the client included, by name; nullptr for a name no kind has.
const kind_def* find_kind(std::string_view name);
// The kinds stored as records (every kind but the client), in name order.
const std::vector<const kind_def*>& record_kinds();

// "task.complete" -> {"task", "complete"}; {"", ""} when the op kind has no dot.
std::pair<std::string_view, std::string_view> split_op_kind(std::string_view op_kind);
// The kind an op targets: "client" for the client's ops (client.*, item.*, tag.*, custom.*),
// otherwise the part before the dot when it names a record kind, "" when it names nothing.
std::string target_kind(const op& o);

}  // namespace cc
