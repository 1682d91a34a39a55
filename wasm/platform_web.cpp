// platform_web.cpp — Dear ImGui 1.86 on a browser canvas: the WebGL2 context, fonts sized for
// the screen's pixel density, browser input turned into ImGui IO, and frames drawn on demand.
// The browser side (listeners, hidden textarea, requestAnimationFrame) is wasm/js/host_input.js
// and wasm/js/host_frames.js; they call the cc_on_* functions below.
//
// Index:
//   [SECTION] JavaScript imports
//   [SECTION] Input queue
//   [SECTION] Applying input to ImGui IO
//   [SECTION] Fonts
//   [SECTION] Frame scheduling and drawing
//   [SECTION] Exports to JavaScript (input, resize, frames)
//   [SECTION] Initialisation
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "host.hpp"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // WantTextInputNextFrame: focus the textarea in the same event
#include "ui/app_view.hpp"

// [SECTION] JavaScript imports -----------------------------------------------------------------
extern "C" {
int cc_js_gl_create();                       // WebGL2 context on Module.canvas; 0 on failure
void cc_js_input_attach();                   // listeners, textarea, resize observer
int cc_js_is_mac();
void cc_js_request_animation_frame();
void cc_js_text_focus(int want, float x, float y);  // focus the textarea while text is wanted
void cc_js_set_cursor(int imgui_cursor);
void cc_js_set_keyboard_capture(int captured);     // Tab leaves the card when nothing is active
void cc_js_clipboard_set(const char* text);
// host_fonts.js: the browser's font for the card's text (Canvas 2D).
int cc_js_fonts_measure(float pixel_height, const int* codepoints, int count, float* out);
void cc_js_fonts_draw(unsigned char* atlas, int atlas_w, const int* glyphs, int count);
}

extern const unsigned char cc_font_icons[];
extern const std::size_t cc_font_icons_size;

