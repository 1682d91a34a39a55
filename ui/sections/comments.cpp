// comments.cpp — the "Comments" section (GetCourse: one pinned note on top, then comments as
// entries that cannot be deleted, with clickable links; Leeloo.ai: comments with files;
// Usedesk: the note as a hint). The pinned note stays on top, editable as on the quick card.
// Comments read like a chat: oldest first, the newest last, right above the box where the next
// one is written — the thread reads top to bottom and what was just said is next to the reply.
// Each shows its author, time, text with its links clickable (only http, https, mailto, tel;
// bare domains as https), its files (name, size, "Download"), "edited", "not synced yet".
// Files are attached in the box before the comment is sent; a comment sent while they upload
// waits for them and is posted with them (one comment.create carrying `files`). Its author may
// correct it for 15 minutes (comment.edit); nobody deletes one.
//
// Index of this file:
// [SECTION] The pinned note
// [SECTION] One comment
// [SECTION] Writing a comment
// [SECTION] The tab
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "core/kinds/comment.hpp"
#include "core/schema/kind.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/files.hpp"
#include "ui/kit/rich_text.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

const cc::kind_def& kind() { return *cc::find_kind("comment"); }
const cc::field_def& text_field() { return *kind().field("text"); }

// "123/4000" beside a box, red past the limit.
void counter(const std::string& text, std::int64_t limit) {
    const std::size_t used = cc::utf8_length(text);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%zu/%lld", used, static_cast<long long>(limit));
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(buf).x);
    text_colored(static_cast<std::int64_t>(used) > limit ? col::error() : col::muted(), buf, "status");
}

//-----------------------------------------------------------------------------
// [SECTION] The pinned note
//-----------------------------------------------------------------------------

void pinned_note(view& v, const cc::client& c) {
    const std::string key = "comments/note";
    text_colored(col::muted(), v.t("comment.pinned"));
    counter(draft_or(v, key, c.note), static_cast<std::int64_t>(cc::max_length("note")));
    field_opts o;
    o.multiline = true;
    o.height = ImGui::GetTextLineHeight() * 3 + ImGui::GetStyle().FramePadding.y * 2;
    o.check = [](std::string_view s) { return cc::check_text("note", s); };
    std::string value;
    if (draft_field(v, key, v.t("comment.pinned"), c.note, &value, o)) v.set_field(c, "note", value, key);
}

//-----------------------------------------------------------------------------
// [SECTION] One comment
//-----------------------------------------------------------------------------

// The author may correct a comment for 15 minutes after posting it (the server checks it again
// with its own clock).
bool may_edit(const view& v, const cc::record& r) {
    return r.created_by == v.me() && v.now() - r.created_at <= cc::comment_edit_window_ms &&
           v.can(cc::verb::change, "comment", "text");
}

std::string edit_key(const cc::record& r) { return "comments/" + r.id + "/edit"; }

void files_of(view& v, const cc::record& r) {
    const cc::json& files = r.get("files");
    if (!files.is_array()) return;
    for (const auto& f : files) file_row(v, f);
}

void edit_box(view& v, const cc::record& r) {
    const std::string key = edit_key(r);
    counter(draft_or(v, key, r.text("text")), text_field().max);
    field_opts o;
    o.multiline = true;
    o.commit_on_blur = false;  // Ctrl+Enter or Save
    o.check = [](std::string_view s) { return cc::check_value(text_field(), std::string(s)); };
    std::string value;
    const std::string label = v.t("comment.edit_box");
    bool send = draft_field(v, key, label, r.text("text"), &value, o);
    if (button(v.t("form.save"), "save", ICON_CHECK)) {
        // An unchanged text has no draft: nothing to send, the box just closes.
        if (!v.s.drafts.count(key)) v.s.forms.erase(key);
        else send = commit_draft(v, key, r.text("text"), o.check, &value);
    }
    ImGui::SameLine();
    if (button(v.t("action.cancel"), "cancel")) {
        v.s.drafts.erase(key);
        v.s.tried.erase(key);
        v.s.forms.erase(key);
    }
    if (send) {
        v.edit_record(r, "comment.edit", payload({{"text", value}}), key);
        v.s.forms.erase(key);
    }
}

