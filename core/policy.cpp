// policy.cpp — allowed(role, verb, kind, field) over the rows each kind declares.
#include "core/policy.hpp"

#include <algorithm>

namespace cc {
namespace {

bool in(const std::vector<role>& roles, role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

// The fields an op writes, for the field-level rows (field_def::writers).
std::vector<std::string> written_fields(const op& o) {
    std::vector<std::string> out;
    if (o.payload.is_object())
        for (const auto& item : o.payload.items()) out.push_back(item.key());
    return out;
}

}  // namespace

std::optional<role> role_from(std::string_view w) {
    if (w == "admin") return role::admin;
    if (w == "manager") return role::manager;
    if (w == "integration") return role::integration;
    return std::nullopt;
}

const char* to_string(role r) {
    switch (r) {
        case role::admin: return "admin";
        case role::manager: return "manager";
        case role::integration: return "integration";
    }
    return "manager";
}

const char* to_string(verb v) {
    switch (v) {
        case verb::read: return "read";
        case verb::create: return "create";
        case verb::change: return "change";
        case verb::remove: return "delete";
        case verb::restore: return "restore";
    }
    return "change";
}

bool allowed(role r, verb v, std::string_view kind, std::string_view field) {
    const kind_def* k = find_kind(kind);
    if (!k) return false;
    bool granted = false;
    for (const auto& row : k->access)
        if (row.what == v && in(row.roles, r)) granted = true;
    if (!granted || field.empty()) return granted;
    if (v != verb::create && v != verb::change) return granted;
    const field_def* f = k->field(field);
    return !f || f->writers.empty() || in(f->writers, r);
}

bool allowed_op(role r, std::string_view op_kind) {
    const auto [prefix, name] = split_op_kind(op_kind);
    op probe;
    probe.kind = std::string(op_kind);
    const std::string kind = target_kind(probe);
    if (kind.empty() || !allowed(r, verb_of(probe), kind)) return false;
    if (const kind_def* k = find_kind(prefix); k && !k->root)
        if (const mutator_def* m = k->mutator(name); m && !m->roles.empty()) return in(m->roles, r);
    return true;
}

verb verb_of(const op& o) {
    const auto [prefix, name] = split_op_kind(o.kind);
    if (name == "create") return verb::create;
    if (name == "delete") return verb::remove;
    if (name == "restore") return verb::restore;
    if (const kind_def* k = find_kind(prefix); k && !k->root)
        if (const mutator_def* m = k->mutator(name)) return m->needs;
    return verb::change;
}

std::optional<denial> check_op_allowed(role r, const std::string& user_name, const op& o) {
    const std::string kind = target_kind(o);
    if (kind.empty()) return std::nullopt;  // an unknown kind: apply refuses it with its own error
    const verb v = verb_of(o);
    const std::string who = user_name + " is " + (r == role::manager ? "a " : "an ") + to_string(r);
    if (!allowed(r, v, kind)) {
        const std::string what = v == verb::remove ? "delete" : to_string(v);
        const bool admins = allowed(role::admin, v, kind), managers = allowed(role::manager, v, kind);
        std::string rule = !admins && !managers ? "nobody may " + what + " a " + kind
                           : admins && !managers ? "only an admin may " + what + " a " + kind
                                                 : std::string(r == role::manager ? "a " : "an ") + to_string(r) + " may not " + what + " a " + kind;
        return denial{{"err.forbidden", "", o.kind}, rule + "; " + who};
    }
    // A named mutator kept for some roles (payment.confirm, plan.unlock).
    if (const kind_def* k = find_kind(kind); k && !k->root)
        if (const mutator_def* m = k->mutator(split_op_kind(o.kind).second); m && !m->roles.empty() && !in(m->roles, r)) {
            const bool admins_only = m->roles.size() == 1 && m->roles[0] == role::admin;
            return denial{{"err.forbidden", "", o.kind},
                          std::string(admins_only ? "only an admin may " : "this role may not ") + "run " + o.kind + "; " + who};
        }
    // The client's own ops carry list and tag keys, not field names: only records have
    // field-level rows.
    if (kind != "client" && (v == verb::create || v == verb::change))
        for (const auto& f : written_fields(o))
            if (!allowed(r, v, kind, f))
                return denial{{"err.forbidden", f, o.kind}, "may not write " + kind + "." + f + "; " + who};
    return std::nullopt;
}

}  // namespace cc
