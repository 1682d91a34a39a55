// rows.hpp — the label | value layout of the card's field rows (details, forms). In a narrow
// pane (a chat's side panel) the label goes above its field instead of beside it.
#pragma once
#include <string_view>

namespace ui {

// A two-column table (one column, labels above, when the pane is narrow). Call rows_end() only
// when it returned true.
bool rows_begin(const char* id);
void rows_end();
// Starts a row: the label (muted) in the left column or above, the cursor where the field goes.
void row(std::string_view label);
// True while the rows drawn are stacked (narrow pane).
bool rows_stacked();

// Room left on the line after reserving `right` for the buttons that follow a field.
float room(float right);
float icon_w(const char* icon);      // width an icon button takes, with the spacing before it
float button_w(const char* label);   // the same for a button
void muted(std::string_view s);      // a muted label, not in the semantic tree

}  // namespace ui

namespace ui {

// A panel: what is drawn between panel_begin() and panel_end() is indented, with an accent bar
// down its left edge (a form, an open record). Tables may go inside (unlike box_begin()).
void panel_begin(const char* id);
void panel_end();

}  // namespace ui
