// reminders.hpp — task reminders as values: when each one is due, and what a browser already did
// with it (fired, found missed, dismissed), kept in the store as `reminders.json`.
//
// A task carries up to three `reminders`, each a number of minutes before its due moment. The
// due moment is `due_at` (a UTC instant), or for an all-day task (`due_date`) 09:00 on that day
// in the viewer's zone, counted with the viewer's UTC offset the host reports now
// (context::viewer_offset_min; a DST change between now and that day moves it by the change).
//
// A reminder is named by its task and the instant it is due ("<task id>@<ms>"): moving a task's
// due makes new names, so the moved task's reminders are armed again, and the old ones, which no
// longer belong to any task, are never shown. Only open, live tasks have reminders: completing,
// cancelling or deleting a task drops what it had pending.
//
// Index of this file:
// [SECTION] Instants
// [SECTION] The book (reminders.json)
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "error.hpp"
#include "op.hpp"
#include "record.hpp"

namespace cc {

// [SECTION] Instants --------------------------------------------------------------------------

inline constexpr int all_day_reminder_minute = 9 * 60;  // an all-day task "is due" at 09:00 local

struct reminder_instant {
    std::string key;           // "<task id>@<at>"
    std::int64_t at = 0;       // when it is due (UTC ms)
    std::int64_t due = 0;      // the task's due moment it counts back from (UTC ms)
    int minutes = 0;           // minutes before the due moment
};

// The task's due moment for reminders (see above); nullopt-like 0 when it has none.
std::int64_t reminder_due_moment(const record& task, int viewer_offset_min);
// The reminders of an open, live task; none for anything else.
std::vector<reminder_instant> reminder_instants(const record& task, int viewer_offset_min);
std::string reminder_key(const std::string& task_id, std::int64_t at);

// [SECTION] The book (reminders.json) ---------------------------------------------------------

enum class reminder_state { fired, missed, dismissed };

// One reminder this browser dealt with.
struct reminder_note {
    std::string key;
    std::string task_id, client_id;
    std::int64_t at = 0;         // when it was due
    std::int64_t noted_at = 0;   // when it fired or was found missed
    reminder_state state = reminder_state::fired;
    bool was_missed = false;     // dismissed after it had been missed (kept for the record)
};

struct reminder_book {
    // Every reminder due up to this instant has been dealt with (fired, found missed, or it was
    // in the past when its task was given it). 0: never looked (a store from before reminders).
    std::int64_t checked_until = 0;
    std::vector<reminder_note> notes;
};

inline const char* reminders_path = "reminders.json";

std::string encode_reminders(const reminder_book& b);
// A damaged file is an error (the card shows it and writes nothing).
std::variant<reminder_book, error> decode_reminders(const std::string& text);

}  // namespace cc
