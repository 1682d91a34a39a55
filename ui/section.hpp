// section.hpp — a card section (DESIGN §8): one file in ui/sections/ declares one `section_def`
// in a function `const section_def& section_<file name>()`. The build collects every file of
// ui/sections/ into the registry (section_registry.cpp), and the card builds its tab strip, the
// section parts of the quick card and the string table from it: adding a section is adding its
// file (plus its kind in core/kinds/ and its tests).
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/client.hpp"
#include "ui/strings.hpp"

namespace ui {

struct view;

struct section_def {
    const char* id = "";               // "tasks": the tab's ImGui id and ui_state::tab
    int order = 0;                     // place in the tab strip (details 10 ... log 90)
    const char* label_key = "";        // "tab.tasks"
    void (*draw)(view&, const cc::client&) = nullptr;          // the tab's contents
    bool (*shows)(const view&, const cc::client&) = nullptr;   // nullptr: always shown
    void (*quick)(view&, const cc::client&) = nullptr;         // its part of the quick card, if any
    const string_row* strings = nullptr;                       // the texts it owns: {key, en, ru}
    std::size_t string_count = 0;
};

// Every section, in tab order.
const std::vector<const section_def*>& sections();
const section_def* find_section(std::string_view id);

// Fills strings/string_count from a table: s.strings = table, s.string_count = N.
template <std::size_t N> void own_strings(section_def& s, const string_row (&table)[N]) {
    s.strings = table;
    s.string_count = N;
}

}  // namespace ui
