// table.cpp — see table.hpp.
#include "ui/kit/table.hpp"

#include "ui/semantic.hpp"

namespace ui {

bool table_begin(const char* id, std::initializer_list<column> columns) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags)) return false;
    for (const column& c : columns) ImGui::TableSetupColumn(c.id, ImGuiTableColumnFlags_WidthStretch, c.weight);
    return true;
}

void table_end() { ImGui::EndTable(); }

bool record_row(const std::string& id, const std::vector<cell>& cells, bool selected, bool clickable,
                const std::string& extra_value) {
    ImGui::TableNextRow();
    ImGui::PushID(id.c_str());
    ImGui::TableSetColumnIndex(0);
    bool clicked = false;
    std::string value;
    for (std::size_t i = 1; i < cells.size(); ++i)
        if (!cells[i].text.empty()) value += (value.empty() ? "" : " · ") + cells[i].text;
    if (!extra_value.empty()) value += (value.empty() ? "" : " · ") + extra_value;
    const std::string label = cells.empty() ? std::string() : cells[0].text;
    if (clickable) {
        const ImVec2 start = ImGui::GetCursorScreenPos();
        clicked = ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
        sem_item_raw("listitem", label, value, selected);
        ImGui::SetCursorScreenPos(start);
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) ImGui::TableSetColumnIndex(static_cast<int>(i));
        const cell& c = cells[i];
        const bool tinted = c.colour.w > 0;
        if (tinted) ImGui::PushStyleColor(ImGuiCol_Text, c.colour);
        if (c.wrap) ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(c.text.c_str(), c.text.c_str() + c.text.size());
        if (c.wrap) ImGui::PopTextWrapPos();
        if (tinted) ImGui::PopStyleColor();
        if (i == 0 && !clickable) sem_item_raw("listitem", label, value, selected);
    }
    if (static_cast<int>(cells.size()) < ImGui::TableGetColumnCount())
        ImGui::TableSetColumnIndex(static_cast<int>(cells.size()));
    return clicked;
}

void row_end() { ImGui::PopID(); }

}  // namespace ui
