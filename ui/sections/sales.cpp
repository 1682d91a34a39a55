// sales.cpp — the "Sales" section (MVP Project: the sales count and sum, the last sale date with
// a "+" that adds a sale by hand, and the client's registration link). The summary and the "+"
// are also the section's part of the quick card. Sums are per currency (core/money_totals.hpp).
// The registration link is one record per client (core/kinds/registration.cpp); its address is
// the /me answer's `registration_link` template, or "<server>/r/{code}" (docs/records.md).
//
// Index of this file:
// [SECTION] Reading
// [SECTION] The summary and the "+" form
// [SECTION] The registration link
// [SECTION] The tab
// [SECTION] The notice of a sale by the link (the band under the top bar)
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>
#include <cctype>

#include <imgui.h>

#include "core/money_totals.hpp"
#include "core/text.hpp"
#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

constexpr const char* sale_form = "sale/new";
constexpr const char* reg_source = "registration";

// Newest first.
std::vector<const cc::record*> sales_of(const view& v, const cc::client& c) {
    auto out = live_records(v, c, "sale");
    newest_first(out, "sold_at");
    return out;
}

// "₽1,200.00 + $50.00": one sum per currency, never converted.
std::string sums_text(const view& v, const cc::money_sums& s) {
    std::string out;
    for (const auto& [code, minor] : s.by_currency) out += (out.empty() ? "" : " + ") + money_text(v, minor, code);
    return out;
}

std::string sale_line(view& v, const cc::record& r) {
    std::string s = local_text(r.number("sold_at"), v.zone()) + " · " + money_text(v, r.number("amount"), r.text("currency"));
    if (!r.text("player_id").empty()) s += " · " + field_name(v, "sale", "player_id") + " " + r.text("player_id");
    return s + " · " + enum_word(v, "sale", "via", r.text("via").empty() ? "manual" : r.text("via"));
}

//-----------------------------------------------------------------------------
// [SECTION] The summary and the "+" form
//-----------------------------------------------------------------------------

const cc::kind_def& sale_kind() { return *cc::find_kind("sale"); }
const std::vector<std::string> sale_keys = {"player_id", "amount", "currency", "sold_at"};

void open_sale_form(view& v, const cc::client& c, const std::vector<const cc::record*>& sales) {
    form_state f;
    const std::string zone = v.zone();
    const cc::kind_def& k = sale_kind();
    // The currency of the last sale, else the ruble (the products the card follows are Russian).
    form_put(f, *k.field("currency"), sales.empty() ? "RUB" : sales.front()->text("currency"), zone);
    form_put(f, *k.field("sold_at"), v.now(), zone);
    v.s.forms[sale_form] = std::move(f);
    v.s.focus_key = std::string(sale_form) + "/player_id";
    (void)c;
}

void draw_sale_form(view& v, const cc::client& c) {
    form_state* fp = form_open(v, sale_form);
    if (!fp) return;
    form_state& f = *fp;
    form_begin(f, "new_sale", v.t("sale.new"));
    if (rows_begin("fields")) {
        for (const std::string& key : sale_keys) field_row(v, f, sale_form, sale_kind(), *sale_kind().field(key));
        rows_end();
    }
    if (form_footer(v, sale_form, sale_keys))
        form_send(v, c, sale_form, f, form_collect(f, sale_kind(), sale_keys, v.zone(), nullptr), "sale.create");
}

