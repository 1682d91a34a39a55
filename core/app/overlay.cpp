// overlay.cpp — the model's derived views: each client's overlay (its base with the
// outstanding ops re-applied: the rebase), the search index and the results shown.
#include <optional>

#include <algorithm>
#include <map>
#include <set>

#include "core/app/internal.hpp"
#include "core/apply.hpp"
#include "core/record_apply.hpp"

namespace cc::app_detail {
namespace {

// Entries whose effect is not (yet) in the base: re-applied on top of it.
bool in_overlay(const journal_entry& e, std::int64_t server_version) {
    if (e.state == op_state::rejected) return false;
    return e.state != op_state::confirmed || e.version > server_version;
}

}  // namespace

void refresh_results(model& m) { m.results = search(m.index, m.query); }

// Rebuilds the overlay of one client and its records: the base with every outstanding op
// re-applied (rebase). An op that no longer applies stays in the journal (nothing is dropped);
// the server will say.
void rebuild_overlay(model& m, const std::string& id) {
    m.store.overlay.erase(id);
    m.store.overlay_history.erase(id);
    m.store.clear_record_overlay(id);
    const client* cur = nullptr;
    if (auto it = m.store.base.find(id); it != m.store.base.end()) cur = &it->second;
    std::optional<client> acc;
    std::map<std::string, record> records;  // records outstanding ops changed, as they stand now
    for (const auto& e : m.journal) {
        if (e.op.client_id != id || !in_overlay(e, m.server_version)) continue;
        if (is_record_op(e.op)) {
            const client* owner = acc ? &*acc : cur;
            if (!owner || owner->deleted) continue;
            const record* before = nullptr;
            if (auto it = records.find(e.op.record_id); it != records.end()) before = &it->second;
            else if (auto b = m.store.record_base.find(e.op.record_id); b != m.store.record_base.end()) before = &b->second;
            auto r = apply_record(before, e.op);
            if (auto* ok = std::get_if<record_applied>(&r)) {
                m.store.overlay_history[id].push_back(make_activity(e.op, ok->changes, true));
                records[e.op.record_id] = std::move(ok->after);
            }
            continue;
        }
        auto r = apply(acc ? &*acc : cur, e.op);
        if (auto* ok = std::get_if<applied>(&r)) {
            m.store.overlay_history[id].push_back(make_activity(e.op, ok->changes, true));
            acc = std::move(ok->after);
        }
    }
    if (acc) m.store.overlay[id] = std::move(*acc);
    for (auto& [rid, r] : records) m.store.put_overlay_record(std::move(r));
}

// A client's search entry: its own fields and its records' searched fields.
void reindex(model& m, const std::string& id) {
    const client* c = m.store.find(id);
    if (!c) return;
    std::vector<const record*> records;
    if (auto it = m.store.record_ids.find(id); it != m.store.record_ids.end())
        for (const auto& rid : it->second)
            if (const record* r = m.store.find_record(rid)) records.push_back(r);
    index_put(m.index, *c, records);
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

void merge_history(std::vector<activity_entry>& log, std::vector<activity_entry> more) {
    if (more.empty()) return;
    std::set<std::string> known;
    for (const auto& e : log) known.insert(e.op_id);
    for (auto& e : more)
        if (known.insert(e.op_id).second) log.push_back(std::move(e));
    std::stable_sort(log.begin(), log.end(),
                     [](const activity_entry& a, const activity_entry& b) { return a.version > b.version; });
}

}  // namespace cc::app_detail
