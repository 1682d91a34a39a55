// reminders.cpp — task reminders in the card (core/reminders.hpp says when each one is due).
//
// Who fires: only the writer tab (one per browser, Web Locks), so a reminder fires once however
// many tabs are open. What it did is kept in reminders.json in the store root: a reload, another
// tab or the next writer after a hand-over reads it and never fires a reminder twice.
//
// How: the book's `checked_until` says up to when every reminder has been dealt with. At each
// tick (a timer, an edit, a pull, the store loaded) the writer looks at the reminders of open
// tasks due in (checked_until, now]:
//   - due less than `grace_ms` ago: it fires — noted as fired, a `notify` effect, shown in the
//     card's reminders panel;
//   - older (it came due while no tab was open, or the computer slept): noted as missed and
//     shown as missed in the panel, with no notification (no storm of old ones at start);
// then checked_until = now. A tick runs before each action too, so a reminder that is already
// in the past when a task gets it (a task made or moved by an edit or a pull) never fires.
// The first look at a store (no reminders.json yet) starts from now: nothing before counts.
//
// Index of this file:
// [SECTION] Tasks of every client
// [SECTION] Wording of a notification
// [SECTION] Tick: fire, note missed, set the timer
// [SECTION] Reading the book; dismissing
#include <algorithm>
#include <cstdio>
#include <set>

#include "core/app/internal.hpp"

namespace cc::app_detail {
namespace {

constexpr std::int64_t grace_ms = 2 * 60 * 1000;  // a background tab's timers may run a minute late
constexpr std::int64_t timer_cap_ms = 60 * 60 * 1000;  // look again at least hourly (clock changes)

// [SECTION] Tasks of every client -------------------------------------------------------------

// Every task as the card shows it (overlay over base).
template <class F> void for_each_task(const model& m, F&& f) {
    const auto& st = m.store;
    for (const auto& [id, r] : st.record_base)
        if (r.kind == "task" && st.record_overlay.find(id) == st.record_overlay.end()) f(r);
    for (const auto& [id, r] : st.record_overlay)
        if (r.kind == "task") f(r);
}

// [SECTION] Wording of a notification ---------------------------------------------------------

// Numbers only, so the core needs no language: "14:30" today, "2026-03-05 14:30" another day,
// "2026-03-05" for an all-day task; in the viewer's zone.
std::string due_words(const record& task, std::int64_t due, std::int64_t now, int offset_min) {
    const std::int64_t shift = static_cast<std::int64_t>(offset_min) * 60000;
    auto day_of = [](std::int64_t local_ms) { return (local_ms >= 0 ? local_ms : local_ms - 86399999) / 86400000; };
    const std::int64_t local = due + shift;
    if (task.get("due_at").is_null()) return task.text("due_date");
    const std::int64_t minute = (local - day_of(local) * 86400000) / 60000;
    char hm[16];
    std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minute / 60), static_cast<int>(minute % 60));
    if (day_of(local) == day_of(now + shift)) return hm;
    // civil date from days (Howard Hinnant's algorithm)
    std::int64_t z = day_of(local) + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int mo = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const std::int64_t y = yoe + era * 400 + (mo <= 2);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %s", static_cast<long long>(y), mo, d, hm);
    return buf;
}

notify notification_for(const model& m, const record& task, const reminder_instant& r, const context& ctx) {
    notify n;
    n.title = task.text("title");
    const client* c = m.store.find(task.client_id);
    const std::string who = c ? c->name : std::string();
    const std::string when = due_words(task, r.due, ctx.now_ms, ctx.viewer_offset_min);
    n.body = who.empty() ? when : who + " \xC2\xB7 " + when;  // "Ivan Petrov · 14:30"
    n.tag = r.key;  // the browser replaces a notification of the same tag instead of adding one
    return n;
}

}  // namespace

// [SECTION] Tick: fire, note missed, set the timer --------------------------------------------

