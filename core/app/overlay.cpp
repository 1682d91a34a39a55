// overlay.cpp — the model's derived views: each client's overlay (its base with the
// outstanding ops re-applied: the rebase), the search index and the results shown.
#include <optional>

#include "core/app/internal.hpp"
#include "core/apply.hpp"

namespace cc::app_detail {
namespace {

// Entries whose effect is not (yet) in the base: re-applied on top of it.
bool in_overlay(const journal_entry& e, std::int64_t server_version) {
    if (e.state == op_state::rejected) return false;
    return e.state != op_state::confirmed || e.version > server_version;
}

}  // namespace

void refresh_results(model& m) { m.results = search(m.index, m.query); }

// Rebuilds the overlay of one client: its base with every outstanding op re-applied (rebase).
// An op that no longer applies stays in the journal (nothing is dropped); the server will say.
void rebuild_overlay(model& m, const std::string& id) {
    m.store.overlay.erase(id);
    m.store.overlay_history.erase(id);
    const client* cur = nullptr;
    if (auto it = m.store.base.find(id); it != m.store.base.end()) cur = &it->second;
    std::optional<client> acc;
    for (const auto& e : m.journal) {
        if (e.op.client_id != id || !in_overlay(e, m.server_version)) continue;
        auto r = apply(acc ? &*acc : cur, e.op);
        if (auto* ok = std::get_if<applied>(&r)) {
            m.store.overlay_history[id].push_back(make_activity(e.op, ok->changes, true));
            acc = std::move(ok->after);
        }
    }
    if (acc) m.store.overlay[id] = std::move(*acc);
}

void reindex(model& m, const std::string& id) {
    if (const client* c = m.store.find(id)) index_put(m.index, *c);
}

// After a batch of base or journal changes: overlays, index, order, results.
void refresh_clients(model& m, const std::set<std::string>& ids) {
    if (ids.empty()) return;
    for (const auto& id : ids) {
        rebuild_overlay(m, id);
        reindex(m, id);
    }
    index_sort(m.index);
    refresh_results(m);
}

journal_entry* find_entry(model& m, const std::string& op_id) {
    for (auto& e : m.journal)
        if (e.op.id == op_id) return &e;
    return nullptr;
}

}  // namespace cc::app_detail
