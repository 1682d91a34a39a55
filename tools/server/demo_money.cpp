// demo_money.cpp — money and activity for the demo clients (issue 9): orders with items,
// payments (some failed with a provider's code), refunds, a few recurring orders with their
// charges, bonus balances, registrations by the card's link that end in a sale, funnel
// subscriptions, memberships, webinar attendance and page visits — as *integration events*, the
// same JSON an integration posts to /api/v1/integrations/events, which the seeding runs through
// the same ingestion function (sync_service::ingest_event_in). Deals, sales plan entries, manual
// sales and the registration links are what managers make on the card: ops, applied like the
// demo tasks. Every random draw has its own named variable (two draws in one expression are
// ordered differently by GCC and Clang), so the data is the same on every build.
//
// Index of this file
//   [SECTION] texts
//   [SECTION] one client's money and activity
//   [SECTION] make_demo_activity
#include <algorithm>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "demo_data.hpp"
#include "demo_random.hpp"

namespace cc {
namespace {

using demo::random;
using demo::day_ms;
using demo::hour_ms;
using demo::minute_ms;

// [SECTION] texts -------------------------------------------------------------------------------------

struct product { const char* name; std::int64_t price; };  // price in minor units

struct money_texts {
    const char* currency;
    std::vector<product> products;
    std::vector<const char*> webinars, tunnels, blocks, channels, pages, plans, deals, balance_reasons, lost_reasons;
};

const money_texts& russian_money() {
    static const money_texts t = {
        "RUB",
        {{"Курс «Продажи 101»", 1490000}, {"Интенсив «Переговоры»", 590000}, {"Консультация с экспертом", 300000},
         {"Тариф «Про», месяц", 249000}, {"Рабочая тетрадь (печатная)", 89000}, {"Марафон «Соцсети за 30 дней»", 990000}},
        {"Как продавать в B2B", "Воронки в мессенджерах", "Разбор кейсов учеников", "Запуск онлайн-школы"},
        {"Прогрев к вебинару", "Дожим после вебинара", "Онбординг нового ученика"},
        {"День 1: знакомство", "День 2: кейс", "День 3: оффер", "Напоминание об оплате", "Отзыв"},
        {"Telegram · @school_bot", "ВКонтакте · сообщество школы", "WhatsApp · отдел продаж"},
        {"Тарифы", "Программа курса", "Отзывы учеников", "Оплата заказа", "Личный кабинет"},
        {"План продаж: март", "Допродажи: второй поток", "Возврат ушедших клиентов"},
        {"Курс для отдела продаж", "Корпоративное обучение", "Продление тарифа"},
        {"Бонус за отзыв", "Кэшбэк за покупку", "Подарок ко дню рождения"},
        {"Выбрал конкурента", "Нет бюджета", "Не выходит на связь"},
    };
    return t;
}

const money_texts& english_money() {
    static const money_texts t = {
        "USD",
        {{"Course «Sales 101»", 19900}, {"Negotiation intensive", 7900}, {"Expert consultation", 4900},
         {"Pro plan, monthly", 2900}, {"Printed workbook", 1500}, {"30-day social media sprint", 12900}},
        {"Selling B2B", "Messenger funnels", "Student case reviews", "Launching an online school"},
        {"Webinar warm-up", "After-webinar follow-up", "New student onboarding"},
        {"Day 1: hello", "Day 2: case study", "Day 3: the offer", "Payment reminder", "Feedback"},
        {"Telegram · @school_bot", "Facebook Messenger · school page", "WhatsApp · sales team"},
        {"Pricing", "Course programme", "Student reviews", "Order payment", "Student area"},
        {"March sales plan", "Upsell: second cohort", "Win-back campaign"},
        {"Team sales training", "Corporate training", "Plan renewal"},
        {"Review bonus", "Purchase cashback", "Birthday gift"},
        {"Chose a competitor", "No budget", "Stopped answering"},
    };
    return t;
}

bool money_in_russian(const client& c) {
    return c.language.empty() || c.language == "ru" || c.language == "uk" || c.language == "be" || c.language == "kk";
}

const char* const money_managers[] = {"Boris", "Vera", "Anna"};
// The providers' decline codes (ISO 8583 answers as Russian acquirers report them).
const char* const decline_codes[] = {"51", "05", "54", "91", "61", "14"};
const char* const pay_methods[] = {"card", "card", "card", "sbp", "wallet", "bank_transfer", "installments"};

// [SECTION] one client's money and activity ----------------------------------------------------------------

struct activity_maker {
    const client& c;
    const money_texts& t;
    random& rng;
    std::int64_t anchor;
    demo_activity& out;
    std::int64_t& seq;
    std::size_t index;  // the client's index: external ids are unique per client