namespace {

constexpr float k_base_font_px = 16.0f;   // text size in CSS pixels
constexpr int k_settle_frames = 3;        // frames drawn after each change so ImGui settles

// Key indices into io.KeysDown: the host's own numbering (DOM keyCode values), sent by
// host_input.js. Letters come from KeyboardEvent.code so shortcuts work on any layout.
enum key_index : int {
    key_backspace = 8, key_tab = 9, key_enter = 13, key_escape = 27, key_page_up = 33,
    key_page_down = 34, key_end = 35, key_home = 36, key_left = 37, key_up = 38, key_right = 39,
    key_down = 40, key_insert = 45, key_delete = 46, key_a = 65, key_c = 67, key_v = 86,
    key_x = 88, key_y = 89, key_z = 90,
};
enum mod_bits : int { mod_ctrl = 1, mod_shift = 2, mod_alt = 4, mod_super = 8 };

// [SECTION] Input queue ------------------------------------------------------------------------
// ImGui 1.86 reads input as state at NewFrame, so a press and release arriving between two
// frames would cancel out (Playwright's click sends both at once). Events wait here in order;
// each frame takes events until one would overwrite a change the frame already holds.
enum class ev_kind { move, leave, button, wheel, key, text, focus };
struct input_event {
    explicit input_event(ev_kind k) : kind(k) {}
    ev_kind kind;
    float x = 0, y = 0;    // move: CSS px; wheel: dx, dy in ImGui units
    int code = 0;          // button (ImGui numbering) or key index; 0 with key = modifiers only
    bool down = false;     // button/key pressed; focus gained
    int mods = 0;
    std::string text;
};
std::deque<input_event> g_queue;

struct display {
    float css_w = 1, css_h = 1;
    int px_w = 1, px_h = 1;
    float dpr = 1;
} g_display;

int g_frames_left = 0;
long long g_frames_drawn = 0;
long long g_frames_unshown = 0;  // frames computed but not presented (they started a write)
bool g_skipped_last = false;
host::frame_times g_frame_times;  // summed over every frame (npm run bench divides by the count)
double g_last_frame_ms = 0;
float g_font_dpr = 0;              // density the font atlas was baked for
bool g_fonts_stale = false;        // the container's web font loaded since: bake again
int g_last_cursor = -2;
std::string g_clipboard;
bool g_ready = false;

bool is_modifier_key(int code) { return code == 0; }
bool is_text_editing_key(int code) { return code < key_a || code > key_z; }

void push_event(input_event e) {
    // Pointer moves come at screen rate; only the latest one between two changes matters.
    if (e.kind == ev_kind::move && !g_queue.empty() && g_queue.back().kind == ev_kind::move)
        g_queue.back() = e;
    else if (e.kind == ev_kind::wheel && !g_queue.empty() && g_queue.back().kind == ev_kind::wheel) {
        g_queue.back().x += e.x;
        g_queue.back().y += e.y;
    } else
        g_queue.push_back(std::move(e));
    host::request_frame();
}

// [SECTION] Applying input to ImGui IO ---------------------------------------------------------
int current_mods(const ImGuiIO& io) {
    return (io.KeyCtrl ? mod_ctrl : 0) | (io.KeyShift ? mod_shift : 0) | (io.KeyAlt ? mod_alt : 0) |
           (io.KeySuper ? mod_super : 0);
}

void apply_mods(ImGuiIO& io, int mods) {
    io.KeyCtrl = mods & mod_ctrl;
    io.KeyShift = mods & mod_shift;
    io.KeyAlt = mods & mod_alt;
    io.KeySuper = mods & mod_super;
}

void apply_queued_input(ImGuiIO& io) {
    bool button_changed[5] = {};
    bool key_changed[512] = {};
    bool any_change = false;        // a button, key or text went in this frame
    bool any_button = false;
    bool editing_key = false;       // an editing key (not a shortcut letter) went in
    bool text_added = false;
    while (!g_queue.empty()) {
        input_event& e = g_queue.front();
        const bool is_stateful = e.kind == ev_kind::key || e.kind == ev_kind::button || e.kind == ev_kind::move;
        if (is_stateful && e.mods != current_mods(io) && any_change) break;  // modifiers belong to one press
        switch (e.kind) {
        case ev_kind::move:
            if (any_button) goto done;  // keep the position a click happened at
            io.MousePos = ImVec2(e.x, e.y);
            apply_mods(io, e.mods);
            break;
        case ev_kind::leave:
            if (any_button) goto done;
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            break;
        case ev_kind::button:
            if (e.code < 0 || e.code >= 5) break;
            if (button_changed[e.code]) goto done;
            io.MousePos = ImVec2(e.x, e.y);
            io.MouseDown[e.code] = e.down;
            apply_mods(io, e.mods);
            button_changed[e.code] = any_button = any_change = true;
            break;
        case ev_kind::wheel:
            io.MouseWheelH += e.x;
            io.MouseWheel += e.y;
            break;
        case ev_kind::key:
            if (e.code < 0 || e.code >= 512) break;
            if (!is_modifier_key(e.code)) {
                if (key_changed[e.code]) goto done;
                if (text_added && is_text_editing_key(e.code)) goto done;  // keep typing order
                io.KeysDown[e.code] = e.down;
                key_changed[e.code] = any_change = true;
                if (is_text_editing_key(e.code)) editing_key = true;
            } else if (any_change && e.mods != current_mods(io)) {
                goto done;
            }
            apply_mods(io, e.mods);
            break;
        case ev_kind::text:
            if (editing_key) goto done;
            if (io.KeyCtrl || io.KeySuper) {
                // Pasted text arrives while Ctrl/Cmd is still held, and InputText drops
                // characters typed with Ctrl: give the shortcut its own frame, then let the text
                // in as text (it is, whatever keys produced it).
                if (any_change) goto done;
                io.KeyCtrl = io.KeySuper = false;
            }
            io.AddInputCharactersUTF8(e.text.c_str());
            text_added = any_change = true;
            break;
        case ev_kind::focus:
            if (any_change) goto done;
            io.AddFocusEvent(e.down);  // losing focus releases every key
            break;
        }
        g_queue.pop_front();
    }
done:
    return;
}

// [SECTION] Fonts ------------------------------------------------------------------------------
// The text is baked at base size × devicePixelRatio and drawn at 1/dpr scale, so glyphs map 1:1
// to screen pixels (crisp on high-density screens) while layout stays in CSS pixels.
//
// The text glyphs come from the browser: host_fonts.js measures them in the container's
// font-family and draws them (Canvas 2D) into rectangles reserved in ImGui's atlas
// (AddCustomRectFontGlyph), so the module carries no text font. The icons are baked from the
// embedded Font Awesome subset by stb_truetype; that font is the atlas font's base config, and
// the font's size, ascent and descent are then set to the text's, as stb would have set them for
// a text font of that pixel height (so lines and baselines are where a TTF put them).
//
// The code points baked: what the card's two languages, the names of its clients and the amounts
// it shows need. Each one costs a measureText at start-up (tens of µs), so the rarer letters
// and the invisible format characters are left out; ImGui draws U+FFFD for what is missing.
const ImWchar k_text_ranges[] = {
    0x0020, 0x007E,  // Basic Latin
    0x00A0, 0x017F,  // Latin-1 Supplement, Latin Extended-A
    // Cyrillic: Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian (U+0400-045F), and
    // the letters of the other languages of the card's region: Ukrainian Ґ, Tatar, Bashkir,
    // Kazakh, Uzbek, Tajik, Kyrgyz, Chuvash, Mongolian.
    0x0400, 0x045F,
    0x0490, 0x04A3,  // Ґ Ғ Ҕ Җ Ҙ Қ Ҝ Ҟ Ҡ Ң
    0x04AA, 0x04AB,  // Ҫ
    0x04AE, 0x04B7,  // Ү Ұ Ҳ Ҵ Ҷ
    0x04BA, 0x04BB,  // Һ
    0x04D0, 0x04D9,  // Ӑ Ӓ Ӕ Ӗ Ә
    0x04E2, 0x04E3,  // Ӣ
    0x04E8, 0x04E9,  // Ө
    0x04EE, 0x04F3,  // Ӯ Ӱ Ӳ
    // General Punctuation: the spaces, dashes, quotes, bullets, ellipsis and per mille people type.
    0x2002, 0x200B,
    0x2010, 0x2015,
    0x2018, 0x201E,
    0x2020, 0x2022,
    0x2026, 0x2026,
    0x202F, 0x2030,
    0x2039, 0x203A,
    0x20A0, 0x20BF,  // Currency Symbols
    0x2116, 0x2116,  // Numero sign
    0x2212, 0x2212,  // minus sign (negative amounts, core/money.cpp)
    0xFFFD, 0xFFFD,  // replacement character: ImGui's fallback glyph
    0,
};
// The embedded font has a subset of these (tools/fonts/build_fonts.py); ImGui skips what it lacks.
constexpr ImWchar k_icon_first = 0xF000, k_icon_last = 0xF2FF;  // Font Awesome 4.7 private use
const ImWchar k_icon_ranges[] = {k_icon_first, k_icon_last, 0};
constexpr int k_glyph_pad = 1;  // blank pixels around each glyph's ink: antialiasing, no bleeding

struct text_glyph {
    int codepoint = 0;
    float advance = 0;
    int w = 0, h = 0;          // atlas rectangle; 0 for a glyph without ink (space)
    int pen_x = 0, pen_y = 0;  // where fillText's pen sits in the rectangle (on the baseline)
    int rect = -1;             // AddCustomRectFontGlyph's index
};

std::vector<int> text_codepoints() {
    std::vector<int> out;
    for (const ImWchar* r = k_text_ranges; r[0]; r += 2)
        for (int c = r[0]; c <= r[1]; ++c) out.push_back(c);
    return out;
}

void build_fonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas& atlas = *io.Fonts;
    atlas.Clear();
    const float px = std::round(k_base_font_px * dpr);
    atlas.TexDesiredWidth = px >= 40 ? 2048 : px >= 24 ? 1024 : 512;  // a squarish texture

