// widgets.hpp — small wrappers that draw an ImGui widget AND record it in the semantic tree
// (role, visible label, value), so tests and the accessible mirror find every control by the
// label a user sees. User data is always drawn unformatted and never cut at "##".
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <imgui.h>

#include "core/error.hpp"
#include "ui/view.hpp"

namespace ui {

// A callable lent for the time of a call (a field's check, the widgets after a field): a pointer
// to it and one small function that calls it. std::function would copy it and cost each lambda
// its own copy / destroy / call code in the module. It must not outlive what it points to, so it
// takes a named callable (a local lambda), a plain function, or a lambda without captures (kept
// as a function pointer); a temporary lambda with captures does not compile.
template <class Sig> class fn_ref;
template <class R, class... A> class fn_ref<R(A...)> {
public:
    fn_ref() = default;
    fn_ref(R (*f)(A...)) : fn_(f), call_(f ? &call_fn : nullptr) {}
    template <class F, class = std::enable_if_t<!std::is_same_v<std::remove_const_t<F>, fn_ref>>>
    fn_ref(F& f) : obj_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))), call_(&call_obj<F>) {}
    template <class F, class = std::enable_if_t<!std::is_lvalue_reference_v<F> && !std::is_same_v<std::decay_t<F>, fn_ref>>>
    fn_ref(F&& f) : fn_ref(static_cast<R (*)(A...)>(f)) {}   // captures: does not convert, does not compile
    R operator()(A... a) const { return call_(*this, std::forward<A>(a)...); }
    explicit operator bool() const { return call_ != nullptr; }

private:
    union {
        void* obj_ = nullptr;
        R (*fn_)(A...);
    };
    R (*call_)(const fn_ref&, A...) = nullptr;
    static R call_fn(const fn_ref& r, A... a) { return r.fn_(std::forward<A>(a)...); }
    template <class F> static R call_obj(const fn_ref& r, A... a) { return (*static_cast<F*>(r.obj_))(std::forward<A>(a)...); }
};

using validator = fn_ref<std::optional<cc::error>(std::string_view)>;

// ---- text
void text(std::string_view s, const char* role = "text");
void text_colored(const ImVec4& c, std::string_view s, const char* role = "text");
void text_wrapped(std::string_view s, const char* role = "text");
void heading(std::string_view s);
// A short error line (role "alert"); `about` is the label of the field it belongs to.
void alert(std::string_view message, std::string_view about);

// ---- boxes: a tinted, full-width box around what is drawn between box_begin() and box_end()
// (a conflict, a rejected change, the sign-in band). Text inside wraps at the box's edge.
// Nothing inside may split the draw list again (no tables).
void box_begin(std::string_view id);
void box_end(const ImVec4& tint);

// ---- buttons and toggles; `id` keeps the ImGui id stable across languages ("" = the label)
// `icon` (ui/icons.hpp) is drawn before the label but kept out of the semantic label.
bool button(std::string_view label, std::string_view id = {}, const char* icon = nullptr,
            const ImVec2& size = ImVec2(0, 0));
bool small_button(std::string_view label, std::string_view id = {});
// An icon-only button: `name` is its tooltip and its label in the semantic tree.
bool icon_button(const char* icon, std::string_view name, std::string_view id = {});
// Returns true when the user toggled it; the new value is !value (the model decides).
bool checkbox(std::string_view label, bool value, std::string_view id);
// A toggle in a group of choices (role "radio"): drawn pressed when `selected`.
bool choice(std::string_view label, bool selected, std::string_view id, std::string_view sem_label = {});
// Link text: clickable (and underlined on hover) only when cc::link_allowed(url); `text` is
// user data. Returns true when clicked.
bool link(std::string_view text, const std::string& url, std::string_view id);
// A selectable row whose text is user data (role "option" or "listitem").
bool selectable_text(std::string_view text, bool selected, std::string_view id,
                     const char* role = "option", float width = 0);

// A combo of `items` (user data allowed). Returns the picked index, or -1. `label` is the
// field's visible label (drawn by the caller) for the semantic tree.
int combo(std::string_view label, std::string_view id, const std::vector<std::string>& items,
          int current, float width = 0);

// ImGui::SameLine() when an item `width` wide still fits on the line, else a new line.
void same_line_if_fits(float width);

// Draws `s` in [min, max] on one line, with an ellipsis when it does not fit.
void draw_text_clipped(ImDrawList* dl, ImVec2 min, ImVec2 max, std::string_view s, ImU32 colour);

// ---- text fields bound to drafts (ui_state::drafts)
struct field_opts {
    const char* hint = nullptr;   // grey text shown while empty
    bool multiline = false;
    float height = 0;             // multiline height (0: 4 lines)
    float width = 0;              // 0: fill the line
    bool commit_on_blur = true;   // false: only Enter commits (add rows)
    validator check;              // the core check to run on the draft
    // Widgets on the same line after the field (call ImGui::SameLine() first); drawn before the
    // field's messages so those go under the whole line.
    fn_ref<void()> same_line;
    // A field of a small form: never commits by itself; *enter is set when Enter was pressed,
    // and the form reads the drafts (draft_or) and commits them together.
    bool* enter = nullptr;
};
// Draws the field for widget `key`: shows the draft if one exists, else `current`. Returns true
// on the frame the user commits a valid value different from `current` (Enter, Ctrl+Enter in a
// multi-line box, or focus leaving), with the value in *out. An invalid draft stays, with its
// message in red under the field; model.refused is shown there too when its source is `key`.
bool draft_field(view& v, const std::string& key, std::string_view label, const std::string& current,
                 std::string* out, const field_opts& o = {});
// Commits the draft of `key` now (an "Add" button next to an add row). Same result as above.
bool commit_draft(view& v, const std::string& key, const std::string& current, const validator& check,
                  std::string* out);
// True the frame Enter went down (to tell Enter from a click elsewhere).
bool enter_pressed();
// The draft text of `key`, or `current` when there is none.
const std::string& draft_or(const view& v, const std::string& key, const std::string& current);
// Forgets the text ImGui keeps for the last active text box (its edit buffers, zeroed first):
// for a secret such as an access token, once it was handed over.
void forget_text_box();

// model.refused, when its source is `source`: the message in red and a dismiss button.
// `detail`, when given, replaces the error's detail (an amount in minor units shown as money).
void refusal_at(view& v, std::string_view source, std::string_view about, std::string_view detail = {});

}  // namespace ui
