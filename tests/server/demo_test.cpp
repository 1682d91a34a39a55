// demo_test.cpp — the demo-data generator: deterministic, valid by the core's own checks,
// varied where the card needs variety, and with the deliberate duplicates the merge feature needs.
#include <algorithm>
#include <map>
#include <set>

#include <doctest/doctest.h>

#include "core/codec.hpp"
#include "core/phone.hpp"
#include "core/record_apply.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "demo_data.hpp"
#include "demo_pools.hpp"

namespace {

std::string dump(const cc::client& c) {
    cc::json j = c;
    return j.dump();
}

bool has_cyrillic(const std::string& s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b == 0xD0 || b == 0xD1) return true;
    }
    return false;
}

const std::vector<cc::client>& demo_2000() {
    static const std::vector<cc::client> clients = cc::make_demo_clients(2000);
    return clients;
}

}  // namespace

TEST_CASE("demo data is deterministic and a smaller set is a prefix of a larger one") {
    auto a = cc::make_demo_clients(300);
    auto b = cc::make_demo_clients(300);
    const auto& big = demo_2000();
    REQUIRE(a.size() == 300);
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(dump(a[i]) == dump(b[i]));
        CHECK(dump(a[i]) == dump(big[i]));
    }
    auto other_seed = cc::make_demo_clients(20, 12345);
    CHECK(dump(other_seed[0]) != dump(a[0]));
    CHECK(cc::make_demo_clients(0).empty());
    CHECK(cc::demo_client_id(0) == "c-000001");
    CHECK(cc::demo_client_id(1999) == "c-002000");
}

TEST_CASE("every demo client passes the core's validation") {
    std::set<std::string> ids;
    for (const cc::client& c : demo_2000()) {
        INFO(c.id << " " << c.name);
        CHECK(ids.insert(c.id).second);
        CHECK_FALSE(cc::check_name(c.name));
        CHECK_FALSE(cc::check_text("nickname", c.nickname));
        CHECK_FALSE(cc::check_text("note", c.note));
        CHECK_FALSE(cc::check_text("company", c.company));
        CHECK_FALSE(cc::check_time_zone(c.time_zone));
        CHECK_FALSE(cc::check_language(c.language));
        for (const auto& p : c.phones) {
            INFO(p.raw);
            CHECK_FALSE(cc::check_phone(p.raw));
            CHECK_FALSE(p.e164.empty());  // normalize_phone understood every written form
        }
        std::set<std::string> element_ids;
        for (const auto& e : c.emails) {
            CHECK_FALSE(cc::check_email(e.address));
            CHECK(element_ids.insert(e.id).second);
        }
        for (const auto& s : c.sites) CHECK_FALSE(cc::check_url("sites", s.url));
        for (const auto& s : c.socials) CHECK_FALSE(cc::check_url("socials", s.url));
        for (const auto& t : c.tags) CHECK_FALSE(cc::check_tag(t));
        bool vip_tag = std::find(c.tags.begin(), c.tags.end(), "vip") != c.tags.end();
        CHECK(vip_tag == c.vip);
        if (c.city.empty()) CHECK(c.addresses.empty());
        for (const auto& a : c.addresses) CHECK_FALSE(cc::check_text("addresses", a.text));
        for (const auto& [k, v] : c.custom) {
            CHECK_FALSE(cc::check_text("custom_key", k));
            CHECK_FALSE(cc::check_text("custom_value", v));
        }
        CHECK(c.created_at >= 1'640'995'200'000);  // 2022-01-01
        CHECK(c.updated_at >= c.created_at);
        // Round-trips through the wire format unchanged.
        cc::json j = c;
        cc::client back = j.get<cc::client>();
        CHECK(dump(back) == j.dump());
    }
}

TEST_CASE("places agree with each other: country, city and time zone") {
    std::map<std::string, std::set<std::string>> zones_by_country;
    for (const auto& r : cc::demo::regions())
        for (const auto& city : r.cities) zones_by_country[r.country].insert(city.time_zone);
    std::map<std::string, std::string> zone_of_city;
    for (const auto& r : cc::demo::regions())
        for (const auto& city : r.cities) zone_of_city[r.country + "/" + city.name] = city.time_zone;

    for (const cc::client& c : demo_2000()) {
        INFO(c.id << " " << c.country << " " << c.city << " " << c.time_zone);
        if (c.country.empty()) {
            CHECK(c.city.empty());
            CHECK(c.time_zone.empty());
            continue;
        }
        REQUIRE(zones_by_country.count(c.country));
        CHECK(zones_by_country[c.country].count(c.time_zone));
        if (!c.city.empty()) CHECK(zone_of_city[c.country + "/" + c.city] == c.time_zone);
        // A Russian client's mobile number is Russian (or Kazakh: +7 is shared).
        if (c.country == "Россия" && !c.phones.empty()) CHECK(c.phones[0].e164.rfind("+7", 0) == 0);
        if (c.country == "United Kingdom" && !c.phones.empty()) CHECK(c.phones[0].e164.rfind("+44", 0) == 0);
    }
}