    ImFontConfig icons;
    icons.FontDataOwnedByAtlas = false;         // the bytes are static data in the module
    icons.PixelSnapH = true;
    icons.GlyphMinAdvanceX = px;                // icons line up in columns
    icons.OversampleH = 1;
    icons.OversampleV = 1;
    ImFont* font = atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(cc_font_icons),
                                              static_cast<int>(cc_font_icons_size), px * 0.9f, &icons,
                                              k_icon_ranges);

    const std::vector<int> codepoints = text_codepoints();
    const int count = static_cast<int>(codepoints.size());
    std::vector<float> metrics(2 + 5 * codepoints.size(), 0.0f);
    const bool measured = cc_js_fonts_measure(px, codepoints.data(), count, metrics.data()) != 0;
    // As stb_truetype rounds a font's vertical metrics (ImFontAtlasBuildWithStbTruetype).
    const float ascent = measured ? std::floor(metrics[0] + 1) : std::round(px * 0.8f);
    const float descent = measured ? std::floor(-metrics[1] - 1) : ascent - px;
    std::vector<text_glyph> glyphs;
    glyphs.reserve(codepoints.size());
    for (int i = 0; measured && i < count; ++i) {
        const float* m = &metrics[2 + 5 * i];  // advance, ink left, right, ascent, descent
        text_glyph g;
        g.codepoint = codepoints[i];
        g.advance = m[0];
        const int left = static_cast<int>(std::ceil(m[1])), right = static_cast<int>(std::ceil(m[2]));
        const int up = static_cast<int>(std::ceil(m[3])), down = static_cast<int>(std::ceil(m[4]));
        if (left + right > 0 && up + down > 0) {
            g.w = left + right + 2 * k_glyph_pad;
            g.h = up + down + 2 * k_glyph_pad;
            g.pen_x = left + k_glyph_pad;
            g.pen_y = up + k_glyph_pad;
            g.rect = atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(g.codepoint), g.w, g.h, g.advance,
                                                  ImVec2(static_cast<float>(-g.pen_x), ascent - g.pen_y));
        }
        glyphs.push_back(g);
    }
    atlas.Build();

    // The icons were placed on the icon font's own baseline: move them onto the text's.
    const float icon_shift = ascent - std::round(font->Ascent);
    for (ImFontGlyph& g : font->Glyphs)
        if (g.Codepoint >= k_icon_first && g.Codepoint <= k_icon_last) {
            g.Y0 += icon_shift;
            g.Y1 += icon_shift;
        }
    // Glyphs without ink (spaces) have an advance only; AddCustomRectFontGlyph needs a size.
    for (const text_glyph& g : glyphs)
        if (g.rect < 0) font->AddGlyph(nullptr, static_cast<ImWchar>(g.codepoint), 0, 0, 0, 0, 0, 0, 0, 0, g.advance);
    font->FontSize = px;
    font->Ascent = ascent;
    font->Descent = descent;
    font->BuildLookupTable();

    // The pixels, before the OpenGL backend asks for GetTexDataAsRGBA32.
    std::vector<int> draw;
    draw.reserve(7 * glyphs.size());
    for (const text_glyph& g : glyphs) {
        if (g.rect < 0) continue;
        const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(g.rect);
        draw.insert(draw.end(), {g.codepoint, r->X, r->Y, g.w, g.h, g.pen_x, g.pen_y});
    }
    cc_js_fonts_draw(atlas.TexPixelsAlpha8, atlas.TexWidth, draw.data(), static_cast<int>(draw.size() / 7));
    io.FontGlobalScale = 1.0f / dpr;
    g_font_dpr = dpr;
    g_fonts_stale = false;
}

