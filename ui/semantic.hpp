// semantic.hpp — the semantic tree of the last frame: one node per widget drawn (role, label,
// value, rect in CSS pixels). The host exposes it to JavaScript (window.clientcard.tree());
// end-to-end tests find widgets by label with it, and it can feed an accessible DOM mirror.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ui {

struct sem_node {
    std::string role;   // "button", "textbox", "checkbox", "combobox", "tab", "listitem", "text", "status", "link"
    std::string label;  // visible label (translated), without ImGui "##id" suffixes
    std::string value;  // current value (text in a box, "true"/"false", selected item)
    float x = 0, y = 0, w = 0, h = 0;
};

void sem_begin_frame();                       // clears the tree; call once per frame
// Records the last ImGui item (its rect) with the given role/label/value.
void sem_item(std::string_view role, std::string_view label, std::string_view value = {});
const std::vector<sem_node>& sem_nodes();     // the last complete frame
std::string sem_json();                       // [{"role":..,"label":..,"value":..,"x":..,"y":..,"w":..,"h":..}]
void sem_end_frame();                         // publishes the frame's nodes

}  // namespace ui