void comment_entry(view& v, const cc::record& r) {
    ImGui::PushID(r.id.c_str());
    // Author · time · edited · not synced yet · Edit
    text_colored(col::accent(), r.created_by.empty() ? std::string(v.t("comment.someone")) : r.created_by);
    ImGui::SameLine();
    text_colored(col::muted(), when_words(v, r.created_at));
    if (r.get("edited_at").is_number_integer()) {
        ImGui::SameLine();
        text_colored(col::muted(), v.t("comment.edited"), "status");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", when_words(v, r.number("edited_at")).c_str());
    }
    if (cc::record_pending(v.m, r.id)) {
        ImGui::SameLine();
        ImGui::TextColored(col::warn(), "%s", ICON_CLOCK);
        ImGui::SameLine(0, 4);
        text_colored(col::warn(), v.t("form.pending"), "status");
    }
    const bool editing = v.s.forms.count(edit_key(r)) != 0;
    if (!editing && may_edit(v, r)) {
        ImGui::SameLine();
        if (small_button(v.t("comment.edit"), "edit")) {
            v.s.forms[edit_key(r)] = form_state{};
            v.s.focus_key = edit_key(r);
        }
    }
    if (editing) edit_box(v, r);
    else rich_text(v, r.text("text"));
    files_of(v, r);
    refusal_at(v, edit_key(r), v.t("comment.edit_box"));
    ImGui::Spacing();
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Writing a comment
//-----------------------------------------------------------------------------

void new_comment(view& v, const cc::client& c) {
    const std::string key = "comments/new";
    const std::string label = v.t("comment.new");
    text_colored(col::muted(), label);
    counter(draft_or(v, key, ""), text_field().max);
    field_opts o;
    o.multiline = true;
    o.commit_on_blur = false;  // Ctrl+Enter sends; Enter starts a new line
    o.hint = v.t("comment.hint");
    o.check = [](std::string_view s) { return cc::check_value(text_field(), std::string(s)); };
    std::string value;
    bool send = draft_field(v, key, label, "", &value, o);
    // Files are attached before the comment is sent (a comment is append-only): they upload at
    // once, and a comment sent before they are done waits for them (core/app/files.cpp).
    upload_rows(v, cc::uploads_of(v.m, c.id, "", "files"));
    if (button(v.t("comment.send"), "send", ICON_COMMENT)) send = commit_draft(v, key, "", o.check, &value);
    ImGui::SameLine();
    if (button(v.t("file.attach"), "attach", ICON_PAPERCLIP)) v.send(cc::file_pick_requested{c.id, "", "files"});
    ImGui::SameLine();
    text_colored(col::muted(), v.t("comment.ctrl_enter"));
    refusal_at(v, files_source(c.id, ""), v.t("file.attach"));
    if (send) {
        v.send(cc::comment_posted{c.id, value, key});
        v.s.focus_key = key;  // ready for the next one
    }
}

// Comments sent while their files were still uploading: shown where they will appear.
void waiting_comments(view& v, const cc::client& c) {
    for (const auto& p : v.m.uploads.posts) {
        if (p.client_id != c.id) continue;
        ImGui::PushID(p.key.c_str());
        text_colored(col::accent(), v.me());
        ImGui::SameLine();
        ImGui::TextColored(col::warn(), "%s", ICON_CLOCK);
        ImGui::SameLine(0, 4);
        text_colored(col::warn(), v.t("file.waiting"), "status");
        rich_text(v, p.text);
        upload_rows(v, cc::uploads_of_post(v.m, p.key));
        ImGui::Spacing();
        ImGui::PopID();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_comments(view& v, const cc::client& c) {
    pinned_note(v, c);
    std::vector<const cc::record*> list;
    for (const cc::record* r : v.m.store.records_of(c.id, "comment"))
        if (!r->deleted) list.push_back(r);
    sort_records(list, [](const cc::record& a, const cc::record& b, const void*) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
    });
    heading(tr_num(v.m.lang, "comment.list", list.size()));
    // Comments differ in height, so instead of a clipper the newest ones are drawn and earlier
    // ones come a page at a time.
    const std::size_t shown = std::min<std::size_t>(list.size(), static_cast<std::size_t>(std::max(1, v.s.comments_shown)));
    if (shown < list.size()) {
        const std::string more = tr_num(v.m.lang, "comment.earlier", list.size() - shown);
        if (small_button(more, "earlier")) v.s.comments_shown += 50;
    }
    if (list.empty()) text_colored(col::muted(), v.t("comment.none"), "status");
    for (std::size_t i = list.size() - shown; i < list.size(); ++i) comment_entry(v, *list[i]);
    waiting_comments(v, c);
    ImGui::Separator();
    if (v.can(cc::verb::create, "comment")) new_comment(v, c);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "comment"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.comments",           "Comments",                       "Комментарии"},
    {"comment.pinned",         "Pinned note",                    "Примечание"},
    {"comment.list",           "Comments ({n})",                 "Комментарии ({n})"},
    {"comment.none",           "No comments yet",                "Комментариев пока нет"},
    {"comment.earlier",        "Show earlier ({n})",             "Показать ранние ({n})"},
    {"comment.someone",        "Someone",                        "Кто-то"},
    {"comment.edited",         "edited",                         "изменён"},
    {"comment.edit",           "Edit",                           "Изменить"},
    {"comment.edit_box",       "Correct the comment",            "Исправить комментарий"},
    {"comment.new",            "New comment",                    "Новый комментарий"},
    {"comment.hint",           "Write a comment…",               "Напишите комментарий…"},
    {"comment.send",           "Send",                           "Отправить"},
    {"comment.ctrl_enter",     "Ctrl+Enter sends",               "Ctrl+Enter — отправить"},
    // the schema's labels
    {"comment.text",           "Text",                           "Текст"},
    {"comment.files",          "Files",                          "Файлы"},
    {"comment.edited_at",      "Edited",                         "Изменён"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_comments() {
    static const section_def def = [] {
        section_def s;
        s.id = "comments";
        s.order = 40;
        s.label_key = "tab.comments";
        s.draw = draw_comments;
        s.shows = shows;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
