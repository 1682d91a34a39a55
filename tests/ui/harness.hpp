// harness.hpp — a fake host for the ui smoke tests: an ImGui context with no GPU, a model built
// by real actions through cc::update, writes answered at once, and helpers that find widgets in
// the semantic tree by role and label and drive them with mouse and keyboard input.
#pragma once
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <imgui.h>

#include "core/app.hpp"
#include "ui/app_view.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"

namespace uitest {

inline constexpr int key_tab = 9, key_enter = 13, key_escape = 27, key_backspace = 8, key_end = 35, key_a = 65;

struct harness {
    cc::model m;
    ui::ui_state s;
    std::vector<cc::action> sent;          // every action the ui returned, oldest first
    std::vector<cc::open_link> links;      // links the core asked the host to open
    std::vector<cc::write_files> writes;   // writes not answered yet (auto_save off)
    std::vector<cc::http_request> requests;  // requests the core asked for (the test answers them)
    std::vector<std::string> tokens;       // tokens the core handed to the host (set_token)
    bool auto_save = true;                 // answer every write at once
    std::int64_t now = 1700000000000;      // 2023-11-14 22:13:20 UTC; each dispatch adds 1 ms
    std::string zone = "UTC";              // the viewer's time zone (the host's clock.hpp)
    ImGuiContext* ctx = nullptr;

    explicit harness(float w = 1280, float h = 2000) {
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(w, h);
        io.DeltaTime = 1.0f / 60.0f;
        io.KeyMap[ImGuiKey_Tab] = key_tab;
        io.KeyMap[ImGuiKey_Enter] = key_enter;
        io.KeyMap[ImGuiKey_KeyPadEnter] = key_enter;
        io.KeyMap[ImGuiKey_Escape] = key_escape;
        io.KeyMap[ImGuiKey_Backspace] = key_backspace;
        io.KeyMap[ImGuiKey_End] = key_end;
        io.KeyMap[ImGuiKey_A] = key_a;
        // Real Cyrillic glyphs when Debian's Noto Sans is there, plus the punctuation the card
        // uses (… — → “ ” « »).
        static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0400, 0x052F, 0x2010, 0x205E, 0x2190, 0x2193, 0};
        const char* noto = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
        const char* icons = "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf";
        if (exists(noto)) io.Fonts->AddFontFromFileTTF(noto, 16.0f, nullptr, ranges);
        else io.Fonts->AddFontDefault();
        if (exists(icons)) {  // merged in, as the host does
            ImFontConfig cfg;
            cfg.MergeMode = true;
            io.Fonts->AddFontFromFileTTF(icons, 14.0f, &cfg, reinterpret_cast<const ImWchar*>(ui::icon_glyph_ranges));
        }
        unsigned char* pixels = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        ui::apply_style(1.0f);
        dispatch(cc::storage_loaded{{}, "dev-ui"});
    }
    ~harness() { ImGui::DestroyContext(ctx); }
    static bool exists(const char* path) {
        std::FILE* f = std::fopen(path, "rb");
        if (f) std::fclose(f);
        return f != nullptr;
    }
    harness(const harness&) = delete;
    harness& operator=(const harness&) = delete;

    // ---- the host side
    void dispatch(const cc::action& a) {
        auto r = cc::update(std::move(m), a, cc::context{now++});
        m = std::move(r.next);
        for (auto& e : r.effects) {
            if (auto* w = std::get_if<cc::write_files>(&e)) writes.push_back(*w);
            else if (auto* l = std::get_if<cc::open_link>(&e)) links.push_back(*l);
            else if (auto* r = std::get_if<cc::http_request>(&e)) requests.push_back(*r);
            else if (auto* t = std::get_if<cc::set_token>(&e)) tokens.push_back(t->token);
        }
        if (auto_save) settle();
    }
    void settle() {
        while (!writes.empty()) {
            cc::write_files w = writes.front();
            writes.erase(writes.begin());
            dispatch(cc::storage_written{w.upto_seq, true, ""});
        }
    }
    std::string create(const std::string& name) {
        dispatch(cc::client_created{name, "test"});
        return m.selected;
    }
    void edit(const std::string& id, const std::string& kind, cc::json payload) {
        dispatch(cc::edit_requested{id, kind, std::move(payload), "test", ""});
        REQUIRE_MESSAGE(!m.refused, (m.refused ? m.refused->why.code : ""));
    }

    // A record made through the card's own op, as the user would make it; returns its id.
    std::string add_record(const std::string& client_id, const std::string& op_kind, cc::json payload) {
        dispatch(cc::edit_requested{client_id, op_kind, std::move(payload), "test", ""});
        REQUIRE_MESSAGE(!m.refused, (m.refused ? m.refused->why.code + " " + m.refused->why.field : ""));
        return m.journal.back().op.record_id;
    }
    // An op on an existing record, as the user would send it.
    void edit_record(const std::string& client_id, const std::string& record_id, const std::string& op_kind,
                     cc::json payload) {
        dispatch(cc::edit_requested{client_id, op_kind, std::move(payload), "test", record_id});
        REQUIRE_MESSAGE(!m.refused, (m.refused ? m.refused->why.code + " " + m.refused->why.field : ""));
    }
    // A record put straight into the confirmed base, as a pull brings someone else's.
    cc::record& put_record(const std::string& kind, const std::string& id, const std::string& client_id,
                           cc::json fields, const std::string& by = "me", std::int64_t at = 0) {
        cc::record r;
        r.kind = kind;
        r.id = id;
        r.client_id = client_id;
        r.fields = std::move(fields);
        r.created_by = r.updated_by = by;
        r.created_at = r.updated_at = at ? at : now;
        r.version = 1;
        m.store.put_base_record(std::move(r));
        return m.store.record_base[id];
    }