    std::string ext(const char* prefix, std::size_t n) const {
        return std::string(prefix) + "-" + std::to_string(index + 1) + "-" + std::to_string(n);
    }
    void event(const char* integration, std::int64_t at, json body) {
        body["client_id"] = c.id;
        out.events.push_back({integration, at, std::move(body)});
    }
    std::string add_op(const std::string& kind, const std::string& record, json payload, const std::string& actor,
                       std::int64_t at) {
        op o;
        o.seq = ++seq;
        o.device = "import";
        o.id = "import:" + std::to_string(o.seq);
        o.client_id = c.id;
        o.kind = kind;
        o.payload = std::move(payload);
        o.actor = actor;
        o.at = at;
        o.record_id = record.empty() ? record_id_for(kind.substr(0, kind.find('.')), o.id) : record;
        std::string id = o.record_id;
        out.ops.push_back(std::move(o));
        return id;
    }
    // A time `days_back` days (and some hours) before the anchor.
    std::int64_t before_anchor(std::int64_t max_days) {
        const std::int64_t days = rng.between(1, max_days);
        const std::int64_t hours = rng.between(0, 12);
        return anchor - days * day_ms - hours * hour_ms;
    }

    void orders() {
        const std::size_t count = 1 + rng.below(2);
        for (std::size_t k = 0; k < count; ++k) {
            const std::int64_t ordered = before_anchor(120);
            const std::size_t lines = 1 + rng.below(2);
            json items = json::array();
            std::int64_t amount = 0;
            for (std::size_t l = 0; l < lines; ++l) {
                const product& p = rng.pick(t.products);
                const std::int64_t quantity = rng.percent(85) ? 1 : 2;
                items.push_back({{"name", p.name}, {"quantity", quantity}, {"price", p.price}});
                amount += p.price * quantity;
            }
            const bool recurring = rng.percent(8);
            const std::size_t outcome = rng.below(100);  // paid 65 %, failed then paid 10 %, failed 10 %, awaiting 15 %
            const std::string order_ext = ext("ord", k);
            json order = {{"type", "order"}, {"external_id", order_ext}, {"number", "A-" + order_ext.substr(4)},
                          {"title", items[0]["name"]}, {"items", items}, {"amount", amount}, {"currency", t.currency},
                          {"status", "awaiting_payment"}, {"ordered_at", ordered}};
            if (recurring) {
                order["recurring"] = true;
                order["period"] = "month";
                order["recurring_state"] = "active";
                order["next_charge_at"] = ordered + 30 * day_ms;
            }
            event("Shop", ordered, order);
            const std::string method = rng.pick(pay_methods);
            std::int64_t paid_at = ordered + rng.between(5, 90) * minute_ms;
            if (outcome >= 65 && outcome < 85) {
                const std::string code = rng.pick(decline_codes);
                event("Shop", paid_at,
                      {{"type", "payment"}, {"external_id", ext("pay", k * 10)}, {"order_external_id", order_ext},
                       {"amount", amount}, {"currency", t.currency}, {"method", method}, {"status", "failed"},
                       {"error_code", code}, {"paid_at", paid_at}});
                order["status"] = "failed";
                event("Shop", paid_at, order);
                paid_at += rng.between(1, 48) * hour_ms;
            }
            if (outcome < 75) {
                event("Shop", paid_at,
                      {{"type", "payment"}, {"external_id", ext("pay", k * 10 + 1)}, {"order_external_id", order_ext},
                       {"amount", amount}, {"currency", t.currency}, {"method", method}, {"status", "succeeded"},
                       {"paid_at", paid_at}});
                order["status"] = "paid";
                order["paid_at"] = paid_at;
                const bool refunded = rng.percent(6);
                if (refunded) {
                    const std::int64_t refund_at = paid_at + rng.between(1, 14) * day_ms;
                    if (refund_at < anchor) {
                        event("Shop", refund_at,
                              {{"type", "refund"}, {"external_id", ext("ref", k)}, {"order_external_id", order_ext},
                               {"amount", amount}, {"currency", t.currency}, {"method", method}, {"paid_at", refund_at}});
                        order["status"] = "refunded";
                    }
                }
                event("Shop", paid_at, order);
                // A recurring order's later monthly charges, one of them declined once.
                if (recurring) {
                    std::int64_t next = ordered + 30 * day_ms;
                    for (std::size_t m = 0; next < anchor && m < 4; ++m) {
                        const bool declined = rng.percent(20);
                        json charge = {{"type", "recurring_charge"}, {"external_id", ext("chg", k * 10 + m * 2)},
                                       {"order_external_id", order_ext}, {"amount", amount}, {"currency", t.currency},
                                       {"method", "card"}, {"status", declined ? "failed" : "succeeded"}, {"paid_at", next}};
                        if (declined) charge["error_code"] = "51";
                        else charge["next_charge_at"] = next + 30 * day_ms;
                        event("Shop", next, charge);
                        if (declined) {
                            const std::int64_t retry = next + 3 * day_ms;
                            if (retry >= anchor) break;
                            event("Shop", retry,
                                  {{"type", "recurring_charge"}, {"external_id", ext("chg", k * 10 + m * 2 + 1)},
                                   {"order_external_id", order_ext}, {"amount", amount}, {"currency", t.currency},
                                   {"method", "card"}, {"status", "succeeded"}, {"paid_at", retry},
                                   {"next_charge_at", next + 30 * day_ms}});
                        }
                        next += 30 * day_ms;
                    }
                }
            }
        }
    }

