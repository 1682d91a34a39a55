// edits.cpp — one edit the user asked for: committed here when this tab writes (applied,
// journaled, written, pushed), or forwarded to the writer tab (tabs.cpp) when it does not.
#include "core/app/internal.hpp"
#include "core/apply.hpp"

namespace cc::app_detail {

// Commits one op in the writer tab: applies it, and on success journals it and asks for a write
// and a push. `origin` names an edit forwarded from another tab.
void commit(model& m, op o, const std::string& source, const std::string& origin, effects& fx,
            std::optional<error>* refused_out) {
    auto refuse = [&](error why) {
        if (refused_out) *refused_out = why;
        else m.refused = refusal{source, std::move(why)};
    };
    if (m.loading != load_state::ready) return refuse(error{"err.not_ready", "", ""});
    o.device = m.device;
    o.seq = m.next_seq;
    o.id = m.device + ":" + std::to_string(o.seq);
    if (o.actor.empty()) o.actor = m.user_name.empty() ? m.actor : m.user_name;
    if (o.kind == "client.create" && o.client_id.empty()) o.client_id = "c:" + o.id;
    const client* before = m.store.find(o.client_id);
    auto r = apply(before, o);
    if (auto* err = std::get_if<error>(&r)) return refuse(*err);
    auto& ok = std::get<applied>(r);
    m.store.overlay_history[o.client_id].push_back(make_activity(o, std::move(ok.changes), true));
    m.store.overlay[o.client_id] = std::move(ok.after);
    m.next_seq += 1;
    journal_entry e;
    e.base_version = m.server_version;
    e.origin = origin;
    e.op = std::move(o);
    m.journal.push_back(std::move(e));
    if (m.refused && m.refused->source == source) m.refused.reset();
    const std::string& id = m.journal.back().op.client_id;
    reindex(m, id);
    // One client changed: move it in the name order and the results, no sort, no full search,
    // so an edit costs the same at 2,000 clients as at 100,000.
    index_reposition(m.index, id, m.query, m.results);
    request_write(m, fx);
    request_push(m, fx);
}

void request_edit(model& m, edit_requested edit, const context& ctx, effects& fx) {
    if (!m.writer) return forward(m, std::move(edit), ctx, fx);
    op o;
    o.kind = std::move(edit.kind);
    o.client_id = std::move(edit.client_id);
    o.payload = std::move(edit.payload);
    o.at = ctx.now_ms;
    const bool creating = o.kind == "client.create";
    const std::size_t before = m.journal.size();
    commit(m, std::move(o), edit.source, "", fx);
    if (creating && m.journal.size() > before) m.selected = m.journal.back().op.client_id;
}

}  // namespace cc::app_detail
