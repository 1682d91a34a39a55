// Task reminders: the writer tab fires each once and keeps what fired in reminders.json, so a
// reload or another tab never fires it again; a follower never fires; one that came due while
// no tab was open shows as missed; closing, deleting or moving a task cancels what it had
// pending (moving arms it again for the new time); a dismissed one stays dismissed.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/reminders.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"
#include "tests/test_time.hpp"

using namespace cc;

namespace {


// A writer tab with client "Ivan" and nothing else; returns the client's id.
std::string with_client(fake_host& h) {
    h.boot("dev-a");
    h.settle();
    h.dispatch(client_created{"Ivan Petrov", "test"});
    h.settle();
    REQUIRE_FALSE(h.m.selected.empty());
    return h.m.selected;
}

std::string add_task(fake_host& h, const std::string& client, json fields) {
    json p = {{"title", "Call about the contract"}, {"assignee", "me"}};
    p.update(fields);
    h.dispatch(edit_requested{client, "task.create", p, "task_form", ""});
    REQUIRE_MESSAGE(!h.m.refused, (h.m.refused ? h.m.refused->why.code : ""));
    h.settle();
    return h.m.journal.back().op.record_id;
}

const start_timer* last_reminder_timer(const fake_host& h) {
    for (auto it = h.timers.rbegin(); it != h.timers.rend(); ++it)
        if (it->id == timer_id::reminder) return &*it;
    return nullptr;
}

// The host's timer runs out at `at`.
void timer_at(fake_host& h, std::int64_t at) {
    h.now = at;
    h.dispatch(timer_fired{timer_id::reminder});
    h.settle();
}

fake_host reload_of(const fake_host& h, std::int64_t at, bool writer = true) {
    fake_host r;
    r.disk = h.disk;
    r.now = at;
    r.dispatch(storage_loaded{r.disk, "other", writer, writer ? "tab-w" : "tab-f"});
    r.settle();
    return r;
}

}  // namespace

TEST_CASE("a reminder fires once when due, with the task, client and time; a reload does not fire it again") {
    fake_host h;
    const std::string c = with_client(h);
    const std::int64_t due = h.now + 30 * minute;
    const std::string task = add_task(h, c, {{"due_at", due}, {"reminders", {10}}});
    const start_timer* t = last_reminder_timer(h);
    REQUIRE(t);
    CHECK(t->ms == doctest::Approx(20 * minute).epsilon(0.001));  // the host waits until then
    CHECK(h.notifications.empty());

    timer_at(h, due - 10 * minute + 5);
    REQUIRE(h.notifications.size() == 1);
    CHECK(h.notifications[0].title == "Call about the contract");
    CHECK(h.notifications[0].body.find("Ivan Petrov") != std::string::npos);
    CHECK(h.notifications[0].tag == reminder_key(task, due - 10 * minute));
    auto shown = reminders_shown(h.m);
    REQUIRE(shown.size() == 1);
    CHECK_FALSE(shown[0].missed);
    CHECK(shown[0].task->id == task);
    CHECK(shown[0].owner->name == "Ivan Petrov");
    CHECK(h.disk.count(reminders_path) == 1);

    // The timer again, an edit, a pull answer: nothing fires twice.
    timer_at(h, due - 5 * minute);
    h.dispatch(edit_requested{c, "client.set", {{"note", "x"}}, "note", ""});
    h.settle();
    CHECK(h.notifications.size() == 1);

    // A reload (or the next writer after a hand-over) reads what fired.
    fake_host r = reload_of(h, due - 4 * minute);
    CHECK(r.notifications.empty());
    REQUIRE(reminders_shown(r.m).size() == 1);
    CHECK_FALSE(reminders_shown(r.m)[0].missed);
    timer_at(r, due);
    CHECK(r.notifications.empty());
}

