// edits.cpp — one edit the user asked for: committed here when this tab writes (applied,
// journaled, written, pushed), or forwarded to the writer tab (tabs.cpp) when it does not.
#include "core/app/internal.hpp"
#include "core/apply.hpp"
#include "core/policy.hpp"
#include "core/record_apply.hpp"
#include "core/schema/kind.hpp"

namespace cc::app_detail {

// An op on a record, checked as the server will check it: the client exists and is not deleted,
// the user's role may do it (the policy, when the server told us the role), the kind's schema.
std::optional<error> check_record_op(const model& m, op& o) {
    const client* owner = m.store.find(o.client_id);
    if (!owner) return error{"err.not_found", "", o.client_id};
    if (owner->deleted) return error{"err.client_deleted", "", o.client_id};
    if (split_op_kind(o.kind).second == "create") o.record_id = record_id_for(std::string(split_op_kind(o.kind).first), o.id);
    if (auto r = role_from(m.user_role))
        if (auto denied = check_op_allowed(*r, m.user_name, o)) return denied->why;
    return std::nullopt;
}

// An op applied in the overlay becomes an edit: it takes its sequence number and joins the
// journal (to be written and pushed); a refusal shown at its widget is cleared.
static void journal_op(model& m, op o, const std::string& source, const std::string& origin) {
    m.next_seq += 1;
    journal_entry e;
    e.base_version = m.server_version;
    e.origin = origin;
    e.op = std::move(o);
    m.journal.push_back(std::move(e));
    if (m.refused && m.refused->source == source) m.refused.reset();
}

template <class Refuse>
void commit_record(model& m, op o, const std::string& source, const std::string& origin, effects& fx, Refuse& refuse) {
    if (auto e = check_record_op(m, o)) return refuse(*e);
    auto r = apply_record(m.store.find_record(o.record_id), o);
    if (auto* err = std::get_if<error>(&r)) return refuse(*err);
    auto& ok = std::get<record_applied>(r);
    // The rules across the client's records of the kind (a balance never below zero), on what
    // this card knows; the server checks them again on what it holds.
    if (auto e = check_across(ok.after, m.store.records_of(o.client_id, ok.after.kind))) return refuse(*e);
    m.store.overlay_history[o.client_id].push_back(make_activity(o, std::move(ok.changes), true));
    m.store.put_overlay_record(std::move(ok.after));
    journal_op(m, std::move(o), source, origin);
    const std::string& id = m.journal.back().op.client_id;
    reindex(m, id);  // a task's title, a call's phone, a comment's text find the client
    index_reposition(m.index, id, m.query, m.results);
    request_write(m, fx);
    request_push(m, fx);
}

// Commits one op in the writer tab: applies it, and on success journals it and asks for a write
// and a push. `origin` names an edit forwarded from another tab.
void commit(model& m, op o, const std::string& source, const std::string& origin, effects& fx,
            std::optional<error>* refused_out) {
    auto refuse = [&](error why) {
        if (refused_out) *refused_out = why;
        else m.refused = refusal{source, std::move(why)};
    };
    if (m.loading != load_state::ready) return refuse(error{"err.not_ready", "", ""});
    ensure_client(m, o.client_id);
    o.device = m.device;
    o.seq = m.next_seq;
    o.id = m.device + ":" + std::to_string(o.seq);
    if (o.actor.empty()) o.actor = m.user_name.empty() ? m.actor : m.user_name;
    o.by = role_from(m.user_role).value_or(role::manager);
    if (o.kind == "client.create" && o.client_id.empty()) o.client_id = "c:" + o.id;
    if (is_record_op(o)) return commit_record(m, std::move(o), source, origin, fx, refuse);
    const client* before = m.store.find(o.client_id);
    auto r = apply(before, o);
    if (auto* err = std::get_if<error>(&r)) return refuse(*err);
    auto& ok = std::get<applied>(r);
    m.store.overlay_history[o.client_id].push_back(make_activity(o, std::move(ok.changes), true));
    m.store.overlay[o.client_id] = std::move(ok.after);
    journal_op(m, std::move(o), source, origin);
    const std::string& id = m.journal.back().op.client_id;
    reindex(m, id);
    // One client changed: move it in the name order and the results, no sort, no full search,
    // so an edit costs the same at 2,000 clients as at 100,000.
    index_reposition(m.index, id, m.query, m.results);
    request_write(m, fx);
    request_push(m, fx);
}

void request_edit(model& m, edit_requested edit, const context& ctx, effects& fx) {
    ensure_client(m, edit.client_id);
    if (!m.writer) return forward(m, std::move(edit), ctx, fx);
    op o;
    o.kind = std::move(edit.kind);
    o.client_id = std::move(edit.client_id);
    o.payload = std::move(edit.payload);
    o.record_id = std::move(edit.record_id);
    o.at = ctx.now_ms;
    const bool creating = o.kind == "client.create";
    const std::size_t before = m.journal.size();
    commit(m, std::move(o), edit.source, "", fx);
    if (creating && m.journal.size() > before) m.selected = m.journal.back().op.client_id;
}

}  // namespace cc::app_detail
