// view.hpp — what every section of the card draws with (internal to ui/): the model, the ui's
// own state, the actions asked for this frame, the language; plus the section entry points.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/app.hpp"
#include "core/client.hpp"
#include "core/policy.hpp"
#include "core/record.hpp"
#include "ui/strings.hpp"
#include "ui/ui_state.hpp"

namespace ui {

struct view {
    const cc::model& m;
    ui_state& s;
    std::vector<cc::action>& out;

    const char* t(std::string_view key) const { return tr(m.lang, key); }
    std::string err(const cc::error& e) const { return error_text(m.lang, e); }
    void send(cc::action a) { out.push_back(std::move(a)); }
    // The ops a section asks for (card_view.cpp: one copy of the action's building, not one per
    // button). One op on a client; `source` is the widget key where a refusal will be shown.
    void edit(const cc::client& c, std::string kind, cc::json payload, std::string source);
    void set_field(const cc::client& c, const char* field, cc::json value, std::string source);
    // A new record of the client ("task.create": the core names it "task:<op id>").
    void create_record(const cc::client& c, std::string op_kind, cc::json payload, std::string source);
    // An op on an existing record ("task.set", "task.complete", "comment.edit" ...).
    void edit_record(const cc::record& r, std::string op_kind, cc::json payload, std::string source);

    // Who is looking: the signed-in user, or the local user "me" (with a manager's rights)
    // while nobody is signed in.
    std::string me() const { return m.user_name.empty() ? m.actor : m.user_name; }
    cc::role role() const { return cc::role_from(m.user_role).value_or(cc::role::manager); }
    // The policy, mirrored: a button the policy refuses is never shown.
    bool can(cc::verb what, std::string_view kind, std::string_view field = {}) const {
        return cc::allowed(role(), what, kind, field);
    }
    // The host's wall clock for this frame and the viewer's time zone (clock.hpp).
    std::int64_t now() const { return s.now_ms; }
    std::string zone() const;                                   // card_view.cpp
};

// An op's payload from key / value pairs: payload({{"list", "phones"}, {"id", id}}) (card_view.cpp;
// nlohmann's own brace form builds every pair as an array first, at each call site).
cc::json payload(std::initializer_list<std::pair<const char*, cc::json>> fields);

// ---- look (style.cpp)
float style_scale();                 // the scale given to apply_style()
float em();                          // the current font size: the unit of every layout length
namespace col {
ImVec4 muted();
ImVec4 error();
ImVec4 accent();
ImVec4 ok();
ImVec4 warn();
ImU32 avatar(std::string_view seed);  // a stable soft colour per client
}  // namespace col

// ---- sections
void draw_status_bar(view& v, bool narrow);                 // status_bar.cpp
void draw_list(view& v, bool narrow);                       // list_view.cpp
void draw_card(view& v, bool narrow);                       // card_view.cpp
void draw_quick_card(view& v, const cc::client& c);         // quick_card.cpp
// By client id: a rejected client.create leaves no client to draw, but its box must show.
void draw_conflicts(view& v, const std::string& client_id); // conflicts_view.cpp
void draw_rejected(view& v, const std::string& client_id);  // rejected_view.cpp
// Bands under the top bar, across the whole window; each draws nothing when not wanted.
void draw_download_progress(view& v);                       // status_bar.cpp
void draw_signin(view& v);                                  // signin_view.cpp
void draw_reminders(view& v);                               // reminders_view.cpp
void draw_sale_notices(view& v);                            // sections/sales.cpp
std::int64_t reminders_waiting(const cc::model& m);         // reminders_view.cpp: for the bell

// ---- shared helpers (card_view.cpp)
// The tags as chips with a remove button, then the "+ Add tag" box; `scope` keeps the quick
// card's and the details' widgets apart.
void draw_tags(view& v, const cc::client& c, const char* scope);
void draw_avatar(const cc::client& c, float diameter);      // circle with initials at the cursor
std::string format_time_utc(std::int64_t ms);               // "2024-03-05 14:07 UTC"
std::string client_title(view& v, const cc::client& c);     // name, or "(no name)"
// A "tel:" / "mailto:" / web link for a messenger channel, or "" when none can be made.
std::string channel_url(const cc::channel& ch);

// ---- wording of changes, shared by the log, conflicts and rejected ops (sections/log.cpp)
std::string kind_text(view& v, const std::string& kind);      // "Changed", "Tag added", or the kind
// "Name"; a list element's field ("phones:<id>:raw") by its list ("Phones"); "custom:<key>" by key.
// A record's field (`record_kind` "task", ...) by its schema label ("<kind>.<field>").
std::string field_label(view& v, const std::string& field, std::string_view record_kind = {});
// A value on one line, with words the core writes (gender, yes/no, types) in the user's language.
// A record's value read through its field's definition: enum words, yes/no, times in the
// viewer's zone (the log carries them as ms).
std::string value_text(view& v, const std::string& field, const std::string& value,
                       std::string_view record_kind = {});
// "Field: old → new": `shown` draws the arrow from the icon font, `spoken` has a real "→".
struct change_line { std::string shown, spoken; };
change_line change_text(view& v, const cc::field_change& ch, std::string_view record_kind = {});

}  // namespace ui
