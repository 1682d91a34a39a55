// demo_records.cpp — tasks, calls and comments for the demo clients, as ops on records that the
// seeding applies with the core's own apply_record (seed.cpp), so every demo record passed the
// same checks as one a manager makes on the card.
//
// Index of this file
//   [SECTION] texts
//   [SECTION] one client's records
//   [SECTION] make_demo_record_ops
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/phone.hpp"
#include "core/record.hpp"
#include "demo_data.hpp"
#include "demo_random.hpp"

namespace cc {
namespace {

using demo::random;

using demo::minute_ms;
using demo::hour_ms;
using demo::day_ms;

// [SECTION] texts -------------------------------------------------------------------------------------
// Russian for clients who speak it (or whose language is not known), English for the others.

struct record_texts {
    std::vector<const char*> call_tasks, meetings, tasks, emails, results, cancel_results, places,
        call_notes, comments, linked_comments;
};

const record_texts& russian() {
    static const record_texts t = {
        {"Перезвонить по договору", "Уточнить реквизиты для счёта", "Напомнить об оплате", "Созвониться после вебинара",
         "Обсудить продление подписки"},
        {"Встреча в офисе: демонстрация", "Встреча: подписание договора", "Онлайн-презентация тарифов"},
        {"Подготовить коммерческое предложение", "Согласовать дату поставки", "Выслать доступ к курсу",
         "Проверить оплату по счёту"},
        {"Отправить КП на почту", "Выслать закрывающие документы", "Поздравить с днём рождения"},
        {"Договорились о демо в четверг", "Клиент подтвердил оплату", "Перенесли на следующую неделю",
         "Отправил КП, ждёт согласования с руководителем", "Оплатит до конца месяца"},
        {"Клиент отказался", "Задача больше не актуальна"},
        {"Офис, ул. Баумана, 1, 2 этаж", "Кофейня у метро «Площадь Революции»"},
        {"Обсудили условия, ждёт КП", "Просил перезвонить завтра после 15:00", "Интересовался оптовыми ценами",
         "Подтвердил встречу"},
        {"Просит звонить после 18:00", "Интересуется оптовыми ценами, пришлём прайс",
         "Был на вебинаре, задавал вопросы про тарифы", "Оплатил по счёту, ждём закрывающие документы",
         "Предпочитает переписку в Telegram"},
        {"Прислал реквизиты: https://example.com/docs/rekvizity.pdf",
         "Запись вебинара для клиента: https://example.com/webinars/42",
         "Договор в работе: https://example.com/contracts/2024-117"},
    };
    return t;
}

const record_texts& english() {
    static const record_texts t = {
        {"Call back about the contract", "Confirm billing details", "Payment reminder", "Follow up after the webinar",
         "Discuss the renewal"},
        {"Demo meeting at their office", "Meeting: sign the contract", "Online walkthrough of the plans"},
        {"Prepare the proposal", "Agree on the delivery date", "Send course access", "Check the invoice payment"},
        {"Email the proposal", "Send the closing documents", "Birthday greetings"},
        {"Agreed on a demo on Thursday", "Payment confirmed", "Moved to next week",
         "Proposal sent, waiting for their manager", "Will pay by the end of the month"},
        {"The client declined", "No longer needed"},
        {"Their office, 2nd floor", "Coffee shop by the station"},
        {"Went through the terms, waiting for the proposal", "Asked to call back tomorrow after 3 pm",
         "Asked about volume pricing", "Confirmed the meeting"},
        {"Prefers email over calls", "Asked about volume discounts, price list to follow",
         "Attended the webinar, asked about the plans", "Paid the invoice, closing documents pending",
         "Prefers to chat on WhatsApp"},
        {"Shared the brief: https://example.com/brief", "Webinar recording for them: https://example.com/webinars/42",
         "Contract draft: https://example.com/contracts/2024-117"},
    };
    return t;
}

bool speaks_russian(const client& c) {
    return c.language.empty() || c.language == "ru" || c.language == "uk" || c.language == "be" || c.language == "kk";
}

const char* const managers[] = {"Boris", "Vera", "Anna"};

// [SECTION] one client's records ----------------------------------------------------------------------

// One client's ops, collected first and numbered once they are in time order: the log then reads
// as it happened (a comment from two months ago below last week's task).
struct op_maker {
    const client& c;
    struct pending {
        op o;
        std::size_t tag = 0;     // this op's number while collecting
        std::size_t target = 0;  // the tag of the create of the record it changes (its own for a create)
    };
    std::vector<pending> ops;

