// imgui_no_default_font.cpp — keeps Dear ImGui's built-in ProggyClean font out of the module.
//
// ImFontAtlas::Build() adds that font when no font was added, so its 12 KB of base85 data stays
// reachable and the linker cannot drop it, although the card always adds its own fonts first
// (platform_web.cpp, build_fonts). The link wraps ImFontAtlas::AddFontDefault
// (-Wl,--wrap, wasm/CMakeLists.txt): calls go to this function instead, the original and its
// data are left unreferenced and removed. clientcard.wasm: 443,479 -> 432,580 bytes gzipped.
struct ImFont;
struct ImFontConfig;

// ImFontAtlas::AddFontDefault(const ImFontConfig*), a member function: `atlas` is `this`. No font
// is added; Build() then makes an atlas of the fonts the card added.
extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(void* atlas, const ImFontConfig* config) {
    (void)atlas;
    (void)config;
    return nullptr;
}