TEST_CASE("a follower tab never fires; it shows what the writer fired from the writer's file") {
    fake_host h;
    const std::string c = with_client(h);
    const std::int64_t due = h.now + 30 * minute;
    add_task(h, c, {{"due_at", due}, {"reminders", {0}}});

    fake_host follower = reload_of(h, h.now, false);
    timer_at(follower, due + 1000);  // even if a timer ran out in it
    CHECK(follower.notifications.empty());
    CHECK(last_reminder_timer(follower) == nullptr);
    CHECK(reminders_shown(follower.m).empty());
    CHECK(follower.in_flight.empty());

    timer_at(h, due + 1000);  // the writer fires it ...
    REQUIRE(h.notifications.size() == 1);
    follower.dispatch(storage_changed{{{reminders_path, h.disk.at(reminders_path)}}, {}});  // ... and says so
    REQUIRE(reminders_shown(follower.m).size() == 1);
    CHECK(follower.notifications.empty());

    // Dismissed in the follower: gone there at once, and the writer is asked to keep it so.
    const std::string key = reminders_shown(follower.m)[0].note->key;
    follower.dispatch(reminder_dismissed{key});
    CHECK(reminders_shown(follower.m).empty());
    REQUIRE(follower.forwards.size() == 1);
    h.dispatch(follower.forwards[0].edit);
    h.settle();
    CHECK(reminders_shown(h.m).empty());
    CHECK(reminders_shown(reload_of(h, due + hour).m).empty());  // and it stays dismissed
}

TEST_CASE("a reminder that came due while no tab was open shows as missed at the next start, without a notification") {
    fake_host h;
    const std::string c = with_client(h);
    const std::int64_t due = h.now + 30 * minute;
    const std::string task = add_task(h, c, {{"due_at", due}, {"reminders", {0, 15}}});
    // The browser is closed; it opens two hours later.
    fake_host r = reload_of(h, due + 2 * hour);
    CHECK(r.notifications.empty());
    auto shown = reminders_shown(r.m);
    REQUIRE(shown.size() == 2);
    CHECK(shown[0].missed);
    CHECK(shown[1].missed);
    CHECK(shown[0].note->at == due);  // newest first
    // Kept: the start after that shows them as missed again, still without a notification.
    fake_host again = reload_of(r, due + 3 * hour);
    CHECK(reminders_shown(again.m).size() == 2);
    CHECK(again.notifications.empty());
    // Dismissed, they stay dismissed across a reload.
    again.dispatch(reminder_dismissed{reminders_shown(again.m)[0].note->key});
    again.settle();
    CHECK(reminders_shown(again.m).size() == 1);
    CHECK(reminders_shown(reload_of(again, due + 4 * hour).m).size() == 1);
}

TEST_CASE("completing, cancelling or deleting a task cancels its pending reminders") {
    for (const char* how : {"done", "cancelled", "deleted"}) {
        CAPTURE(how);
        fake_host h;
        const std::string c = with_client(h);
        const std::int64_t due = h.now + 30 * minute;
        const std::string task = add_task(h, c, {{"type", "task"}, {"due_at", due}, {"reminders", {0}}});
        if (std::string(how) == "deleted")
            h.dispatch(edit_requested{c, "task.delete", json::object(), "task_delete", task});
        else
            h.dispatch(edit_requested{c, "task.complete", {{"status", how}}, "task_done", task});
        REQUIRE_MESSAGE(!h.m.refused, (h.m.refused ? h.m.refused->why.code : ""));
        h.settle();
        timer_at(h, due + 1000);
        CHECK(h.notifications.empty());
        CHECK(reminders_shown(h.m).empty());
        CHECK(reminders_shown(reload_of(h, due + hour).m).empty());  // not missed either
    }
}

