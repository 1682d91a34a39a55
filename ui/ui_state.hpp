// ui_state.hpp — the ui's transient state: text buffers being edited, which tab is open, which
// widget has an unsent edit. Never part of the model (DESIGN §2).
#pragma once
#include <map>
#include <set>
#include <string>

namespace ui {

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
    int tab = 0;                                  // 0 details, 1 log
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

    // ---- layout
    float narrow_below = 720.0f;                  // CSS px under which list and card are two views
    bool refusal_shown = false;                   // this frame: a widget showed model.refused
};

}  // namespace ui
