// webinars.cpp — the "Webinars and visits" section (Leeloo.ai Webinars; GetCourse webinars and
// visit history): webinar attendance (webinar, launch number, first entry, time watched as
// "1 h 05 min"), newest first; then the last pages the client visited (the title, or the URL,
// as a link that opens only when it is a safe web address; the time; how long). Both are written
// by integrations (POST /api/v1/integrations/events); the card only reads them.
//
// Index of this file:
// [SECTION] Reading
// [SECTION] The tab
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

constexpr std::size_t visits_shown = 20;  // "the last pages visited"

// Newest first by `at_field`.
std::vector<const cc::record*> newest_of(const view& v, const cc::client& c, const char* kind, const char* at_field) {
    auto out = live_records(v, c, kind);
    newest_first(out, at_field);
    return out;
}

// "1 h 05 min", "40 min", "0 min".
std::string watched_words(const view& v, std::int64_t seconds) {
    const std::int64_t minutes = (seconds < 0 ? 0 : seconds) / 60;
    char mm[8];
    std::snprintf(mm, sizeof mm, "%02d", static_cast<int>(minutes % 60));
    if (minutes < 60) return tr_fill(v.m.lang, "web.min", {{"{m}", std::to_string(minutes)}});
    return tr_fill(v.m.lang, "web.h_min", {{"{h}", std::to_string(minutes / 60)}, {"{m}", mm}});
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_webinars(view& v, const cc::client& c) {
    const std::string zone = v.zone();
    heading(v.t("web.attendance"));
    const auto webinars = newest_of(v, c, "webinar", "first_entry_at");
    if (webinars.empty()) text_colored(col::muted(), v.t("web.none"), "status");
    for (const cc::record* r : webinars) {
        ImGui::PushID(r->id.c_str());
        ImGui::TextColored(col::accent(), "%s", ICON_VIDEO);
        ImGui::SameLine();
        std::string line = r->text("webinar");
        if (r->get("launch").is_number_integer())
            line += " \xC2\xB7 " + tr_num(v.m.lang, "web.launch", r->number("launch"));
        line += " \xC2\xB7 " + tr_fill(v.m.lang, "web.entered", {{"{when}", local_text(r->number("first_entry_at"), zone)}});
        line += " \xC2\xB7 " + tr_fill(v.m.lang, "web.watched", {{"{time}", watched_words(v, r->number("watched_s"))}});
        text(line, "listitem");
        ImGui::PopID();
    }
    ImGui::Spacing();
    heading(v.t("web.visits"));
    const auto visits = newest_of(v, c, "visit", "visited_at");
    if (visits.empty()) text_colored(col::muted(), v.t("web.no_visits"), "status");
    for (std::size_t i = 0; i < visits.size() && i < visits_shown; ++i) {
        const cc::record& r = *visits[i];
        ImGui::PushID(r.id.c_str());
        ImGui::TextColored(col::muted(), "%s", ICON_GLOBE);
        ImGui::SameLine();
        const std::string title = r.text("title").empty() ? r.text("url") : r.text("title");
        if (link(title, r.text("url"), "page")) v.send(cc::link_requested{r.text("url")});
        ImGui::SameLine();
        std::string when = local_text(r.number("visited_at"), zone);
        if (r.get("duration_s").is_number_integer()) when += " \xC2\xB7 " + duration_text(r.number("duration_s"));
        text_colored(col::muted(), when, "status");
        ImGui::PopID();
    }
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "webinar") || v.can(cc::verb::read, "visit"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.webinars",           "Webinars and visits",            "Вебинары и посещения"},
    {"web.attendance",         "Webinars attended",              "Посещённые вебинары"},
    {"web.none",               "No webinars attended",           "Вебинаров не посещал"},
    {"web.launch",             "launch {n}",                     "запуск {n}"},
    {"web.entered",            "first entry {when}",             "первый вход {when}"},
    {"web.watched",            "watched {time}",                 "смотрел {time}"},
    {"web.min",                "{m} min",                        "{m} мин"},
    {"web.h_min",              "{h} h {m} min",                  "{h} ч {m} мин"},
    {"web.visits",             "Last pages visited",             "Последние посещённые страницы"},
    {"web.no_visits",          "No visits recorded",             "Посещений нет"},
    {"webinar.webinar",        "Webinar",                        "Вебинар"},
    {"webinar.launch",         "Launch",                         "Запуск"},
    {"webinar.first_entry_at", "First entry",                    "Первый вход"},
    {"webinar.left_at",        "Left",                           "Вышел"},
    {"webinar.watched_s",      "Watched, s",                     "Просмотрено, с"},
    {"webinar.url",            "Link",                           "Ссылка"},
    {"visit.url",              "Page",                           "Страница"},
    {"visit.title",            "Title",                          "Заголовок"},
    {"visit.visited_at",       "Visited",                        "Посещено"},
    {"visit.duration_s",       "Time on page, s",                "Время на странице, с"},
    {"visit.referrer",         "Came from",                      "Откуда пришёл"},
    {"visit.external_id",      "External ID",                    "Внешний ID"},
    {"visit.source",           "System",                         "Система"},
    {"webinar.external_id",    "External ID",                    "Внешний ID"},
    {"webinar.source",         "System",                         "Система"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_webinars() {
    static const section_def def = [] {
        section_def s;
        s.id = "webinars";
        s.order = 70;
        s.label_key = "tab.webinars";
        s.draw = draw_webinars;
        s.shows = shows;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
