// form.cpp — logging a call by hand (GetCourse "Звонки": the "Состоялся" checkbox, and under it
// why the call did not take place) and correcting a logged one (call.set with only what
// changed). A call that did not take place offers a call-back task.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Log call
// [SECTION] The open call

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/schema/kind.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/files.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/time.hpp"
#include "ui/sections/calls/calls.hpp"
#include "ui/sections/tasks/tasks.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui::calls {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

const cc::kind_def& kind() { return *cc::find_kind("call"); }
const cc::field_def& field(const char* key) { return *kind().field(key); }

bool took_place(const form_state& f) {
    auto it = f.text.find("took_place");
    return it == f.text.end() || it->second != "false";
}

// Took place, or the reason it did not (and "other" in words): the rows under the checkbox.
void outcome_rows(view& v, form_state& f, const std::string& key) {
    field_row(v, f, key, kind(), field("took_place"));
    if (took_place(f)) {
        f.text.erase("reason");
        f.text.erase("reason_text");
        return;
    }
    field_row(v, f, key, kind(), field("reason"));
    auto it = f.text.find("reason");
    if (it != f.text.end() && it->second == "other") field_row(v, f, key, kind(), field("reason_text"));
    else f.text.erase("reason_text");
}

// The duration as minutes:seconds (what a manager reads off a phone), stored as seconds.
void duration_row(view& v, form_state& f) {
    const std::string label = v.t("call.duration_ms");
    row(label);
    std::string& buf = f.text["duration#text"];
    const std::string before = buf;
    bool active = false;
    ImGui::SetNextItemWidth(6.0f * em());
    ImGui::InputTextWithHint("##duration", "m:ss", &buf);
    active = ImGui::IsItemActive();
    sem_item_raw("textbox", label, buf);
    if (buf != before) {
        f.touched.insert("duration_s");
        f.errors.erase("duration_s");
    }
    std::optional<cc::error> e;
    if (!buf.empty() && !parse_duration(buf)) e = cc::error{"err.duration_invalid", "duration_s", ""};
    else if (!buf.empty()) e = cc::check_value(field("duration_s"), *parse_duration(buf));
    if (!e)
        if (auto it = f.errors.find("duration_s"); it != f.errors.end()) e = it->second;
    if (e && (f.tried || (f.touched.count("duration_s") && !active))) alert(v.err(*e), label);
}

}  // namespace

void call_back(view& v, const cc::client& c) {
    tasks::open_form(v, c, payload({{"type", "call"}, {"title", v.t("call.call_back_title")}}));
}

//-----------------------------------------------------------------------------
// [SECTION] Log call
//-----------------------------------------------------------------------------

void open_form(view& v, const cc::client& c) {
    form_state f;
    const std::string zone = v.zone();
    form_put(f, field("direction"), "outgoing", zone);
    if (!c.phones.empty()) {
        const cc::phone& p = c.phones.front();
        form_put(f, field("phone"), p.e164.empty() ? p.raw : p.e164, zone);
    }
    form_put(f, field("manager"), v.me(), zone);
    form_put(f, field("started_at"), v.now() - v.now() % 60000, zone);
    form_put(f, field("took_place"), true, zone);
    f.scroll_to = true;
    v.s.forms[new_form] = std::move(f);
}

void draw_new_form(view& v, const cc::client& c) {
    form_state* fp = form_open(v, new_form);
    if (!fp) return;
    form_state& f = *fp;
    const cc::kind_def& k = kind();
    form_begin(f, "new_call", v.t("call.new"));
    if (rows_begin("fields")) {
        field_row(v, f, new_form, k, field("direction"));
        field_row(v, f, new_form, k, field("phone"));
        field_row_opts who;
        who.people = known_people(v, c);
        field_row(v, f, new_form, k, field("manager"), who);
        field_row(v, f, new_form, k, field("started_at"));
        duration_row(v, f);
        outcome_rows(v, f, new_form);
        field_row(v, f, new_form, k, field("note"));
        rows_end();
    }
    std::vector<std::string> keys = {"direction", "phone", "manager", "started_at", "took_place", "reason", "reason_text", "note"};
    std::vector<std::string> shown = keys;
    shown.emplace_back("duration_s");
    if (!form_footer(v, new_form, shown)) return;
    form_result r = form_collect(f, k, keys, v.zone(), nullptr);
    const std::string& dur = f.text["duration#text"];
    if (!dur.empty()) {
        auto secs = parse_duration(dur);
        if (!secs) r.errors["duration_s"] = cc::error{"err.duration_invalid", "duration_s", ""};
        else if (auto e = cc::check_value(field("duration_s"), *secs)) r.errors["duration_s"] = *e;
        else r.payload["duration_s"] = *secs;
    }
    form_send(v, c, new_form, f, std::move(r), "call.create");
}

//-----------------------------------------------------------------------------
// [SECTION] The open call
//-----------------------------------------------------------------------------

// The recording: the player and "Download" when one is attached, the upload on its way, and
// "Attach recording" (mp3, wav, ogg, m4a) for whoever may change the call.
static void recording_block(view& v, const cc::client& c, const cc::record& call) {
    const cc::json& rec = call.get("recording");
    const auto uploads = cc::uploads_of(v.m, c.id, call.id, "recording");
    const bool can_attach = v.can(cc::verb::change, "call", "recording");
    if (!rec.is_object() && uploads.empty() && !can_attach) return;
    ImGui::Spacing();
    text_colored(col::muted(), v.t("call.recording"));
    if (rec.is_object()) {
        player(v, call, rec);
        file_row(v, rec);
    }
    upload_rows(v, uploads);
    if (can_attach)
        pick_button(v, v.t(rec.is_object() ? "file.replace_recording" : "file.attach_recording"), c.id, call.id, "recording");
}

void draw_call_panel(view& v, const cc::client& c, const cc::record& call) {
    const std::string key = "call/" + call.id;
    bool loaded = false;
    form_state& f = record_form(v, key, kind(), call, &loaded);
    if (loaded && !call.get("took_place").is_boolean()) f.text["took_place"] = "true";
    panel_begin("call_panel");
    heading(tr_fill(v.m.lang, "call.panel", {{"{when}", call.get("started_at").is_number_integer()
                                                              ? when_words(v, call.number("started_at"))
                                                              : std::string()}}));
    const bool can_change = v.can(cc::verb::change, "call");
    ImGui::BeginDisabled(!can_change);
    if (rows_begin("fields")) {
        outcome_rows(v, f, key);
        field_row(v, f, key, kind(), field("note"));
        rows_end();
    }
    ImGui::EndDisabled();
    // A call that took place after all drops its reason (the inputs are empty: it is cleared).
    const std::vector<std::string> keys = {"took_place", "reason", "reason_text", "note"};
    const form_press pressed = form_buttons(v, key, keys, !f.touched.empty());
    if (!took_place(f) && v.can(cc::verb::create, "task")) {
        if (button(v.t("call.call_back"), "call_back", ICON_PHONE)) call_back(v, c);
    }
    recording_block(v, c, call);
    panel_end();
    if (pressed == form_press::cancel) v.s.forms.erase(key);
    if (pressed != form_press::save) return;
    form_send(v, c, key, f, form_collect(f, kind(), keys, v.zone(), &call), "call.set", &call);
}

}  // namespace ui::calls