void ensure_fonts() {
    if (g_font_dpr == g_display.dpr && !g_fonts_stale) return;
    const bool had_texture = g_font_dpr != 0;
    build_fonts(g_display.dpr);
    if (had_texture) {  // another density, or the page's web font arrived: upload the new atlas
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

// [SECTION] Frame scheduling and drawing -------------------------------------------------------
void set_clipboard(void*, const char* text) {
    g_clipboard = text ? text : "";
    cc_js_clipboard_set(g_clipboard.c_str());
}
// Paste arrives as text input through the textarea (works without clipboard permissions); an
// empty answer here keeps ImGui's own Ctrl+V from pasting a second time.
const char* get_clipboard(void*) { return ""; }

void ime_position(int x, int y) { cc_js_text_focus(-1, static_cast<float>(x), static_cast<float>(y)); }

void draw_one_frame() {
    ImGuiIO& io = ImGui::GetIO();
    ensure_fonts();
    const double now = emscripten_get_now();
    io.DeltaTime = g_last_frame_ms > 0 ? static_cast<float>(std::max(1e-4, (now - g_last_frame_ms) / 1000.0)) : 1.0f / 60.0f;
    g_last_frame_ms = now;
    io.DisplaySize = ImVec2(g_display.css_w, g_display.css_h);
    io.DisplayFramebufferScale = ImVec2(g_display.px_w / g_display.css_w, g_display.px_h / g_display.css_h);
    apply_queued_input(io);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    const long long writes_before = host::writes_started();
    const bool must_show = host::draw_frame_contents();
    ImGui::Render();
    const double drawn = emscripten_get_now();

    // A frame whose input started a write (Enter on an edit) is not presented: presenting blocks
    // the page until the compositor took the frame (50-170 ms with software GL, as in headless
    // Chromium), and the write's callback, the moment the edit is saved, would wait behind it. The
    // canvas keeps the previous picture; the next frame, held until the write is done (at most
    // k_write_wait_ms, hold_for_write), shows the edit saved. Never two frames in a row, never
    // the first one.
    const bool skip = !must_show && g_frames_drawn > 0 && !g_skipped_last && host::writes_started() != writes_before;
    g_skipped_last = skip;
    if (skip) {
        ++g_frames_unshown;
        cc_js_request_animation_frame();
    } else {
        glViewport(0, 0, g_display.px_w, g_display.px_h);
        glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++g_frames_drawn;
    }
    const double end = emscripten_get_now();
    g_frame_times.ui_ms += drawn - now;
    g_frame_times.gl_ms += end - drawn;
    g_frame_times.max_ms = std::max(g_frame_times.max_ms, end - now);

    // Wheel deltas were consumed by this frame.
    io.MouseWheel = io.MouseWheelH = 0;
    // A text field that became active in this frame already wants text (io.WantTextInput would
    // say so only after the next NewFrame): the textarea must have focus before the next key.
    const bool want_text = io.WantTextInput || ImGui::GetCurrentContext()->WantTextInputNextFrame == 1;
    cc_js_text_focus(want_text ? 1 : 0, -1, -1);
    cc_js_set_keyboard_capture(io.WantCaptureKeyboard || want_text ? 1 : 0);
    const int cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != g_last_cursor) {
        g_last_cursor = cursor;
        cc_js_set_cursor(cursor);
    }
}

// No frame before the store is read, for up to k_first_frame_wait_ms: the list comes in the first
// frame, and the page is not busy presenting "Loading…" frames while IndexedDB answers (with
// software GL, as in headless Chromium, presenting one frame blocks the page for 50-130 ms, and the
// store's answers wait behind it). A slow store still shows its loading state after the wait.
constexpr double k_first_frame_wait_ms = 300;
double g_started_ms = 0;

void first_frame_deadline(void*) {
    if (g_frames_drawn == 0) cc_js_request_animation_frame();
}

void frame_and_continue();

void first_frame_now(void*) {
    if (g_frames_drawn == 0) frame_and_continue();
}

bool hold_first_frame() {
    if (g_frames_drawn > 0 || host::current_model().loading != cc::load_state::loading) return false;
    const double waited = emscripten_get_now() - g_started_ms;
    if (waited >= k_first_frame_wait_ms) return false;
    static bool deadline_set = false;
    if (!deadline_set) {
        deadline_set = true;
        emscripten_set_timeout(first_frame_deadline, k_first_frame_wait_ms - waited, nullptr);
    }
    return true;
}

// While a write is on its way to IndexedDB, the next frame waits for it, for at most
// k_write_wait_ms: an edit's write takes a few milliseconds when the page is free, but its
// callback (the moment the edit counts as saved) waits behind any frame the page presents, and
// with software GL one can take 50-170 ms. The frame after the write shows the edit as saved.
// The same for the read of the base mount after the first frame: on a first visit (an empty
// store) it takes a few ms, and the first download starts only once it answered; behind the
// first frame's settle frames it took 300-450 ms.
constexpr double k_write_wait_ms = 50;
double g_write_seen_ms = -1;  // when a frame first found the running write (or read) in flight

void write_deadline(void*) { cc_js_request_animation_frame(); }

bool hold_for_write() {
    if (!host::write_in_flight() && !host::base_read_in_flight()) {
        g_write_seen_ms = -1;
        return false;
    }
    const double now = emscripten_get_now();
    if (g_write_seen_ms < 0) {
        g_write_seen_ms = now;
        emscripten_set_timeout(write_deadline, k_write_wait_ms, nullptr);
    }
    return now - g_write_seen_ms < k_write_wait_ms;
}

// Draws one frame, then asks for the next one only while something is still settling or input
// is waiting: an idle card draws nothing.
void frame_and_continue() {
    static bool in_frame = false;
    if (!g_ready) return;
    if (hold_first_frame() || hold_for_write()) return;
    if (in_frame) {  // called from inside a frame (a focus change's handler): draw next
        cc_js_request_animation_frame();
        return;
    }
    in_frame = true;
    draw_one_frame();
    in_frame = false;
    if (g_frames_left > 0) --g_frames_left;
    if (g_frames_left > 0 || !g_queue.empty()) cc_js_request_animation_frame();
}

}  // namespace