// "Sales: 3 · ₽4,500.00 · Last sale: 2023-11-14 [+]". The "+" opens the form on the tab (the
// quick card's "+" too: one form, drawn once).
void sales_summary(view& v, const cc::client& c) {
    const auto sales = sales_of(v, c);
    const cc::sales_summary s = cc::summarize_sales(sales);
    ImGui::AlignTextToFramePadding();
    text(tr_num(v.m.lang, "sale.count", s.count), "status");
    if (!s.sum.empty()) {
        ImGui::SameLine();
        text(sums_text(v, s.sum), "status");
    }
    ImGui::SameLine();
    const std::string last = s.last_sold_at ? date_iso(to_local(s.last_sold_at, v.zone()).day) : std::string("—");
    text(std::string(v.t("sale.last")) + " " + last, "status");
    if (v.can(cc::verb::create, "sale") && !v.s.forms.count(sale_form)) {
        ImGui::SameLine();
        if (icon_button(ICON_PLUS, v.t("sale.add"), "add_sale")) {
            open_sale_form(v, c, sales);
            v.s.tab_request = "sales";
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The registration link
//-----------------------------------------------------------------------------

// The link's address: the /me template (or "<server>/r/{code}") with {code} the record's id,
// URL-encoded (ids hold ':').
std::string link_of(const view& v, const cc::record& r) {
    std::string tpl = v.m.registration_link.empty() ? v.m.server_url + "/r/{code}" : v.m.registration_link;
    std::string code;
    static const char hex[] = "0123456789ABCDEF";
    for (unsigned char ch : r.id) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') code += static_cast<char>(ch);
        else code += std::string("%") + hex[ch >> 4] + hex[ch & 15];
    }
    const auto at = tpl.find("{code}");
    return at == std::string::npos ? tpl + code : tpl.replace(at, 6, code);
}

std::string url_part(const std::string& s) {  // for a mailto: query
    std::string out;
    static const char hex[] = "0123456789ABCDEF";
    for (unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/' || ch == ':' || ch == '@') out += static_cast<char>(ch);
        else out += std::string("%") + hex[ch >> 4] + hex[ch & 15];
    }
    return out;
}

void registration_link(view& v, const cc::client& c) {
    if (!v.can(cc::verb::read, "registration")) return;
    heading(v.t("reg.title"));
    const auto regs = live_records(v, c, "registration");
    if (regs.empty()) {
        if (v.can(cc::verb::create, "registration") &&
            button(v.t("reg.create"), "create_link", ICON_LINK))
            v.create_record(c, "registration.create", cc::json::object(), reg_source);
        refusal_at(v, reg_source, v.t("reg.title"));
        return;
    }
    const cc::record& r = *regs.front();
    const std::string url = link_of(v, r);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(col::accent(), "%s", ICON_LINK);
    ImGui::SameLine();
    text(url, "link");
    const bool can_send = v.can(cc::verb::change, "registration");
    if (button(v.t("reg.copy"), "copy_link")) {
        ImGui::SetClipboardText(url.c_str());
        if (can_send) v.edit_record(r, "registration.set", payload({{"sent_at", v.now()}, {"sent_via", "copied"}}), reg_source);
    }
    const std::string email = c.emails.empty() ? std::string() : c.emails.front().address;
    if (!email.empty() && can_send) {
        ImGui::SameLine();
        if (button(v.t("reg.send"), "send_link", ICON_ENVELOPE)) {
            v.send(cc::link_requested{"mailto:" + url_part(email) + "?subject=" + url_part(v.t("reg.mail_subject")) +
                                      "&body=" + url_part(url)});
            v.edit_record(r, "registration.set", payload({{"sent_at", v.now()}, {"sent_via", "email"}}), reg_source);
        }
    }
    refusal_at(v, reg_source, v.t("reg.title"));
    if (r.get("sent_at").is_number_integer())
        text_colored(col::muted(), tr_fill(v.m.lang, "reg.sent", {{"{when}", when_words(v, r.number("sent_at"))},
                                                                   {"{via}", r.text("sent_via")}}), "status");
    if (r.get("registered_at").is_number_integer())
        text_colored(col::ok(), tr_fill(v.m.lang, "reg.registered", {{"{when}", when_words(v, r.number("registered_at"))},
                                                                      {"{player}", r.text("player_id")}}), "status");
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_sales(view& v, const cc::client& c) {
    sales_summary(v, c);
    draw_sale_form(v, c);
    for (const cc::record* r : sales_of(v, c)) {
        ImGui::PushID(r->id.c_str());
        if (cc::record_pending(v.m, r->id)) {
            ImGui::TextColored(col::warn(), "%s", ICON_CLOCK);
            ImGui::SameLine();
        }
        text(sale_line(v, *r), "listitem");
        ImGui::PopID();
    }
    ImGui::Spacing();
    registration_link(v, c);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "sale"); }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The notice of a sale by the link (the band under the top bar)
//-----------------------------------------------------------------------------

// The core lists the sales a pull brought by the registration link (cc::model::sale_notices);
// each shows with its client and amount, Open (the client's Sales tab) and Dismiss.
void draw_sale_notices(view& v) {
    if (v.m.sale_notices.empty() || !v.can(cc::verb::read, "sale")) return;
    box_begin("sale_notices");
    for (const std::string& id : v.m.sale_notices) {
        const cc::record* r = v.m.store.find_record(id);
        const cc::client* c = r ? v.m.store.find(r->client_id) : nullptr;
        ImGui::PushID(id.c_str());
        ImGui::TextColored(col::ok(), "%s", ICON_BAG);
        ImGui::SameLine(0, 0.4f * em());
        text_colored(col::ok(), v.t("sale.notice"), "heading");
        if (r && c) {
            ImGui::SameLine();
            text(client_title(v, *c) + " \xC2\xB7 " + money_text(v, r->number("amount"), r->text("currency")));
            ImGui::SameLine();
            if (small_button(v.t("reminders.open"), "open")) {
                v.send(cc::client_selected{c->id});
                v.s.tab_request = "sales";
            }
        }
        ImGui::SameLine();
        if (small_button(v.t("reminders.dismiss"), "dismiss")) v.send(cc::sale_notice_dismissed{id});
        ImGui::PopID();
    }
    box_end(col::ok());
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.sales",              "Sales",                          "Продажи"},
    {"sale.count",             "Sales: {n}",                     "Продаж: {n}"},
    {"sale.last",              "Last sale:",                     "Последняя продажа:"},
    {"sale.add",               "Add sale",                       "Добавить продажу"},
    {"sale.new",               "New sale",                       "Новая продажа"},
    {"sale.notice",            "Registered by the link and bought:", "Регистрация по ссылке и покупка:"},
    {"sale.player_id",         "Player ID",                      "ID игрока"},
    {"sale.amount",            "Amount",                         "Сумма"},
    {"sale.currency",          "Currency",                       "Валюта"},
    {"sale.sold_at",           "Date",                           "Дата"},
    {"sale.note",              "Note",                           "Примечание"},
    {"sale.via",               "Source",                         "Источник"},
    {"sale.via.manual",        "by hand",                        "вручную"},
    {"sale.via.registration_link", "registration link",         "по ссылке регистрации"},
    {"sale.via.integration",   "integration",                    "интеграция"},
    {"sale.registration",      "Registration",                   "Регистрация"},
    {"sale.external_id",       "External ID",                    "Внешний ID"},
    {"sale.source",            "System",                         "Система"},
    {"reg.title",              "Registration link",              "Ссылка на регистрацию"},
    {"reg.create",             "Create link",                    "Создать ссылку"},
    {"reg.copy",               "Copy",                           "Копировать"},
    {"reg.send",               "Send by email",                  "Отправить по почте"},
    {"reg.mail_subject",       "Your registration link",         "Ваша ссылка для регистрации"},
    {"reg.sent",               "Sent {when} ({via})",            "Отправлена {when} ({via})"},
    {"reg.registered",         "Registered {when}, player {player}", "Зарегистрирован {when}, игрок {player}"},
    {"registration.sent_at",   "Sent",                           "Отправлена"},
    {"registration.sent_via",  "Sent by",                        "Способ отправки"},
    {"registration.registered_at", "Registered",                 "Зарегистрирован"},
    {"registration.player_id", "Player ID",                      "ID игрока"},
    {"registration.source",    "System",                         "Система"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_sales() {
    static const section_def def = [] {
        section_def s;
        s.id = "sales";
        s.order = 52;
        s.label_key = "tab.sales";
        s.draw = draw_sales;
        s.shows = shows;
        s.quick = sales_summary;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
