// semantic.cpp — the per-frame semantic tree (see semantic.hpp).
//
// Index of this file:
// [SECTION] Frame state
// [SECTION] Recording
// [SECTION] JSON

#include "ui/semantic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "core/text.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Frame state
//-----------------------------------------------------------------------------

namespace {
// Two buffers: the one being recorded and the last complete frame, so the host can read the
// tree between frames (or while a frame is half drawn) and always see a whole frame.
std::vector<sem_node> g_building;
std::vector<sem_node> g_published;
bool g_in_frame = false;
float g_pixel_ratio = 1.0f;

std::string_view cut_imgui_id(std::string_view label) {
    auto p = label.find("##");
    return p == std::string_view::npos ? label : label.substr(0, p);
}
}  // namespace

void sem_begin_frame() {
    g_building.clear();
    g_in_frame = true;
}

void sem_end_frame() {
    if (!g_in_frame) return;  // a host calling it again after draw_app() did
    g_published.swap(g_building);
    g_building.clear();
    g_in_frame = false;
}

const std::vector<sem_node>& sem_nodes() { return g_published; }

void sem_set_pixel_ratio(float ratio) { g_pixel_ratio = ratio > 0 ? ratio : 1.0f; }

//-----------------------------------------------------------------------------
// [SECTION] Recording
//-----------------------------------------------------------------------------

namespace {
void record(std::string_view role, std::string_view label, std::string_view value, ImVec2 a, ImVec2 b,
            bool selected, bool visible) {
    sem_node n;
    n.role.assign(role);
    n.label.assign(label);
    n.value.assign(value);
    n.x = a.x / g_pixel_ratio;
    n.y = a.y / g_pixel_ratio;
    n.w = (b.x - a.x) / g_pixel_ratio;
    n.h = (b.y - a.y) / g_pixel_ratio;
    n.selected = selected;
    n.visible = visible;
    g_building.push_back(std::move(n));
}
}  // namespace

void sem_item_raw(std::string_view role, std::string_view label, std::string_view value, bool selected) {
    if (!g_in_frame || ImGui::GetCurrentContext() == nullptr) return;
    record(role, label, value, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), selected,
           ImGui::IsItemVisible());
}

void sem_item_rect(std::string_view role, std::string_view label, std::string_view value,
                   float x0, float y0, float x1, float y1, bool selected) {
    if (!g_in_frame || ImGui::GetCurrentContext() == nullptr) return;
    record(role, label, value, ImVec2(x0, y0), ImVec2(x1, y1), selected, true);
}

void sem_item(std::string_view role, std::string_view label, std::string_view value) {
    sem_item_raw(role, cut_imgui_id(label), value);
}

void sem_mark_selected(bool selected) {
    if (g_in_frame && !g_building.empty()) g_building.back().selected = selected;
}

std::size_t sem_mark() { return g_building.size(); }

void sem_move_since(std::size_t mark, std::size_t insert_at) {
    if (mark > g_building.size() || insert_at > mark) return;
    std::rotate(g_building.begin() + static_cast<std::ptrdiff_t>(insert_at),
                g_building.begin() + static_cast<std::ptrdiff_t>(mark), g_building.end());
}

//-----------------------------------------------------------------------------
// [SECTION] JSON
//-----------------------------------------------------------------------------

namespace {
void append_number(std::string& out, float v) {
    if (!std::isfinite(v)) v = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v));
    out += buf;
}
}  // namespace

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t n = cc::utf8_sequence_length(s, i);
            if (n == 0) { out += "\\ufffd"; ++i; continue; }
            // U+2028/U+2029 are valid JSON but end a line in older JavaScript: escape them.
            if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
                out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            } else {
                out.append(s.data() + i, n);
            }
            i += n;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    return out;
}

std::string sem_json() {
    std::string out = "[";
    bool first = true;
    for (const sem_node& n : g_published) {
        if (!first) out += ',';
        first = false;
        out += "{\"role\":\"" + json_escape(n.role) + "\",\"label\":\"" + json_escape(n.label) +
               "\",\"value\":\"" + json_escape(n.value) + "\",\"x\":";
        append_number(out, n.x);
        out += ",\"y\":";
        append_number(out, n.y);
        out += ",\"w\":";
        append_number(out, n.w);
        out += ",\"h\":";
        append_number(out, n.h);
        out += n.selected ? ",\"selected\":true" : ",\"selected\":false";
        out += n.visible ? ",\"visible\":true" : ",\"visible\":false";
        out += '}';
    }
    out += ']';
    return out;
}

}  // namespace ui
