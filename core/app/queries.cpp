// queries.cpp — what the ui asks of the model: save and sync status, counts, a client's
// conflicts and rejected ops.
#include <algorithm>

#include "core/app.hpp"

namespace cc {

save_status client_save_status(const model& m, const std::string& client_id) {
    save_status s = save_status::none;
    for (const auto& f : m.forwarded)
        if (f.edit.edit.client_id == client_id) return save_status::saving;
    for (const auto& e : m.journal) {
        if (e.op.client_id != client_id) continue;
        if (e.op.seq > m.saved_seq) return save_status::saving;
        s = save_status::saved;
    }
    return s;
}

sync_status overall_status(const model& m) {
    bool unsaved = m.writing || !m.forwarded.empty();
    for (const auto& e : m.journal) unsaved = unsaved || e.op.seq > m.saved_seq;
    if (unsaved) return sync_status::saving;
    if (!m.signed_in) return sync_status::saved_locally;  // nothing can have reached a server
    if (m.sync == sync_state::offline || !m.online) return sync_status::offline;
    if (m.pushing || m.sync == sync_state::pulling) return sync_status::syncing;
    if (pending_count(m) > 0) return sync_status::saved_locally;
    return sync_status::synced;
}

std::size_t pending_count(const model& m) {
    return static_cast<std::size_t>(std::count_if(m.journal.begin(), m.journal.end(), [](const journal_entry& e) {
               return e.state == op_state::pending || e.state == op_state::sent;
           })) + m.forwarded.size();
}

std::size_t rejected_count(const model& m) {
    return static_cast<std::size_t>(std::count_if(m.journal.begin(), m.journal.end(),
                                                  [](const journal_entry& e) { return e.state == op_state::rejected; }));
}

std::vector<const conflict*> conflicts_of(const model& m, const std::string& client_id) {
    std::vector<const conflict*> out;
    for (const auto& c : m.conflicts)
        if (c.client_id == client_id) out.push_back(&c);
    return out;
}

std::vector<const journal_entry*> rejected_of(const model& m, const std::string& client_id) {
    std::vector<const journal_entry*> out;
    for (const auto& e : m.journal)
        if (e.op.client_id == client_id && e.state == op_state::rejected) out.push_back(&e);
    return out;
}

bool record_pending(const model& m, const std::string& record_id) {
    for (const auto& e : m.journal)
        if (e.op.record_id == record_id && (e.state == op_state::pending || e.state == op_state::sent)) return true;
    return false;
}

}  // namespace cc

namespace cc {

// The reminders panel: fired or missed, not dismissed, and the task still open and live (a task
// closed after its reminder fired needs no reminding).
std::vector<shown_reminder> reminders_shown(const model& m) {
    std::vector<shown_reminder> out;
    for (const auto& n : m.reminders.notes) {
        if (n.state == reminder_state::dismissed) continue;
        const record* task = m.store.find_record(n.task_id);
        if (!task || task->deleted || task->text("status") != "open") continue;
        out.push_back(shown_reminder{&n, task, m.store.find(n.client_id), n.state == reminder_state::missed});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const shown_reminder& a, const shown_reminder& b) { return a.note->at > b.note->at; });
    return out;
}

}  // namespace cc