namespace host {

void request_frame() {
    g_frames_left = k_settle_frames;
    if (!g_ready) return;
    // The first frame is drawn as soon as the page is free (a 0 ms timeout), not at the next
    // animation frame: it is the one a user waits for. The later ones follow the display.
    if (g_frames_drawn == 0 && !hold_first_frame()) emscripten_set_timeout(first_frame_now, 0, nullptr);
    cc_js_request_animation_frame();
}

// The store was just read: the first frame is drawn in this task, before the base mount's read
// (many IndexedDB tasks) and anything else queued can run ahead of a 0 ms timeout.
void draw_first_frame_now() {
    if (g_frames_drawn == 0) frame_and_continue();
}

long long frames_drawn() { return g_frames_drawn; }
long long frames_unshown() { return g_frames_unshown; }
frame_times frame_time_totals() { return g_frame_times; }

void display_info(float& css_w, float& css_h, float& dpr) {
    css_w = g_display.css_w;
    css_h = g_display.css_h;
    dpr = g_display.dpr;
}

}  // namespace host

// [SECTION] Exports to JavaScript (input, resize, frames) --------------------------------------
extern "C" {

// One animation frame (host_frames.js calls it from requestAnimationFrame).
EMSCRIPTEN_KEEPALIVE void cc_frame() { frame_and_continue(); }

EMSCRIPTEN_KEEPALIVE void cc_on_mouse_move(float x, float y, int mods) {
    input_event e(ev_kind::move);
    e.x = x, e.y = y, e.mods = mods;
    push_event(std::move(e));
}

EMSCRIPTEN_KEEPALIVE void cc_on_mouse_leave() { push_event(input_event(ev_kind::leave)); }

EMSCRIPTEN_KEEPALIVE void cc_on_mouse_button(int button, int down, float x, float y, int mods) {
    input_event e(ev_kind::button);
    e.code = button, e.down = down != 0, e.x = x, e.y = y, e.mods = mods;
    push_event(std::move(e));
}

EMSCRIPTEN_KEEPALIVE void cc_on_wheel(float dx, float dy) {
    input_event e(ev_kind::wheel);
    e.x = dx, e.y = dy;
    push_event(std::move(e));
}

EMSCRIPTEN_KEEPALIVE void cc_on_key(int code, int down, int mods) {
    input_event e(ev_kind::key);
    e.code = code, e.down = down != 0, e.mods = mods;
    push_event(std::move(e));
}

EMSCRIPTEN_KEEPALIVE void cc_on_text(const char* utf8) {
    if (!utf8 || !*utf8) return;
    input_event e(ev_kind::text);
    e.text = utf8;
    push_event(std::move(e));
}

EMSCRIPTEN_KEEPALIVE void cc_on_focus(int focused) {
    input_event e(ev_kind::focus);
    e.down = focused != 0;
    push_event(std::move(e));
}

// The canvas's CSS size and its backing store size (set by JavaScript to CSS size × dpr).
EMSCRIPTEN_KEEPALIVE void cc_on_resize(float css_w, float css_h, int px_w, int px_h, float dpr) {
    g_display.css_w = std::max(1.0f, css_w);
    g_display.css_h = std::max(1.0f, css_h);
    g_display.px_w = std::max(1, px_w);
    g_display.px_h = std::max(1, px_h);
    g_display.dpr = dpr > 0 ? dpr : 1.0f;
    host::request_frame();
}

// The WebGL context came back after a loss (GPU reset, too many contexts): the shader, buffers
// and font texture of the old context are gone, make new ones and redraw.
EMSCRIPTEN_KEEPALIVE void cc_on_context_restored() {
    if (!g_ready) return;
    // A fresh backend: it also forgets the buffer sizes it grew for the old context.
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    host::request_frame();
}

// The container's font (a web font) finished loading after the atlas was baked with a fallback.
EMSCRIPTEN_KEEPALIVE void cc_on_fonts_loaded() {
    g_fonts_stale = true;
    host::request_frame();
}

// Draw now, inside the current event handler: after a resize (the cleared canvas must not be
// shown) and for Ctrl+C / Ctrl+X (ImGui must hand over the copied text before the browser's
// copy event fires).
EMSCRIPTEN_KEEPALIVE void cc_frame_now() { frame_and_continue(); }

}  // extern "C"