TEST_CASE("a task closed after its reminder fired leaves the panel") {
    fake_host h;
    const std::string c = with_client(h);
    const std::int64_t due = h.now + 30 * minute;
    const std::string task = add_task(h, c, {{"type", "task"}, {"due_at", due}, {"reminders", {0}}});
    timer_at(h, due);
    REQUIRE(reminders_shown(h.m).size() == 1);
    h.dispatch(edit_requested{c, "task.complete", {{"status", "done"}}, "task_done", task});
    CHECK(reminders_shown(h.m).empty());
}

TEST_CASE("moving a task's due re-arms its reminders for the new time; the old time fires nothing") {
    fake_host h;
    const std::string c = with_client(h);
    const std::int64_t due = h.now + 30 * minute;
    const std::string task = add_task(h, c, {{"due_at", due}, {"reminders", {0}}});
    timer_at(h, due);
    REQUIRE(h.notifications.size() == 1);

    const std::int64_t later = due + 2 * hour;
    h.dispatch(edit_requested{c, "task.set", {{"due_at", later}}, "due", task});
    h.settle();
    CHECK(reminders_shown(h.m).empty());  // the fired one belonged to the old time
    const start_timer* t = last_reminder_timer(h);
    REQUIRE(t);
    CHECK(t->ms <= hour);  // capped: the host looks again within the hour
    timer_at(h, due + hour);
    CHECK(h.notifications.size() == 1);
    timer_at(h, later + 10);
    REQUIRE(h.notifications.size() == 2);
    CHECK(h.notifications[1].tag == reminder_key(task, later));

    // Moved before it fired: only the new time fires.
    const std::int64_t third = later + hour, fourth = later + 3 * hour;
    h.dispatch(edit_requested{c, "task.set", {{"due_at", third}}, "due", task});
    h.dispatch(edit_requested{c, "task.set", {{"due_at", fourth}}, "due", task});
    timer_at(h, third + 10);
    CHECK(h.notifications.size() == 2);
    timer_at(h, fourth + 10);
    CHECK(h.notifications.size() == 3);
}

TEST_CASE("a reminder already past when the task gets it never fires; a store's first start counts nothing before it") {
    fake_host h;
    const std::string c = with_client(h);
    h.now += 5 * minute;
    // Due in ten minutes, reminder an hour before: that moment has passed.
    add_task(h, c, {{"due_at", h.now + 10 * minute}, {"reminders", {60}}});
    CHECK(h.notifications.empty());
    CHECK(reminders_shown(h.m).empty());
    CHECK(reminders_shown(reload_of(h, h.now + hour).m).empty());
}

TEST_CASE("an all-day task reminds at 09:00 in the viewer's zone, minus its minutes") {
    fake_host h;
    h.viewer_offset_min = 180;  // Moscow
    const std::string c = with_client(h);
    // 2023-11-15: h.now is 2023-11-14 22:13 UTC; 09:00 Moscow is 06:00 UTC.
    const std::string task = add_task(h, c, {{"due_date", "2023-11-15"}, {"reminders", {30}}});
    const std::int64_t nine_msk = 1700006400000 + 6 * hour;  // 2023-11-15T00:00Z + 6 h
    timer_at(h, nine_msk - 31 * minute);
    CHECK(h.notifications.empty());
    timer_at(h, nine_msk - 30 * minute);
    REQUIRE(h.notifications.size() == 1);
    CHECK(h.notifications[0].body.find("2023-11-15") != std::string::npos);
}

TEST_CASE("asking for notification permission happens only when the user asks and it was never decided") {
    fake_host h;
    with_client(h);
    auto asks = [&] {
        auto r = update(std::move(h.m), notify_permission_requested{}, context{h.now});
        h.m = std::move(r.next);
        int n = 0;
        for (const auto& e : r.effects) n += std::holds_alternative<ask_notify_permission>(e);
        return n;
    };
    CHECK(asks() == 1);
    h.dispatch(notify_permission_changed{"denied"});
    CHECK(asks() == 0);
    h.dispatch(notify_permission_changed{"unsupported"});
    CHECK(asks() == 0);
}