    void balance() {
        const std::int64_t credited = before_anchor(90);
        const std::int64_t credit = (1 + rng.below(10)) * 10000;
        event("Bonus program", credited,
              {{"type", "balance"}, {"external_id", ext("bal", 0)}, {"account", "bonus"}, {"amount", credit},
               {"currency", t.currency}, {"reason", rng.pick(t.balance_reasons)}});
        const bool spent = rng.percent(40);
        if (spent) {
            const std::int64_t spent_at = std::min(anchor - hour_ms, credited + rng.between(1, 20) * day_ms);
            const std::int64_t part = credit / 2;
            event("Bonus program", spent_at,
                  {{"type", "balance"}, {"external_id", ext("bal", 1)}, {"account", "bonus"}, {"amount", -part},
                   {"currency", t.currency}, {"reason", money_in_russian(c) ? "Списание при оплате заказа" : "Spent on an order"}});
        }
    }

    void registration() {
        const std::string manager = rng.pick(money_managers);
        const std::int64_t sent = before_anchor(60);
        const std::string code = add_op("registration.create", "", {{"sent_at", sent}, {"sent_via", "email"}}, manager, sent);
        const bool registered = rng.percent(60);
        if (!registered) return;
        const std::int64_t at = std::min(anchor - hour_ms, sent + rng.between(1, 72) * hour_ms);
        const std::string player = "P-" + rng.digits(6);
        json ev = {{"type", "registration"}, {"external_id", ext("reg", 0)}, {"code", code}, {"registered_at", at},
                   {"player_id", player}};
        const bool bought = rng.percent(50);
        if (bought) {
            ev["amount"] = rng.pick(t.products).price;
            ev["currency"] = t.currency;
        }
        event("Game", at, std::move(ev));
    }

    void manual_sale() {
        const std::string manager = rng.pick(money_managers);
        const std::int64_t at = before_anchor(45);
        const product& p = rng.pick(t.products);
        add_op("sale.create", "",
               {{"player_id", "P-" + rng.digits(6)}, {"amount", p.price}, {"currency", t.currency}, {"sold_at", at}},
               manager, at);
    }

    void deal() {
        const std::string manager = rng.pick(money_managers);
        const std::int64_t created = before_anchor(90);
        const product& p = rng.pick(t.products);
        const std::string id = add_op("deal.create", "",
                                      {{"title", rng.pick(t.deals)}, {"amount", p.price * 5}, {"currency", t.currency},
                                       {"channel", rng.pick(t.channels)}, {"support_line", "First line"}, {"manager", manager}},
                                      manager, created);
        static const char* const path[] = {"contacted", "qualified", "negotiation", "invoice"};
        const std::size_t steps = rng.below(5);
        std::int64_t at = created;
        for (std::size_t s = 0; s < steps; ++s) {
            at = std::min(anchor - hour_ms, at + rng.between(1, 7) * day_ms);
            add_op("deal.set", id, {{"stage", path[s]}}, manager, at);
        }
        const std::size_t end = rng.below(100);
        at = std::min(anchor - hour_ms, at + day_ms);
        if (steps == 4 && end < 50) add_op("deal.set", id, {{"stage", "won"}}, manager, at);
        else if (steps >= 2 && end < 25)
            add_op("deal.set", id, {{"stage", "lost"}, {"lost_reason", rng.pick(t.lost_reasons)}}, manager, at);
    }

    void plan() {
        const std::string manager = rng.pick(money_managers);
        const std::int64_t created = before_anchor(30);
        static const char* const statuses[] = {"active", "in_progress", "completed"};
        const std::string status = rng.pick(statuses);
        const std::int64_t amount = rng.pick(t.products).price;
        const std::string id = add_op("plan.create", "",
                                      {{"plan", rng.pick(t.plans)}, {"status", status}, {"amount", amount},
                                       {"currency", t.currency}, {"manager", manager}},
                                      "Anna", created);
        const bool locked = rng.percent(40);
        if (locked) add_op("plan.lock", id, {{"manager", manager}}, manager, std::min(anchor - hour_ms, created + day_ms));
    }

