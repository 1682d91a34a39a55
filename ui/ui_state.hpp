// ui_state.hpp — the ui's transient state: text buffers being edited, which tab is open, which
// widget has an unsent edit. Never part of the model (DESIGN §2).
#pragma once
#include <map>
#include <string>

namespace ui {

struct ui_state {
    std::string search_text;                      // the search box
    std::map<std::string, std::string> drafts;    // widget key -> text being typed
    std::string draft_client;                     // client the drafts belong to
    int tab = 0;                                  // 0 details, 1 log
    bool show_list = true;                        // the list pane (hidden in the narrow layout)
    std::string new_tag, new_custom_key, new_custom_value;
    bool adding_custom = false;
};

}  // namespace ui
