// plan.cpp — sales plan entries (Leeloo.ai Sales Plans: the plan's name, status, amount and
// manager; "assign manager" so that the entry is not changed automatically or by accident).
// plan.lock assigns the manager and locks the entry: while it is locked nobody changes its
// manager, automations included; only an admin unlocks it (plan.unlock). The lock says who set
// it and when.
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

bool locked(const record& r) { return !r.get("locked_by").is_null(); }

std::optional<error> lock(mutation& m) {
    if (locked(m.before)) return error{"err.locked", "manager", m.before.text("locked_by")};
    m.after.fields["manager"] = m.o.payload.at("manager");
    m.after.fields["locked_by"] = m.o.actor;
    m.after.fields["locked_at"] = m.o.at;
    return std::nullopt;
}

std::optional<error> unlock(mutation& m) {
    if (!locked(m.before)) return error{"err.not_locked", "manager", ""};
    m.after.fields.erase("locked_by");
    m.after.fields.erase("locked_at");
    return std::nullopt;
}

// A locked entry keeps its manager until an admin unlocks it.
std::optional<error> keep_locked(const record& before, const record& after, const op& o) {
    if (!locked(before) || o.kind == "plan.unlock" || o.kind == "plan.delete") return std::nullopt;
    if (before.get("manager") != after.get("manager")) return error{"err.locked", "manager", before.text("locked_by")};
    return std::nullopt;
}

std::optional<error> check_plan(const record& r) {
    if (!r.get("amount").is_null() && r.get("currency").is_null()) return error{"err.required", "currency", ""};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec plan_fields[] = {
    spec("plan", t::text, 200).needed().searched(),     // the plan's name: "March, course sales"
    spec("status", t::enumeration).one_of("active|in_progress|completed|cancelled").needed()
        .defaults_to("active"),
    spec("amount", t::money).between(0, money_limit),
    spec("currency", t::currency),
    spec("manager", t::reference, 128),
    spec("locked_by", t::reference, 128).system_only(),
    spec("locked_at", t::datetime).system_only(),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec plan_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_plan() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "plan";
        k.fields = fields_of(plan_fields);
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"lock", {field("manager", t::reference, 128).needed()}, verb::change, lock, {role::admin, role::manager}},
            {"unlock", {}, verb::change, unlock, {role::admin}},
        };
        k.check = check_plan;
        k.transition = keep_locked;
        k.access = access_of(plan_access);
        return k;
    }();
    return def;
}

}  // namespace cc