    // Returns the op's tag; `target` is the tag of the record's create (none: this is a create).
    std::size_t add(const std::string& kind, std::optional<std::size_t> target, json payload, const std::string& actor,
                    std::int64_t at) {
        pending p;
        p.tag = ops.size();
        p.target = target.value_or(p.tag);
        p.o.device = "import";
        p.o.client_id = c.id;
        p.o.kind = kind;
        p.o.payload = std::move(payload);
        p.o.actor = actor;
        p.o.at = at;
        ops.push_back(std::move(p));
        return ops.back().tag;
    }

    // Ops of the demo data are the import's ("import:<seq>"), done by the demo managers. A create
    // always comes before the ops on its record (they are later).
    void flush(std::int64_t& seq, std::vector<op>& out) {
        std::stable_sort(ops.begin(), ops.end(), [](const pending& a, const pending& b) { return a.o.at < b.o.at; });
        std::vector<std::string> record_of(ops.size());
        for (auto& p : ops) {
            p.o.seq = ++seq;
            p.o.id = "import:" + std::to_string(p.o.seq);
            if (p.target == p.tag) record_of[p.tag] = record_id_for(p.o.kind.substr(0, p.o.kind.find('.')), p.o.id);
            p.o.record_id = record_of[p.target];
            out.push_back(std::move(p.o));
        }
        ops.clear();
    }
};

void add_task(op_maker& m, random& rng, const record_texts& t, std::int64_t anchor) {
    const std::string assignee = rng.pick(managers);
    const std::size_t roll = rng.below(100);
    // Open and coming (40%), open and overdue (20%), done (30%), cancelled (10%).
    const bool overdue = roll >= 40 && roll < 60, done = roll >= 60 && roll < 90, cancelled = roll >= 90;
    std::int64_t due = overdue || done || cancelled ? anchor - rng.between(1, 20) * day_ms : anchor + rng.between(1, 14) * day_ms;
    due = due / day_ms * day_ms + rng.between(9, 18) * hour_ms;  // a working hour (UTC)
    const std::int64_t created = std::min(due, anchor) - rng.between(2, 10) * day_ms - rng.between(0, 8) * hour_ms;

    const std::size_t kind = rng.below(100);
    const char* type = kind < 45 ? "call" : kind < 65 ? "meeting" : kind < 85 ? "task" : "email";
    const auto& titles = kind < 45 ? t.call_tasks : kind < 65 ? t.meetings : kind < 85 ? t.tasks : t.emails;
    json p = {{"title", rng.pick(titles)}, {"type", type}, {"assignee", assignee}};
    if (std::string(type) == "task" && rng.percent(40)) {
        // An all-day task: a date, no time.
        const std::int64_t days = due / day_ms;
        const std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
        const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (mo <= 2);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(mo), static_cast<int>(d));
        p["due_date"] = buf;
    } else {
        p["due_at"] = due;
        p["due_tz"] = m.c.time_zone.empty() ? "Europe/Moscow" : m.c.time_zone;
        if (rng.percent(50)) p["reminders"] = rng.percent(50) ? json{15} : json{60, 1440};
    }
    if (std::string(type) == "meeting") {
        if (rng.percent(50)) p["place"] = rng.pick(t.places);
        else p["link"] = "https://meet.example.com/" + rng.digits(3) + "-" + rng.digits(4);
    }
    if (rng.percent(30)) p["description"] = rng.pick(t.call_notes);
    const std::string creator = rng.percent(70) ? assignee : std::string(rng.pick(managers));
    const std::size_t id = m.add("task.create", std::nullopt, std::move(p), creator, created);
    if (done) {
        const std::int64_t at = std::min(anchor, due + rng.between(0, 3) * hour_ms);
        m.add("task.complete", id, {{"status", "done"}, {"result", rng.pick(t.results)}}, assignee, at);
    } else if (cancelled) {
        m.add("task.complete", id, {{"status", "cancelled"}, {"result", rng.pick(t.cancel_results)}}, assignee,
              std::min(anchor, due - hour_ms));
    }
}

void add_call(op_maker& m, random& rng, const record_texts& t, std::int64_t anchor) {
    const phone& number = m.c.phones[rng.below(m.c.phones.size())];
    const std::string manager = rng.pick(managers);
    const std::int64_t started = anchor - rng.between(1, 60) * day_ms - rng.between(0, 9) * hour_ms;
    json p = {{"direction", rng.percent(60) ? "outgoing" : "incoming"},
              {"phone", number.e164.empty() ? number.raw : format_phone(number.e164)},
              {"manager", manager},
              {"started_at", started}};
    if (rng.percent(75)) {
        p["took_place"] = true;
        p["duration_s"] = rng.between(20, 1200);
        if (rng.percent(50)) p["note"] = rng.pick(t.call_notes);
    } else {
        // Did not take place, and why (GetCourse's "Состоялся" and its reason).
        static const char* const reasons[] = {"no_answer", "busy", "unreachable", "voicemail", "call_back_later", "other"};
        const std::string reason = rng.pick(reasons);
        p["took_place"] = false;
        p["duration_s"] = 0;
        p["reason"] = reason;
        if (reason == "other") p["reason_text"] = speaks_russian(m.c) ? "Ответила секретарь" : "The assistant answered";
    }
    // Logged by the manager a few minutes after hanging up.
    m.add("call.create", std::nullopt, std::move(p), manager, std::min(anchor, started + rng.between(2, 30) * minute_ms));
}

void add_comment(op_maker& m, random& rng, const record_texts& t, std::int64_t anchor) {
    const std::string text = rng.percent(35) ? rng.pick(t.linked_comments) : rng.pick(t.comments);
    m.add("comment.create", std::nullopt, {{"text", text}}, rng.pick(managers), anchor - rng.between(1, 90) * day_ms - rng.between(0, 23) * hour_ms);
}

}  // namespace

