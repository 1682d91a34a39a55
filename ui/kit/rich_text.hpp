// rich_text.hpp — user text with its links made clickable (GetCourse comments: "clickable links
// for quick navigation"). Only http, https, mailto and tel open (cc::link_allowed, DESIGN §9);
// a bare domain ("example.com/price") opens as https, a bare address as mailto. Anything else —
// "javascript:alert(1)", "file:///etc/passwd" — stays text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ui {

struct view;

struct text_piece {
    std::string text;   // as written
    std::string url;    // "" for plain text
};
// The text cut into plain runs and links, in order; joining the texts gives `s` back.
std::vector<text_piece> split_links(std::string_view s);

// Draws `s` wrapped at the pane's edge with its links clickable (they ask the core to open
// them: link_requested). Recorded as one "text" node with the whole text, plus a "link" node
// (label: the text, value: the url) per link.
void rich_text(view& v, std::string_view s);

}  // namespace ui
