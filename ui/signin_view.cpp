// signin_view.cpp — the sign-in band under the top bar (DESIGN §5, §7): a password-style box for
// the access token and "Sign in". Shown while nobody is signed in, or when the server stopped
// accepting the token; "Not now" folds it away (the top bar's "Sign in" brings it back), since
// the card works offline without it. The token goes to the core as cc::token_entered (the host
// keeps it in memory); the ui wipes its own copies at once.
//
// Index of this file:
// [SECTION] When to show
// [SECTION] Token box
// [SECTION] draw_signin

#include <algorithm>

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/text.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] When to show
//-----------------------------------------------------------------------------

bool unauthorized(const cc::model& m) { return m.sync_message == "err.unauthorized"; }

// The server asking again opens the band even if the user folded it before.
void follow(view& v) {
    const bool now = unauthorized(v.m);
    if (now && !v.s.seen_unauthorized) v.s.signin_hidden = false;
    v.s.seen_unauthorized = now;
}

//-----------------------------------------------------------------------------
// [SECTION] Token box
//-----------------------------------------------------------------------------

// Overwrites the draft before dropping it: std::string::clear() would leave the bytes behind.
void wipe(std::string& s) {
    std::fill(s.begin(), s.end(), '\0');
    s.clear();
    s.shrink_to_fit();
}

// The box shows bullets; the semantic tree gets as many bullets as characters, never the text
// (the tree is readable from JavaScript).
std::string masked(const std::string& s) {
    std::string out;
    for (std::size_t i = 0, n = cc::utf8_length(s); i < n; ++i) out += "\xE2\x80\xA2";  // U+2022
    return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_signin
//-----------------------------------------------------------------------------

void draw_signin(view& v) {
    follow(v);
    const cc::model& m = v.m;
    if ((m.signed_in && !unauthorized(m)) || v.s.signin_hidden) {
        if (!v.s.token_draft.empty()) wipe(v.s.token_draft);
        return;
    }
    box_begin("signin");
    if (unauthorized(m)) alert(v.t("signin.rejected"), v.t("signin.token"));
    text_colored(col::muted(), v.t("signin.explain"));

    const char* label = v.t("signin.token");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(18.0f * em(), ImGui::GetContentRegionAvail().x));
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_EnterReturnsTrue;
    bool submit = ImGui::InputText("##token", &v.s.token_draft, flags);
    sem_item_raw("textbox", label, masked(v.s.token_draft));
    std::string token = cc::trim(v.s.token_draft);
    same_line_if_fits(6.0f * em());
    ImGui::BeginDisabled(token.empty());
    submit = button(v.t("signin.button"), "signin") || submit;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button(v.t("signin.later"), "signin_later")) v.s.signin_hidden = true;
    box_end(col::accent());

    if (submit && !token.empty()) {
        v.send(cc::token_entered{std::move(token)});
        wipe(v.s.token_draft);
        forget_text_box();
    }
    wipe(token);  // this frame's copy (moved from, or never sent)
}

}  // namespace ui
