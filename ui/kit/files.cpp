// files.cpp — the card's widgets for files: upload rows, stored files, the picker button, the
// player. See files.hpp.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Uploads
// [SECTION] Stored files
// [SECTION] The player
#include "ui/kit/files.hpp"

#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

std::string files_source(const std::string& client_id, const std::string& record_id) {
    return "files/" + client_id + "/" + (record_id.empty() ? std::string("comment") : record_id);
}

std::string clock_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    const long s = static_cast<long>(seconds);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

void pick_button(view& v, const std::string& label, const std::string& client_id, const std::string& record_id,
                 const std::string& field) {
    if (button(label, "pick_" + field, ICON_PAPERCLIP)) v.send(cc::file_pick_requested{client_id, record_id, field});
    refusal_at(v, files_source(client_id, record_id), label);
}

//-----------------------------------------------------------------------------
// [SECTION] Uploads
//-----------------------------------------------------------------------------

void upload_rows(view& v, const std::vector<const cc::upload*>& list) {
    for (const cc::upload* u : list) {
        ImGui::PushID(u->key.c_str());
        const std::string name = u->name + " (" + size_words(v, u->size) + ")";
        ImGui::TextColored(col::muted(), "%s", ICON_PAPERCLIP);
        ImGui::SameLine();
        text(name);
        ImGui::SameLine();
        switch (u->state) {
            case cc::upload_state::queued:
                text_colored(col::warn(), v.m.online ? v.t("file.queued") : v.t("file.queued_offline"), "status");
                break;
            case cc::upload_state::uploading: {
                const float part = u->size > 0 ? static_cast<float>(u->sent) / static_cast<float>(u->size) : 0.f;
                char pct[16];
                std::snprintf(pct, sizeof pct, "%d%%", static_cast<int>(part * 100.f + 0.5f));
                ImGui::ProgressBar(part, ImVec2(10 * em(), 0), pct);
                sem_item_raw("progressbar", u->name, pct);
                break;
            }
            case cc::upload_state::done:
                text_colored(col::ok(), v.t("file.uploaded"), "status");
                if (u->comment.empty()) {
                    ImGui::SameLine();
                    if (small_button(v.t("file.remove"), "remove")) v.send(cc::upload_removed{u->key});
                }
                break;
            case cc::upload_state::failed: {
                const std::string why = u->reason ? v.err(*u->reason) : std::string();
                alert(tr_fill(v.m.lang, u->final ? "file.refused" : "file.failed", {{"{why}", why}}), u->name);
                ImGui::SameLine();
                if (!u->final && small_button(v.t("file.retry"), "retry")) v.send(cc::upload_retried{u->key});
                if (!u->final) ImGui::SameLine();
                if (small_button(v.t("file.remove"), "remove")) v.send(cc::upload_removed{u->key});
                break;
            }
        }
        ImGui::PopID();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Stored files
//-----------------------------------------------------------------------------

void file_row(view& v, const cc::json& file) {
    if (!file.is_object()) return;
    const std::string id = file.value("id", "");
    ImGui::PushID(id.c_str());
    ImGui::TextColored(col::muted(), "%s", ICON_PAPERCLIP);
    ImGui::SameLine();
    text_colored(col::muted(), file.value("name", "") + " (" + size_words(v, file.value("size", std::int64_t{0})) + ")");
    ImGui::SameLine();
    if (small_button(tr_fill(v.m.lang, "file.download", {{"{name}", file.value("name", "")}}), "download"))
        v.send(cc::file_open_requested{id});
    refusal_at(v, "file/" + id, file.value("name", ""));
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] The player
//-----------------------------------------------------------------------------

void player(view& v, const cc::record& call, const cc::json& recording) {
    if (!recording.is_object()) return;
    const std::string id = recording.value("id", "");
    const cc::player_state& p = v.m.player;
    const bool mine = p.file_id == id;
    ImGui::PushID("player");
    const bool playing = mine && p.playing;
    if (playing) {
        if (button(v.t("player.pause"), "pause")) v.send(cc::playback_paused{});
    } else if (button(v.t("player.play"), "play")) {
        v.send(cc::playback_requested{call.id, id});
    }
    ImGui::SameLine();
    const double duration = mine ? p.duration_s : 0;
    const double position = mine ? p.position_s : 0;
    float at = static_cast<float>(position);
    ImGui::SetNextItemWidth(14 * em());
    ImGui::BeginDisabled(!mine || duration <= 0);
    const std::string words = clock_text(position) + " / " + (duration > 0 ? clock_text(duration) : std::string("-:--"));
    if (ImGui::SliderFloat("##seek", &at, 0.f, static_cast<float>(duration > 0 ? duration : 1.0), "", ImGuiSliderFlags_NoInput))
        v.send(cc::playback_seeked{at});
    ImGui::EndDisabled();
    sem_item("slider", v.t("player.position"), words);
    ImGui::SameLine();
    text(words, "status");
    ImGui::SameLine();
    static const double rates[] = {1.0, 1.25, 1.5, 2.0};
    static const char* names[] = {"1×", "1.25×", "1.5×", "2×"};
    for (int i = 0; i < 4; ++i) {
        if (i) ImGui::SameLine(0, 2);
        const std::string sem = tr_fill(v.m.lang, "player.speed", {{"{x}", names[i]}});
        if (choice(names[i], p.rate == rates[i], std::string("rate") + std::to_string(i), sem))
            v.send(cc::playback_rate_changed{rates[i]});
    }
    if (mine && p.loading) text_colored(col::muted(), v.t("player.loading"), "status");
    if (mine && p.failed) alert(v.err(*p.failed), v.t("call.recording"));
    ImGui::PopID();
}

}  // namespace ui
