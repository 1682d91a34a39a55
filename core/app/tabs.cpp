// tabs.cpp — several tabs of one site share one store: one writes (Web Locks), the others
// forward their edits to it (BroadcastChannel) and follow its files (storage.cpp, on_changed).
// Here: a follower forwarding an edit, the writer committing it once, the follower's answer.
//
// Index of this file:
// [SECTION] follower: forward an edit to the writer
// [SECTION] writer: commit a forwarded edit, answer
// [SECTION] follower: the writer's answer
#include <algorithm>

#include "core/app/internal.hpp"
#include "core/apply.hpp"
#include "core/record_apply.hpp"
#include "core/json_read.hpp"

namespace cc::app_detail {

// [SECTION] follower: forward an edit to the writer -------------------------------------------

// A follower tab: check the edit against what this tab sees, then hand it to the writer.
void forward(model& m, edit_requested edit, const context& ctx, effects& fx) {
    if (m.loading != load_state::ready) {
        m.refused = refusal{edit.source, error{"err.not_ready", "", ""}};
        return;
    }
    const bool special = edit.kind == kind_resolve || edit.kind == kind_discard || edit.kind == kind_retry;
    if (!special) {
        op probe;
        probe.id = "probe";
        probe.kind = edit.kind;
        probe.client_id = edit.client_id.empty() ? "c:probe" : edit.client_id;
        probe.payload = edit.payload;
        probe.record_id = edit.record_id;
        probe.at = ctx.now_ms;
        std::optional<error> refused;
        if (is_record_op(probe)) {
            refused = check_record_op(m, probe);
            if (!refused)
                if (auto r = apply_record(m.store.find_record(probe.record_id), probe); std::holds_alternative<error>(r))
                    refused = std::get<error>(r);
        } else if (auto r = apply(m.store.find(probe.client_id), probe); std::holds_alternative<error>(r)) {
            refused = std::get<error>(r);
        }
        if (refused) {
            m.refused = refusal{edit.source, *refused};
            return;
        }
    }
    edit_forwarded f;
    f.origin = m.tab_id + ":" + std::to_string(m.next_origin++);
    f.actor = m.user_name.empty() ? m.actor : m.user_name;
    f.at = ctx.now_ms;
    f.edit = std::move(edit);
    if (f.edit.kind == "client.create") m.select_origin = f.origin;
    m.forwarded.push_back(forwarded_edit{f.origin, f});
    fx.push_back(forward_edit{std::move(f)});
}

// [SECTION] writer: commit a forwarded edit, answer -------------------------------------------

void on_forwarded(model& m, const edit_forwarded& f, const context& ctx, effects& fx) {
    if (!m.writer) return;
    // A follower re-sends what a previous writer may already have taken: commit each origin once.
    if (std::any_of(m.journal.begin(), m.journal.end(), [&](const journal_entry& e) { return e.origin == f.origin; })) {
        fx.push_back(forward_answer{forward_answered{f.origin, true, {}}});
        return;
    }
    std::optional<error> refused;
    const auto& e = f.edit;
    if (e.kind == kind_resolve) {
        refused = resolve_conflict(m, text_member(e.payload, "conflict_id"), bool_member(e.payload, "keep_mine", true),
                                   ctx, f.origin, fx);
    } else if (e.kind == kind_dismiss_reminder) {
        dismiss_reminder(m, text_member(e.payload, "key"), ctx, fx);
    } else if (e.kind == kind_discard || e.kind == kind_retry) {
        refused = settle_rejected(m, text_member(e.payload, "op_id"), e.kind == kind_retry, ctx, f.origin, fx);
    } else {
        op o;
        o.kind = e.kind;
        o.client_id = e.client_id;
        o.payload = e.payload;
        o.record_id = e.record_id;
        o.actor = f.actor;
        o.at = f.at ? f.at : ctx.now_ms;
        commit(m, std::move(o), e.source, f.origin, fx, &refused);
    }
    forward_answered answer;
    answer.origin = f.origin;
    answer.ok = !refused;
    if (refused) answer.why = *refused;
    fx.push_back(forward_answer{std::move(answer)});
}

// [SECTION] follower: the writer's answer -----------------------------------------------------

void on_answered(model& m, const forward_answered& a) {
    auto it = std::find_if(m.forwarded.begin(), m.forwarded.end(), [&](const forwarded_edit& f) { return f.origin == a.origin; });
    if (it == m.forwarded.end()) return;
    if (!a.ok) {
        m.refused = refusal{it->edit.edit.source, a.why};
        if (m.select_origin == a.origin) m.select_origin.clear();
        m.forwarded.erase(it);
    }
    // An accepted edit stays listed until the writer's files show it (storage_changed): until
    // then this tab shows it as saving.
}

}  // namespace cc::app_detail