    // The last request with `id` the core asked for, or nullptr.
    const cc::http_request* last_request(cc::request_id id) const {
        for (auto it = requests.rbegin(); it != requests.rend(); ++it)
            if (it->id == id) return &*it;
        return nullptr;
    }
    // The server answers: a request's result fed back as the host does.
    void answer(cc::request_id id, int status, const std::string& body) {
        dispatch(cc::fetch_done{id, status, body});
    }

    // ---- frames
    // One frame: draw, then feed the actions back as the host does. Returns the frame's actions.
    std::vector<cc::action> frame() {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        s.now_ms = now;  // the host sets its clock and the viewer's zone before every frame
        s.viewer_tz = zone;
        ImGui::NewFrame();
        std::vector<cc::action> out = ui::draw_app(m, s);
        ImGui::Render();
        for (const auto& a : out) {
            sent.push_back(a);
            dispatch(a);
        }
        return out;
    }
    std::vector<cc::action> frames(int n) {
        std::vector<cc::action> all;
        for (int i = 0; i < n; ++i) append(all, frame());
        return all;
    }
    static void append(std::vector<cc::action>& to, std::vector<cc::action> from) {
        for (auto& a : from) to.push_back(std::move(a));
    }

    // ---- the semantic tree
    const ui::sem_node* find(std::string_view role, std::string_view label, int nth = 0) const {
        for (const auto& n : ui::sem_nodes())
            if (n.role == role && n.label == label && nth-- == 0) return &n;
        return nullptr;
    }
    std::vector<const ui::sem_node*> all(std::string_view role) const {
        std::vector<const ui::sem_node*> v;
        for (const auto& n : ui::sem_nodes())
            if (n.role == role) v.push_back(&n);
        return v;
    }
    bool has(std::string_view role, std::string_view label) const { return find(role, label) != nullptr; }
    std::string dump() const {  // for failure messages
        std::string s;
        for (const auto& n : ui::sem_nodes())
            s += n.role + " [" + n.label + "] = " + n.value + (n.visible ? "" : "  (out of sight)") + "  @" +
                 std::to_string(static_cast<int>(n.x)) + "," + std::to_string(static_cast<int>(n.y)) + " " +
                 std::to_string(static_cast<int>(n.w)) + "x" + std::to_string(static_cast<int>(n.h)) + "\n";
        return s;
    }

    // ---- input
    std::vector<cc::action> click_at(float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        std::vector<cc::action> all;
        io.MousePos = ImVec2(x, y);
        append(all, frame());
        io.MouseDown[0] = true;
        append(all, frame());
        io.MouseDown[0] = false;
        append(all, frame());
        return all;
    }
    std::vector<cc::action> click(std::string_view role, std::string_view label, int nth = 0) {
        const ui::sem_node* n = find(role, label, nth);
        REQUIRE_MESSAGE(n != nullptr, "no " << role << " '" << label << "' in\n" << dump());
        REQUIRE_MESSAGE(n->visible, role << " '" << label << "' is out of sight (y " << n->y << ") in\n" << dump());
        float x = n->x + n->w * 0.5f, y = n->y + n->h * 0.5f;
        return click_at(x, y);
    }
    std::vector<cc::action> type(const char* utf8) {
        ImGui::GetIO().AddInputCharactersUTF8(utf8);
        return frame();
    }
    std::vector<cc::action> press(int key, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        std::vector<cc::action> all;
        io.KeyCtrl = ctrl;
        io.KeysDown[key] = true;
        append(all, frame());
        io.KeysDown[key] = false;
        io.KeyCtrl = false;
        append(all, frame());
        return all;
    }
    std::vector<cc::action> select_all() { return press(key_a, true); }
};

// The edit_requested actions among `actions` of one kind.
inline std::vector<cc::edit_requested> edits(const std::vector<cc::action>& actions, std::string_view kind) {
    std::vector<cc::edit_requested> v;
    for (const auto& a : actions)
        if (auto* e = std::get_if<cc::edit_requested>(&a); e && e->kind == kind) v.push_back(*e);
    return v;
}
template <class T> int count_of(const std::vector<cc::action>& actions) {
    int n = 0;
    for (const auto& a : actions) n += std::holds_alternative<T>(a) ? 1 : 0;
    return n;
}
template <class T> const T* first_of(const std::vector<cc::action>& actions) {
    for (const auto& a : actions)
        if (auto* t = std::get_if<T>(&a)) return t;
    return nullptr;
}

}  // namespace uitest