TEST_CASE("Slavic surnames agree with gender") {
    using cc::demo::feminine_surname;
    CHECK(feminine_surname("Петров") == "Петрова");
    CHECK(feminine_surname("Соловьёв") == "Соловьёва");
    CHECK(feminine_surname("Ильин") == "Ильина");
    CHECK(feminine_surname("Ковалевский") == "Ковалевская");
    CHECK(feminine_surname("Толстой") == "Толстая");
    CHECK(feminine_surname("Вишневський") == "Вишневська");
    CHECK(feminine_surname("Шевченко") == "Шевченко");
    CHECK(feminine_surname("Ким") == "Ким");
    CHECK(feminine_surname("petrov") == "petrova");
    CHECK(feminine_surname("kovalevsky") == "kovalevskaya");
    CHECK(feminine_surname("vyshnevskyi") == "vyshnevska");

    // In the data: no woman is called "Анна Петров".
    std::size_t checked = 0;
    for (const cc::client& c : demo_2000()) {
        if (c.gender != cc::gender::female || !has_cyrillic(c.name)) continue;
        for (const char* male_form : {"ов ", "ев ", "ин "}) {
            std::string name = c.name + " ";
            CHECK_MESSAGE(name.find(male_form) == std::string::npos, c.name);
        }
        ++checked;
    }
    CHECK(checked > 300);
}

TEST_CASE("the demo set has the variety the card must handle") {
    std::size_t cyrillic = 0, latin = 0, unknown_gender = 0, by_hand = 0, detected = 0, spammers = 0,
                vips = 0, notes = 0, archived = 0, extensions = 0, no_phone = 0, three_emails = 0;
    std::set<std::string> phone_types, channel_kinds, networks, address_types, tags, custom_keys, languages;
    std::set<std::string> ru_shapes;  // how Russian numbers are written, digits replaced by 9
    for (const cc::client& c : demo_2000()) {
        (has_cyrillic(c.name) ? cyrillic : latin)++;
        if (c.gender == cc::gender::unknown) ++unknown_gender;
        else if (c.gender_set_by_hand) ++by_hand;
        else ++detected;
        spammers += c.spammer;
        vips += c.vip;
        notes += !c.note.empty();
        if (c.phones.empty()) ++no_phone;
        if (c.emails.size() == 3) ++three_emails;
        for (const auto& p : c.phones) {
            phone_types.insert(cc::to_string(p.type));
            extensions += !p.extension.empty();
            if (p.e164.rfind("+7", 0) == 0) {
                std::string shape = p.raw;
                for (char& ch : shape)
                    if (ch >= '0' && ch <= '9') ch = '9';
                ru_shapes.insert(shape);
            }
        }
        for (const auto& ch : c.channels) {
            channel_kinds.insert(ch.kind);
            archived += ch.archived;
        }
        for (const auto& s : c.socials) networks.insert(s.network);
        for (const auto& a : c.addresses) address_types.insert(cc::to_string(a.type));
        for (const auto& t : c.tags) tags.insert(t);
        for (const auto& kv : c.custom) custom_keys.insert(kv.first);
        languages.insert(c.language);
    }
    CHECK(cyrillic > 1000);
    CHECK(latin > 300);
    CHECK(unknown_gender > 100);
    CHECK(by_hand > 100);
    CHECK(detected > 1000);
    CHECK(spammers >= 10);
    CHECK(vips >= 40);
    CHECK(notes > 300);
    CHECK(archived > 20);
    CHECK(extensions > 10);
    CHECK(no_phone > 50);
    CHECK(three_emails > 50);
    CHECK(phone_types == std::set<std::string>{"mobile", "home", "work", "landline", "fax", "other"});
    CHECK(channel_kinds == std::set<std::string>{"telegram", "whatsapp", "viber", "vk", "instagram", "email", "sms"});
    CHECK(networks == std::set<std::string>{"vk", "facebook", "instagram", "linkedin"});
    CHECK(address_types.size() == 4);
    CHECK(tags.count("горячий"));
    CHECK(tags.count("vip"));
    CHECK(custom_keys.count("Источник"));
    CHECK(custom_keys.count("Дата регистрации"));
    CHECK(custom_keys.count("Player ID"));
    CHECK(languages.count("ru"));
    CHECK(languages.count("en"));
    CHECK(ru_shapes.count("+9 (999) 999-99-99"));
    CHECK(ru_shapes.count("9 999 999 99 99"));
    CHECK(ru_shapes.count("99999999999"));
    CHECK(ru_shapes.count("+99999999999"));
    CHECK(ru_shapes.size() >= 10);
}

