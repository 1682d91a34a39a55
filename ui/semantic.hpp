// semantic.hpp — the semantic tree of the last frame: one node per widget drawn (role, label,
// value, rect in CSS pixels). The host exposes it to JavaScript (window.clientcard.tree());
// end-to-end tests find widgets by label with it, and it can feed an accessible DOM mirror.
//
// draw_app() calls sem_begin_frame()/sem_end_frame() itself; a host that also calls them around
// draw_app() does no harm (an end without a begin since the last end is ignored).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ui {

struct sem_node {
    // "button", "textbox", "checkbox", "combobox", "option", "radio", "tab", "listitem", "text",
    // "heading", "status", "alert" (a validation or refusal message, a conflict, a rejected
    // change), "link", "img" (the avatar: label = name, value = initials), "tag" (a tag chip),
    // "progressbar" (value "received/total")
    std::string role;
    std::string label;  // visible label (translated), without ImGui "##id" suffixes
    std::string value;  // current value (text in a box, "true"/"false", selected item)
    float x = 0, y = 0, w = 0, h = 0;
    bool selected = false;  // the highlighted list row / open tab / active choice
    bool visible = true;    // false when scrolled out of its pane (still laid out)
};

void sem_begin_frame();                       // clears the tree; call once per frame
// Records the last ImGui item (its rect) with the given role/label/value. The label is cut at
// the first "##", as ImGui does when it draws a label.
void sem_item(std::string_view role, std::string_view label, std::string_view value = {});
// The same, with the label kept whole: for user data drawn with TextUnformatted ("a ## b").
void sem_item_raw(std::string_view role, std::string_view label, std::string_view value = {},
                  bool selected = false);
// The same for a rect given by hand (a widget whose last item is not its frame, e.g. an open
// combo); the label is kept whole.
void sem_item_rect(std::string_view role, std::string_view label, std::string_view value,
                   float x0, float y0, float x1, float y1, bool selected = false);
// Marks the last recorded node as selected (the open tab, the highlighted row).
void sem_mark_selected(bool selected = true);
// Parts of a frame drawn out of reading order (the top bar is drawn last so it can show what
// the card did not): remember where they belong and move them there afterwards.
std::size_t sem_mark();
void sem_move_since(std::size_t mark, std::size_t insert_at);
// Device pixels per CSS pixel: rects are divided by it (1 when ImGui works in CSS pixels).
void sem_set_pixel_ratio(float ratio);
const std::vector<sem_node>& sem_nodes();     // the last complete frame
// [{"role":..,"label":..,"value":..,"x":..,"y":..,"w":..,"h":..,"selected":..,"visible":..}]
std::string sem_json();
void sem_end_frame();                         // publishes the frame's nodes

// JSON string body for `s` (no quotes): UTF-8 kept, control characters and invalid bytes escaped.
std::string json_escape(std::string_view s);

}  // namespace ui
