// record_apply.cpp — the generic mutators over the schema, and the dispatch to named ones.
//
// Index of this file:
// [SECTION] payload checks
// [SECTION] the log's changes (a diff over the kind's fields)
// [SECTION] apply_record
#include "core/record_apply.hpp"

#include "core/schema/kind.hpp"
#include "core/validate.hpp"

namespace cc {
namespace {

using nlohmann::json;


// [SECTION] payload checks --------------------------------------------------------------------

// Each key a field of `defs`, each value valid for it. `system_ok`: fields only mutators and
// the server write are accepted (a named mutator's own payload schema).
std::optional<error> check_fields(const std::vector<field_def>& defs, const json& payload, bool system_ok,
                                  std::string_view kind) {
    if (!payload.is_object()) return make_error("err.bad_value", "payload");
    for (const auto& [key, value] : payload.items()) {
        const field_def* f = nullptr;
        for (const auto& d : defs)
            if (d.key == key) f = &d;
        if (!f) return make_error("err.unknown_field", key, std::string(kind) + " has no field \"" + key.substr(0, 40) + "\"");
        if (!system_ok && f->access == field_access::system) return make_error("err.system_field", key, std::string(kind));
        if (auto e = check_value(*f, value)) return e;
    }
    return std::nullopt;
}

// [SECTION] the log's changes -----------------------------------------------------------------

std::vector<field_change> diff(const kind_def& k, const record* before, const record& after) {
    std::vector<field_change> out;
    for (const auto& f : k.fields) {
        const json& old_value = before ? before->get(f.key) : json();
        const json& new_value = after.get(f.key);
        if (old_value != new_value) out.push_back({f.key, log_text(f, old_value), log_text(f, new_value)});
    }
    if ((before && before->deleted) != after.deleted)
        out.push_back({"deleted", before && before->deleted ? "true" : "false", after.deleted ? "true" : "false"});
    return out;
}

}  // namespace

bool is_record_op(const op& o) {
    const auto [prefix, name] = split_op_kind(o.kind);
    const kind_def* k = find_kind(prefix);
    return k && !k->root;
}

// [SECTION] apply_record ----------------------------------------------------------------------

std::variant<record_applied, error> apply_record(const record* before, const op& o) {
    if (o.defect) return *o.defect;
    const auto [prefix, name] = split_op_kind(o.kind);
    const kind_def* k = find_kind(prefix);
    if (!k || k->root) return make_error("err.unknown_kind", "", o.kind.substr(0, 60));
    if (auto e = check_at(o.at)) return *e;
    if (o.record_id.empty() || o.record_id.size() > 160) return make_error("err.bad_value", "record");
    if (!o.payload.is_object()) return make_error("err.bad_value", "payload");

    record after;
    if (name == "create") {
        if (before) return make_error("err.record_exists", "", o.record_id);
        const std::string expected = record_id_for(k->name, o.id);
        if (o.record_id != expected) return make_error("err.record_id_mismatch", "record", expected);
        if (auto e = check_fields(k->fields, o.payload, false, k->name)) return *e;
        after.kind = k->name;
        after.id = o.record_id;
        after.client_id = o.client_id;
        after.created_by = o.actor;
        after.created_at = o.at;
        for (const auto& f : k->fields) {
            auto it = o.payload.find(f.key);
            if (it != o.payload.end() && !it->is_null()) after.fields[f.key] = *it;
            else if (!f.fallback.is_null()) after.fields[f.key] = f.fallback;
            else if (f.required) return make_error("err.required", f.key);
        }
    } else {
        if (!before || before->kind != k->name) return make_error("err.record_not_found", "", o.record_id);
        if (before->client_id != o.client_id) return make_error("err.bad_value", "client_id", o.client_id.substr(0, 60));
        after = *before;
        if (name == "delete" || name == "restore") {
            if (!o.payload.empty()) return make_error("err.unknown_field", o.payload.begin().key(), o.kind + " carries no fields");
            if (name == "delete" && before->deleted) return make_error("err.record_deleted", "", o.record_id);
            if (name == "restore" && !before->deleted) return make_error("err.not_deleted", "", o.record_id);
            after.deleted = name == "delete";
        } else if (before->deleted) {
            return make_error("err.record_deleted", "", o.record_id);
        } else if (name == "set") {
            if (!k->generic_set) return make_error("err.append_only", "", k->name);
            if (o.payload.empty()) return make_error("err.bad_value", "payload");
            if (auto e = check_fields(k->fields, o.payload, false, k->name)) return *e;
            for (const auto& [key, value] : o.payload.items()) {
                if (value.is_null()) after.fields.erase(key);
                else after.fields[key] = value;
            }
        } else if (const mutator_def* m = k->mutator(name)) {
            if (auto e = check_fields(m->payload, o.payload, true, o.kind)) return *e;
            for (const auto& f : m->payload)
                if (f.required && !o.payload.contains(f.key)) return make_error("err.required", f.key);
            mutation mu{*before, after, o};
            if (auto e = m->apply(mu)) return *e;
        } else {
            return make_error("err.unknown_kind", "", o.kind.substr(0, 60));
        }
    }
    if (k->check)
        if (auto e = k->check(after)) return *e;
    if (before && k->transition)
        if (auto e = k->transition(*before, after, o)) return *e;
    after.updated_at = o.at;
    after.updated_by = o.actor;
    std::vector<field_change> changes = diff(*k, before, after);
    return record_applied{std::move(after), std::move(changes)};
}

}  // namespace cc