    void subscription() {
        const std::int64_t at = before_anchor(40);
        const std::string sub_ext = ext("sub", 0);
        json sub = {{"type", "subscription"}, {"external_id", sub_ext}, {"channel", rng.pick(t.channels)},
                    {"tunnel", rng.pick(t.tunnels)}, {"block", t.blocks[0]}};
        event("Funnels", at, sub);
        const std::size_t moves = rng.below(4);
        std::int64_t when = at;
        for (std::size_t m = 1; m <= moves && m < t.blocks.size(); ++m) {
            when = std::min(anchor - hour_ms, when + day_ms);
            event("Funnels", when, {{"type", "subscription"}, {"external_id", sub_ext}, {"action", "moved"},
                                    {"block", t.blocks[m]}});
        }
        const bool left = rng.percent(20);
        if (left)
            event("Funnels", std::min(anchor - minute_ms, when + hour_ms),
                  {{"type", "subscription"}, {"external_id", sub_ext}, {"action", "unsubscribed"}});
    }

    void membership() {
        const std::int64_t at = before_anchor(120);
        const product& p = rng.pick(t.products);
        event("School", at, {{"type", "membership"}, {"external_id", ext("mem", 0)}, {"product", p.name},
                             {"granted_at", at}, {"expires_at", at + 365 * day_ms}});
        const bool revoked = rng.percent(10);
        if (revoked)
            event("School", std::min(anchor - hour_ms, at + 20 * day_ms),
                  {{"type", "membership"}, {"external_id", ext("mem", 0)}, {"action", "revoked"}});
    }

    void webinar() {
        const std::int64_t at = before_anchor(60) / hour_ms * hour_ms;
        const std::int64_t launch = rng.between(1, 12);
        const std::int64_t watched = rng.between(3, 110) * 60;
        event("Webinars", at, {{"type", "webinar"}, {"external_id", ext("web", 0)}, {"webinar", rng.pick(t.webinars)},
                               {"launch", launch}, {"first_entry_at", at + 2 * minute_ms}, {"watched_s", watched}});
    }

    void visits() {
        const std::size_t count = 1 + rng.below(3);
        static const char* const paths[] = {"pricing", "programme", "reviews", "checkout", "account"};
        for (std::size_t k = 0; k < count; ++k) {
            const std::int64_t at = before_anchor(30);
            const std::size_t page = rng.below(5);
            const std::int64_t seconds = rng.between(5, 600);
            event("Site tracker", at,
                  {{"type", "visit"}, {"external_id", ext("vis", k)}, {"url", std::string("https://school.example/") + paths[page]},
                   {"title", t.pages[page]}, {"visited_at", at}, {"duration_s", seconds}});
        }
    }
};

}  // namespace

// [SECTION] make_demo_activity -----------------------------------------------------------------------------

demo_activity make_demo_activity(const std::vector<client>& clients, unsigned percent, std::int64_t anchor_ms,
                                 std::int64_t first_seq, std::uint64_t seed) {
    demo_activity out;
    std::int64_t seq = first_seq - 1;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const client& c = clients[i];
        random rng(demo::mix_seed(seed ^ 0x4D6F6E6579212121ull, i));  // "Money!!!": a stream of its own
        // About half the clients with demo records buy or do something; the first always does.
        const bool chosen = rng.percent(percent / 2 + (percent % 2));
        if (c.spammer || percent == 0 || (i > 0 && !chosen)) continue;
        const std::size_t first_event = out.events.size();
        activity_maker m{c, money_in_russian(c) ? russian_money() : english_money(), rng, anchor_ms, out, seq, i};
        const bool buys = i == 0 || rng.percent(60);
        const bool bonus = rng.percent(30);
        const bool link = rng.percent(20);
        const bool sale = rng.percent(10);
        const bool deal = rng.percent(25);
        const bool plan = rng.percent(10);
        const bool funnel = rng.percent(35);
        const bool member = rng.percent(25);
        const bool watched = rng.percent(30);
        const bool visited = rng.percent(40);
        if (buys) m.orders();
        if (bonus) m.balance();
        if (link) m.registration();
        if (sale) m.manual_sale();
        if (deal) m.deal();
        if (plan) m.plan();
        if (funnel) m.subscription();
        if (member) m.membership();
        if (watched) m.webinar();
        if (visited) m.visits();
        // The client's events in the order they happened (an order before its payments).
        std::stable_sort(out.events.begin() + static_cast<std::ptrdiff_t>(first_event), out.events.end(),
                         [](const demo_event& a, const demo_event& b) { return a.at < b.at; });
    }
    return out;
}

}  // namespace cc