TEST_CASE("about 2% of the demo clients are duplicates of an earlier one") {
    std::map<std::string, std::size_t> first_by_phone, first_by_email;
    std::size_t duplicates = 0, by_phone_format = 0, by_email_case = 0;
    const auto& all = demo_2000();
    for (std::size_t i = 0; i < all.size(); ++i) {
        bool dup = false;
        for (const auto& p : all[i].phones) {
            auto [it, fresh] = first_by_phone.emplace(p.e164, i);
            if (!fresh && it->second != i) {
                dup = true;
                if (all[it->second].phones.front().raw != p.raw) ++by_phone_format;
            }
        }
        for (const auto& e : all[i].emails) {
            auto [it, fresh] = first_by_email.emplace(cc::fold(e.address), i);
            if (!fresh && it->second != i) {
                dup = true;
                bool same_text = false;
                for (const auto& o : all[it->second].emails) same_text |= o.address == e.address;
                if (!same_text) ++by_email_case;
            }
        }
        duplicates += dup;
    }
    CHECK(duplicates >= 20);   // 1%
    CHECK(duplicates <= 80);   // 4%
    CHECK(by_phone_format >= 5);
    CHECK(by_email_case >= 5);
}

TEST_CASE("a large demo set finishes although the fictional number ranges run out") {
    // 100 US numbers per area code and 1000 per UK range: beyond that the generator must move on
    // to ordinary numbers instead of searching for a free fictional one forever.
    auto clients = cc::make_demo_clients(25000);
    REQUIRE(clients.size() == 25000);
    std::set<std::string> numbers;
    std::size_t shared = 0, us = 0;
    for (const auto& c : clients)
        for (const auto& p : c.phones) {
            CHECK_FALSE(p.e164.empty());
            us += p.e164.rfind("+1", 0) == 0;
            if (!numbers.insert(p.e164).second) ++shared;
        }
    CHECK(us > 1000);
    CHECK(shared < 25000 * 4 / 100);
}

// [records] ----------------------------------------------------------------------------------------------

TEST_CASE("demo records: every op passes the core's apply_record; sections have what the card shows") {
    const std::int64_t anchor = 1767225600000;  // 2026-01-01T00:00:00Z
    const auto& clients = demo_2000();
    const std::vector<cc::op> ops = cc::make_demo_record_ops(clients, 30, anchor, 2001);
    // Deterministic for the same anchor; a prefix of the clients gives a prefix of the ops.
    CHECK(ops.size() == cc::make_demo_record_ops(clients, 30, anchor, 2001).size());
    REQUIRE_FALSE(ops.empty());
    CHECK(ops.front().id == "import:2001");

    std::map<std::string, cc::record> made;
    std::set<std::string> with_records;
    std::int64_t seq = 2000;
    std::map<std::string, std::int64_t> last_at;  // a client's log reads in time order
    for (const cc::op& o : ops) {
        INFO(o.id << " " << o.kind << " " << o.payload.dump());
        CHECK(o.seq == ++seq);
        CHECK(o.at <= anchor);
        CHECK(o.at >= last_at[o.client_id]);
        last_at[o.client_id] = o.at;
        auto it = made.find(o.record_id);
        auto r = cc::apply_record(it == made.end() ? nullptr : &it->second, o);
        REQUIRE(std::holds_alternative<cc::record_applied>(r));
        made[o.record_id] = std::get<cc::record_applied>(r).after;
        with_records.insert(o.client_id);
    }
    // About 30% of the clients, the first one always, never a spammer.
    CHECK(with_records.count("c-000001") == 1);
    CHECK(with_records.size() > 450);
    CHECK(with_records.size() < 750);
    for (const cc::client& c : clients)
        if (c.spammer) CHECK(with_records.count(c.id) == 0);

    std::map<std::string, int> count;
    for (const auto& [id, rec] : made) {
        ++count[rec.kind];
        if (rec.kind == "task") {
            const std::string status = rec.text("status");
            ++count["task." + status];
            const bool overdue = status == "open" && rec.number("due_at", anchor + 1) < anchor;
            if (overdue) ++count["task.overdue"];
            if (status == "open" && !overdue) ++count["task.coming"];
            if (!rec.text("due_date").empty()) ++count["task.all_day"];
            if (rec.text("type") == "meeting") ++count["task.meeting"];
        } else if (rec.kind == "call") {
            if (!rec.flag("took_place")) ++count["call.missed"];
            if (rec.text("reason") == "other") ++count["call.other"];
        } else if (rec.kind == "comment") {
            if (rec.text("text").find("https://") != std::string::npos) ++count["comment.link"];
        }
    }
    MESSAGE("demo records for 2000 clients: " << made.size() << " (" << count["task"] << " tasks, " << count["call"]
                                              << " calls, " << count["comment"] << " comments)");
    for (const char* what : {"task", "call", "comment", "task.open", "task.done", "task.cancelled", "task.overdue",
                             "task.coming", "task.all_day", "task.meeting", "call.missed", "call.other", "comment.link"}) {
        INFO(what);
        CHECK(count[what] > 5);
    }
    CHECK(cc::make_demo_record_ops(clients, 0, anchor, 1).empty());
}
