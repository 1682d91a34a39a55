// registry.cpp — every kind, collected by the build from core/kinds/*.cpp (core/CMakeLists.txt
// writes kinds_list.inc: one `kind_<file name>` per file), so adding a kind is adding its file.
#include <algorithm>

#include "core/schema/kind.hpp"

namespace cc {

#define CC_KIND(name) const kind_def& kind_##name();
#include "kinds_list.inc"
#undef CC_KIND

namespace {

const std::vector<const kind_def*>& all_kinds() {
    static const std::vector<const kind_def*> kinds = [] {
        std::vector<const kind_def*> out = {
#define CC_KIND(name) &kind_##name(),
#include "kinds_list.inc"
#undef CC_KIND
        };
        std::sort(out.begin(), out.end(), [](const kind_def* a, const kind_def* b) { return a->name < b->name; });
        return out;
    }();
    return kinds;
}

}  // namespace

const kind_def* find_kind(std::string_view name) {
    for (const kind_def* k : all_kinds())
        if (k->name == name) return k;
    return nullptr;
}

const std::vector<const kind_def*>& record_kinds() {
    static const std::vector<const kind_def*> kinds = [] {
        std::vector<const kind_def*> out;
        for (const kind_def* k : all_kinds())
            if (!k->root) out.push_back(k);
        return out;
    }();
    return kinds;
}

std::vector<access_rule> access_of(const access_spec* specs, std::size_t count) {
    std::vector<access_rule> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back({specs[i].what, roles_of(specs[i].roles)});
    return out;
}

std::optional<error> check_across(const record& after, const std::vector<const record*>& all) {
    const kind_def* k = find_kind(after.kind);
    if (!k || !k->across || after.deleted) return std::nullopt;
    std::vector<const record*> others;
    others.reserve(all.size());
    for (const record* r : all)
        if (r && r->id != after.id && !r->deleted && r->kind == after.kind) others.push_back(r);
    return k->across(after, others);
}

std::pair<std::string_view, std::string_view> split_op_kind(std::string_view op_kind) {
    const auto dot = op_kind.find('.');
    if (dot == std::string_view::npos) return {"", ""};
    return {op_kind.substr(0, dot), op_kind.substr(dot + 1)};
}

std::string target_kind(const op& o) {
    const auto [prefix, rest] = split_op_kind(o.kind);
    if (prefix == "client" || prefix == "item" || prefix == "tag" || prefix == "custom") return "client";
    const kind_def* k = find_kind(prefix);
    return k && !k->root ? std::string(prefix) : std::string();
}

}  // namespace cc