// [SECTION] make_demo_record_ops ----------------------------------------------------------------------

std::vector<op> make_demo_record_ops(const std::vector<client>& clients, unsigned percent, std::int64_t anchor_ms,
                                     std::int64_t first_seq, std::uint64_t seed) {
    std::vector<op> out;
    std::int64_t seq = first_seq - 1;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const client& c = clients[i];
        random rng(demo::mix_seed(seed ^ 0x5265636F72647321ull, i));  // "Records!": a stream of its own
        // Spammers get no follow-up; the first client always has records, so a small demo has some.
        if (c.spammer || (i > 0 && !rng.percent(percent)) || percent == 0) continue;
        const record_texts& t = speaks_russian(c) ? russian() : english();
        op_maker m{c, {}};
        const std::size_t tasks = 1 + rng.below(3), calls = c.phones.empty() ? 0 : rng.below(4), comments = rng.below(4);
        for (std::size_t k = 0; k < tasks; ++k) add_task(m, rng, t, anchor_ms);
        for (std::size_t k = 0; k < calls; ++k) add_call(m, rng, t, anchor_ms);
        for (std::size_t k = 0; k < comments; ++k) add_comment(m, rng, t, anchor_ms);
        m.flush(seq, out);
    }
    return out;
}

}  // namespace cc
