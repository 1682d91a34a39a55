// ui_state.hpp — the ui's transient state: text buffers being edited, which tab is open, which
// widget has an unsent edit. Never part of the model (DESIGN §2).
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/error.hpp"

namespace ui {

// A small form (create a task, log a call, edit a record, complete a task): the text of each
// input by field key (a date and time input as "<key>#date" and "<key>#time"), which record it
// edits, and what the user has done with it. Forms belong to one client, like drafts.
struct form_state {
    std::string record_id;                        // the record it edits; "" for a new one
    std::map<std::string, std::string> text;      // field key -> the input's text
    std::set<std::string> touched;                // fields changed: their errors show once left
    bool tried = false;                           // Save was pressed: every error shows
    std::map<std::string, cc::error> errors;      // from the last Save (rules across fields)
    std::string step;                             // a form in steps: "result", "follow_up" ...
    bool scroll_to = false;                       // bring it into view on its next frame
};

struct ui_state {
    // ---- list pane
    std::string search_text;                      // the search box
    std::string seen_query;                       // model.query last frame } adopt a query changed
    std::string sent_query;                       // the last query_changed sent } elsewhere (host)
    bool creating_client = false;                 // the "New client" name row is open
    std::string new_client_name;

    // ---- card
    // Text being typed, by widget key ("name", "phones/<id>/raw", "new/emails", ...). A key is
    // present only while the text differs from the model or failed validation; committing a
    // valid value drops it. All drafts belong to `draft_client` and are dropped with it.
    std::map<std::string, std::string> drafts;
    std::string draft_client;                     // client the drafts belong to
    std::set<std::string> tried;                  // keys whose invalid draft the user tried to commit
    std::string tab = "details";                  // the open section (section_def::id)
    std::string tab_request;                      // a section to open on the next frame
    std::map<std::string, form_state> forms;      // open forms by key ("task/new", "call/<id>" ...)
    std::string open_record;                      // the task or call whose details are open
    std::set<std::string> unfolded;               // folded parts the user opened ("tasks/closed")
    int comments_shown = 50;                      // the newest comments drawn; "Show earlier" adds
    bool show_list = true;                        // narrow layout: the list (true) or the card
    std::string seen_selected;                    // model.selected last frame (a new one opens the card)
    bool adding_custom = false;                   // the quick card's "+ Add information" row is open
    bool confirming_delete = false;               // "Delete this client?" is asked
    std::map<std::string, int> new_item_kind;     // list -> type/network/kind chosen in its add row
    std::string focus_key;                        // widget to give the keyboard next frame
    std::string combo_filter;                     // filter typed in the open time zone / language combo

    // ---- sign-in
    // The token being typed. Wiped (not only cleared) the frame it is sent: the host keeps the
    // token, the ui must not (DESIGN §7).
    std::string token_draft;
    bool signin_hidden = false;                   // "Not now" folded the sign-in band away
    bool seen_unauthorized = false;               // the server's "sign in again", seen last frame

    // ---- reminders band (reminders_view.cpp)
    bool reminders_hidden = false;                // "Hide" folded it; a new reminder unfolds it
    std::set<std::string> reminders_seen;         // reminder keys the band has shown

    // ---- the host's clock (the core reads none): set before every frame
    std::int64_t now_ms = 0;                      // wall clock, ms since the Unix epoch (UTC)
    std::string viewer_tz;                        // the viewer's IANA zone; "" = clock.hpp's

    // ---- layout
    float narrow_below = 720.0f;                  // CSS px under which list and card are two views
    bool refusal_shown = false;                   // this frame: a widget showed model.refused
};

}  // namespace ui