void reminders_tick(model& m, const context& ctx, effects& fx) {
    // Every task must be known: not before the background decoding of the shards ended.
    if (!m.writer || m.loading != load_state::ready || !m.base_ready || !m.shard_text.empty()) return;
    const std::int64_t now = ctx.now_ms;
    reminder_book& book = m.reminders;
    if (book.checked_until == 0) {  // the first look at this store: nothing before now counts
        book.checked_until = now;
        m.reminders_dirty = true;
    }
    std::set<std::string> noted;
    for (const auto& n : book.notes) noted.insert(n.key);
    std::set<std::string> live;  // every reminder of an open task now
    bool changed = false;
    std::int64_t next = 0;
    for_each_task(m, [&](const record& task) {
        for (const auto& r : reminder_instants(task, ctx.viewer_offset_min)) {
            live.insert(r.key);
            if (r.at > now) {
                if (next == 0 || r.at < next) next = r.at;
                continue;
            }
            if (r.at <= book.checked_until || noted.count(r.key)) continue;
            reminder_note n;
            n.key = r.key;
            n.task_id = task.id;
            n.client_id = task.client_id;
            n.at = r.at;
            n.noted_at = now;
            n.state = now - r.at <= grace_ms ? reminder_state::fired : reminder_state::missed;
            if (n.state == reminder_state::fired) fx.push_back(notification_for(m, task, r, ctx));
            book.notes.push_back(std::move(n));
            noted.insert(r.key);
            changed = true;
        }
    });
    // A note whose reminder no task has any more (done, cancelled, deleted, moved) is never
    // shown again and, being before checked_until, never fires again: drop it.
    const auto before = book.notes.size();
    book.notes.erase(std::remove_if(book.notes.begin(), book.notes.end(),
                                    [&](const reminder_note& n) { return !live.count(n.key); }),
                     book.notes.end());
    changed = changed || book.notes.size() != before;
    if (now > book.checked_until) {
        book.checked_until = now;
        m.reminders_dirty = true;  // goes with the next write; a change writes at once
    }
    if (changed) request_write(m, fx);

    // The timer: at the next reminder, or sooner (the cap) to notice a changed clock. A timer
    // already set to run out before that is left alone: it looks again when it runs out.
    if (next == 0) return;
    const std::int64_t want = std::min(next, now + timer_cap_ms);
    if (m.reminder_timer_at > now && m.reminder_timer_at <= want) return;
    m.reminder_timer_at = want;
    fx.push_back(start_timer{timer_id::reminder, static_cast<int>(want - now)});
}

// [SECTION] Reading the book; dismissing ------------------------------------------------------

bool read_reminders(model& m, const std::map<std::string, std::string>& files) {
    auto it = files.find(reminders_path);
    if (it == files.end()) return true;
    auto decoded = decode_reminders(it->second);
    if (auto* err = std::get_if<error>(&decoded)) {
        m.storage_error = *err;
        return false;
    }
    m.reminders = std::move(std::get<reminder_book>(decoded));
    return true;
}

void dismiss_reminder(model& m, const std::string& key, const context&, effects& fx) {
    auto it = std::find_if(m.reminders.notes.begin(), m.reminders.notes.end(),
                           [&](const reminder_note& n) { return n.key == key; });
    if (it != m.reminders.notes.end() && it->state != reminder_state::dismissed) {
        it->was_missed = it->state == reminder_state::missed;
        it->state = reminder_state::dismissed;  // a follower shows it gone at once
    }
    if (!m.writer) {
        // The writer keeps the book: it dismisses it in reminders.json, which this tab then
        // reads. Not listed among forwarded edits: nothing is journaled for it.
        edit_forwarded f;
        f.origin = m.tab_id + ":" + std::to_string(m.next_origin++);
        f.edit = edit_requested{"", kind_dismiss_reminder, json{{"key", key}}, "reminders", ""};
        fx.push_back(forward_edit{std::move(f)});
        return;
    }
    if (it == m.reminders.notes.end()) return;
    m.reminders_dirty = true;
    request_write(m, fx);
}

}  // namespace cc::app_detail