// [SECTION] Initialisation ---------------------------------------------------------------------
namespace host {

bool platform_init() {
    if (!cc_js_gl_create()) return false;
    host::startup_mark("gl_created");
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;                 // nothing of ImGui's goes into the store
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;    // a blinking caret would need frames while idle
    io.ConfigMacOSXBehaviors = cc_js_is_mac() != 0;
    io.BackendPlatformName = "clientcard_web";
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    io.ImeSetInputScreenPosFn = ime_position;
    io.KeyMap[ImGuiKey_Tab] = key_tab;
    io.KeyMap[ImGuiKey_LeftArrow] = key_left;
    io.KeyMap[ImGuiKey_RightArrow] = key_right;
    io.KeyMap[ImGuiKey_UpArrow] = key_up;
    io.KeyMap[ImGuiKey_DownArrow] = key_down;
    io.KeyMap[ImGuiKey_PageUp] = key_page_up;
    io.KeyMap[ImGuiKey_PageDown] = key_page_down;
    io.KeyMap[ImGuiKey_Home] = key_home;
    io.KeyMap[ImGuiKey_End] = key_end;
    io.KeyMap[ImGuiKey_Insert] = key_insert;
    io.KeyMap[ImGuiKey_Delete] = key_delete;
    io.KeyMap[ImGuiKey_Backspace] = key_backspace;
    io.KeyMap[ImGuiKey_Enter] = key_enter;
    io.KeyMap[ImGuiKey_KeyPadEnter] = key_enter;
    io.KeyMap[ImGuiKey_Escape] = key_escape;
    io.KeyMap[ImGuiKey_A] = key_a;
    io.KeyMap[ImGuiKey_C] = key_c;
    io.KeyMap[ImGuiKey_V] = key_v;
    io.KeyMap[ImGuiKey_X] = key_x;
    io.KeyMap[ImGuiKey_Y] = key_y;
    io.KeyMap[ImGuiKey_Z] = key_z;
    io.KeyMap[ImGuiKey_Space] = -1;           // space is text; it arrives through the textarea

    ui::apply_style(1.0f);                    // layout in CSS px; density is handled by fonts
    if (!ImGui_ImplOpenGL3_Init("#version 300 es")) return false;
    g_ready = true;
    g_started_ms = emscripten_get_now();
    cc_js_input_attach();                     // reports the canvas size (cc_on_resize) at once
    return true;
}

// The font atlas, the shaders and the font texture: main() asks for them after the store's read
// was started, so they are made while IndexedDB answers rather than before it is asked.
void platform_prepare_drawing() {
    ensure_fonts();
    ImGui_ImplOpenGL3_CreateDeviceObjects();
}

}  // namespace host
