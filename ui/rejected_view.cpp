// rejected_view.cpp — changes the server refused, on the selected client's card above the quick
// card (DESIGN §5: nothing is dropped silently). One box per refused op: what it changed, in the
// log's words, and the server's reason in the user's language, with "Discard" (drop it for good)
// and "Send again" (after fixing what the reason says, or when the reason was passing).
//
// Index of this file:
// [SECTION] Wording
// [SECTION] draw_rejected

#include <imgui.h>

#include <string_view>
#include <variant>

#include "core/app.hpp"
#include "core/apply.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Wording
//-----------------------------------------------------------------------------

// What the op changed, as the log shows it: "Changed · Name: Anna → Анна". A rejected op is out
// of the card (the server said no), so its old -> new is what it would do to the card as it is
// now; when it would do nothing or no longer applies, the fields it touches.
std::string what_changed(view& v, const cc::op& o) {
    std::string s = kind_text(v, o.kind);
    if (o.kind == "client.delete") return s;  // "Deleted" says it all
    std::string details;
    auto r = cc::apply(v.m.store.find(o.client_id), o);
    if (auto* ok = std::get_if<cc::applied>(&r))
        for (const cc::field_change& ch : ok->changes)
            details += (details.empty() ? "" : "; ") + change_text(v, ch).spoken;
    if (details.empty()) {
        for (const std::string& f : cc::touched_fields(o.kind, o.payload)) {
            const std::string label = field_label(v, f);
            if (details.find(label) == std::string::npos) details += (details.empty() ? "" : ", ") + label;
        }
    }
    return details.empty() ? s : s + " · " + details;
}

// The server's reason: a known code in the user's language; an unknown one as the server worded
// it (a newer server may refuse for reasons this build has no sentence for). A sentence that
// needs a value ("at most {detail}") but got the server's whole sentence as the detail says it
// in the server's words rather than nest one sentence in another.
std::string reason_text(view& v, const cc::error& e) {
    if (tr_has(e.code)) {
        const bool needs_value = std::string_view(v.t(e.code)).find("{detail}") != std::string_view::npos;
        if (needs_value && e.detail.find(' ') != std::string::npos) return e.detail;
        return v.err(e);
    }
    if (!e.detail.empty()) return e.detail;
    if (!e.code.empty()) return e.code;
    return v.t("err.rejected");
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_rejected
//-----------------------------------------------------------------------------

void draw_rejected(view& v, const std::string& client_id) {
    const std::vector<const cc::journal_entry*> refused = cc::rejected_of(v.m, client_id);
    if (refused.empty()) return;
    for (const cc::journal_entry* j : refused) {
        if (!j) continue;
        const std::string msg = tr_fill(v.m.lang, "rejected.text",
                                        {{"{what}", what_changed(v, j->op)}, {"{reason}", reason_text(v, j->reason)}});
        box_begin(j->op.id);
        ImGui::TextColored(col::error(), "%s", ICON_EXCLAMATION);
        ImGui::SameLine(0, 0.4f * em());
        text_colored(col::error(), msg, "alert");
        if (button(v.t("rejected.discard"), "discard", ICON_TIMES)) v.send(cc::rejected_discarded{j->op.id});
        ImGui::SameLine();
        if (button(v.t("rejected.retry"), "retry", ICON_REFRESH)) v.send(cc::rejected_retried{j->op.id});
        box_end(col::error());
    }
}

}  // namespace ui
