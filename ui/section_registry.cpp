// section_registry.cpp — every card section, collected by the build from ui/sections/*.cpp
// (ui/CMakeLists.txt writes sections_list.inc: one CC_SECTION(<file name>) per file).
#include <algorithm>
#include <cstring>

#include "ui/section.hpp"

namespace ui {

#define CC_SECTION(name) const section_def& section_##name();
#include "sections_list.inc"
#undef CC_SECTION

const std::vector<const section_def*>& sections() {
    static const std::vector<const section_def*> all = [] {
        std::vector<const section_def*> out = {
#define CC_SECTION(name) &section_##name(),
#include "sections_list.inc"
#undef CC_SECTION
        };
        std::stable_sort(out.begin(), out.end(),
                         [](const section_def* a, const section_def* b) { return a->order < b->order; });
        return out;
    }();
    return all;
}

const section_def* find_section(std::string_view id) {
    for (const section_def* s : sections())
        if (id == s->id) return s;
    return nullptr;
}

}  // namespace ui
