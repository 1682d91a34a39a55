// table.hpp — rows described as data (the money sections' orders, payments, ledger entries):
// a section lists its cells as values and the kit draws them in a table, makes the row a
// selectable when it opens something, and records it in the semantic tree once (role
// "listitem", label: the first cell, value: the others joined with " · "), so tests and the
// accessible mirror read a row the way a user reads it. Buttons of a row go in the column
// after its cells, between record_row() and row_end().
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include <imgui.h>

namespace ui {

struct cell {
    std::string text;                 // user data allowed: drawn unformatted
    ImVec4 colour = ImVec4(0, 0, 0, 0);  // alpha 0: the normal text colour
    bool wrap = false;                // a long explanation wraps inside its column
};
struct column { const char* id; float weight; };

// A table with the given stretch columns (plus nothing else); false when it is not drawn.
bool table_begin(const char* id, std::initializer_list<column> columns);
void table_end();
// One row: a selectable spanning the row when `clickable`, then the cells, one per column. The
// ImGui id scope of `id` stays pushed (user data: a record id) until row_end(); the cursor is in
// the column after the last cell when the table has one. True when the row was clicked.
bool record_row(const std::string& id, const std::vector<cell>& cells, bool selected, bool clickable,
                const std::string& extra_value = {});
void row_end();

}  // namespace ui
