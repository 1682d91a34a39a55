// demo_data.cpp — builds the demo clients from the pools in demo_pools.cpp.
//
// Index of this file
//   [SECTION] helpers: text, dates
//   [SECTION] one person: name, gender, place, work
//   [SECTION] contacts: phones, emails, sites, socials, channels, addresses
//   [SECTION] bookkeeping: external ids, tags, custom fields, times
//   [SECTION] duplicates
//   [SECTION] make_demo_clients
#include "demo_data.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "core/phone.hpp"
#include "demo_phones.hpp"
#include "demo_pools.hpp"
#include "demo_random.hpp"

namespace cc {
namespace {

using demo::random;

// [SECTION] helpers: text, dates ----------------------------------------------------------------

using demo::day_ms;
constexpr std::int64_t epoch_2022 = 1'640'995'200'000;  // 2022-01-01T00:00:00Z

// The first UTF-8 character of s ("П" of "Петров").
std::string first_char(const std::string& s) {
    if (s.empty()) return {};
    std::size_t n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    return s.substr(0, n);
}

// "ivan.petrov@mail.ru" -> "Ivan.Petrov@Mail.RU": the same mailbox, typed differently.
std::string recase_email(const std::string& address) {
    std::string out = address;
    bool word_start = true;
    bool in_domain = false;
    std::size_t last_dot = address.rfind('.');
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (c == '@') in_domain = true;
        if (c >= 'a' && c <= 'z' && (word_start || (in_domain && i > last_dot)))
            out[i] = static_cast<char>(c - 'a' + 'A');
        word_start = (c == '.' || c == '@' || c == '_');
    }
    return out;
}

// DD.MM.YYYY of a UTC time (H. Hinnant's civil_from_days).
std::string date_text(std::int64_t ms) {
    std::int64_t z = ms / day_ms + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t y = yoe + era * 400 + (m <= 2);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", static_cast<int>(d), static_cast<int>(m),
                  static_cast<int>(y));
    return buf;
}

const demo::region& pick_region(random& rng) {
    const auto& all = demo::regions();
    unsigned total = 0;
    for (const auto& r : all) total += r.weight;
    std::size_t roll = rng.below(total);
    for (const auto& r : all) {
        if (roll < r.weight) return r;
        roll -= r.weight;
    }
    return all.front();
}

// What the generator knows about a client beyond the record: duplicates need it.
struct made_phone { demo::phone_digits digits; std::size_t style = 0; std::string extension; };
struct made_client {
    client record;
    const demo::region* where = nullptr;
    std::vector<made_phone> phones;  // aligned with record.phones
};

// Emails and numbers already given to someone: two different people never share one, so the only
// duplicates in the data are the deliberate ones.
struct taken {
    std::unordered_set<std::string> emails;  // lower case
    std::unordered_set<std::string> numbers; // calling code + national digits
};

// [SECTION] one person: name, gender, place, work ------------------------------------------------

struct person {
    std::string first, last, first_ascii, last_ascii;
    bool female = false;
};

person make_person(random& rng, const demo::name_pool& pool) {
    person p;
    p.female = rng.percent(50);
    const auto& first = rng.pick(p.female ? pool.female : pool.male);
    const auto& last = rng.pick(pool.surnames);
    p.first = first.text;
    p.first_ascii = first.ascii;
    p.last = last.text;
    p.last_ascii = last.ascii;
    if (p.female && pool.slavic) {
        p.last = demo::feminine_surname(last.text);
        p.last_ascii = demo::feminine_surname(last.ascii);
    }
    return p;
}

std::string full_name(random& rng, const person& p, const demo::name_pool& pool) {
    std::size_t roll = rng.below(100);
    if (roll < 76) return p.first + " " + p.last;
    if (roll < 86) return p.first;                                  // as a messenger gives it
    if (roll < 91) return p.last + " " + p.first;                   // formal order
    if (roll < 95 && !pool.male_patronyms.empty()) {
        const auto& list = p.female ? pool.female_patronyms : pool.male_patronyms;
        return p.last + " " + p.first + " " + rng.pick(list).text;  // "Петрова Анна Сергеевна"
    }
    return p.first + " " + first_char(p.last) + ".";                // "Анна П."
}

std::string make_nickname(random& rng, const person& p) {
    switch (rng.below(5)) {
        case 0: return p.first_ascii + "_" + p.last_ascii.substr(0, 1);
        case 1: return p.last_ascii + rng.digits(2);
        case 2: return p.first_ascii + "." + p.last_ascii;
        case 3: return p.first_ascii + std::to_string(rng.between(1975, 2005));
        default: return p.first_ascii.substr(0, 1) + p.last_ascii;
    }
}

std::string pick_language(random& rng, const demo::region& r) {
    if (rng.percent(5)) return "";
    if (r.languages.size() > 1 && rng.percent(20)) return r.languages[1 + rng.below(r.languages.size() - 1)];
    return r.languages.front();
}

// [SECTION] contacts: phones, emails, sites, socials, channels, addresses -------------------------

void add_phone(made_client& m, random& rng, const demo::phone_digits& digits, phone_type type,
               std::string extension) {
    made_phone made{digits, rng.below(demo::style_count(digits)), std::move(extension)};
    phone p;
    p.id = "p" + std::to_string(m.record.phones.size() + 1);
    p.type = type;
    p.raw = demo::write_phone(digits, made.style, made.extension, m.where->style);
    if (auto n = normalize_phone(p.raw, m.where->iso)) {
        p.e164 = n->e164;
        p.extension = n->extension;
    } else {
        p.extension = made.extension;  // e164 stays empty: the card shows the raw text
    }
    m.record.phones.push_back(std::move(p));
    m.phones.push_back(std::move(made));
}

void add_phones(made_client& m, random& rng, const demo::city& town, taken& used) {
    const demo::region& r = *m.where;
    std::size_t roll = rng.below(100);
    std::size_t count = roll < 10 ? 0 : roll < 70 ? 1 : roll < 92 ? 2 : 3;
    // A number nobody has yet. The fictional ranges are small (100 numbers per US area code,
    // 1000 per UK range); once a range is crowded, any local number of the area will do.
    auto fresh = [&](const demo::number_plan& plan) {
        demo::number_plan open_plan{plan.area, "", plan.local_length};
        for (int attempt = 0;; ++attempt) {
            auto digits = demo::make_number(rng, r.calling_code, attempt < 8 ? plan : open_plan);
            if (used.numbers.insert(digits.calling_code + digits.area + digits.local).second) return digits;
        }
    };
    auto mobile = [&] { return fresh(r.mobiles.empty() ? town.landline : rng.pick(r.mobiles)); };
    for (std::size_t i = 0; i < count; ++i) {
        if (i == 0 || rng.percent(40)) {
            add_phone(m, rng, mobile(), rng.percent(92) ? phone_type::mobile : phone_type::other, "");
            continue;
        }
        auto digits = fresh(town.landline);
        std::size_t kind = rng.below(100);
        phone_type type = kind < 35 ? phone_type::landline : kind < 70 ? phone_type::work
                        : kind < 90 ? phone_type::home : phone_type::fax;
        std::string ext = (type == phone_type::work && rng.percent(45)) ? rng.digits(2 + rng.below(2)) : "";
        if (!ext.empty() && ext[0] == '0') ext[0] = '1';
        add_phone(m, rng, digits, type, ext);
    }
}

// Adds `address`; when someone has it already, the person picked a variant with digits.
void add_email(client& c, random& rng, taken& used, std::string address) {
    while (!used.emails.insert(address).second) {
        auto at = address.find('@');
        address = address.substr(0, at) + rng.digits(1) + address.substr(at);
    }
    c.emails.push_back({"e" + std::to_string(c.emails.size() + 1), address});
}

void add_emails(client& c, random& rng, const person& p, const demo::region& r,
                const demo::company* work, taken& used) {
    auto add_email = [&](const std::string& address) { cc::add_email(c, rng, used, address); };
    std::size_t roll = rng.below(100);
    std::size_t count = roll < 15 ? 0 : roll < 70 ? 1 : roll < 92 ? 2 : 3;
    for (std::size_t i = 0; i < count; ++i) {
        std::string domain = rng.pick(r.email_domains);
        std::string tld = r.style == demo::text_style::russian ? ".ru"
                        : r.style == demo::text_style::german ? ".de" : ".com";
        switch (rng.below(i == 0 ? 5 : 6)) {
            case 0: add_email(p.first_ascii + "." + p.last_ascii + "@" + domain); break;
            case 1: add_email(p.first_ascii.substr(0, 1) + "." + p.last_ascii + "@" + domain); break;
            case 2: add_email(c.nickname.empty() ? p.last_ascii + "@" + domain : c.nickname + "@" + domain); break;
            case 3: add_email(p.first_ascii + rng.digits(2) + "@" + domain); break;
            case 4: add_email(p.last_ascii + "_" + p.first_ascii + "@" + domain); break;
            default:
                if (work) add_email(p.first_ascii + "." + p.last_ascii + "@" + work->slug + tld);
                else add_email(p.first_ascii + "@" + domain);
        }
    }
}

std::string handle_of(const client& c, const person& p) {
    return c.nickname.empty() ? p.first_ascii + "." + p.last_ascii : c.nickname;
}

void add_sites(client& c, random& rng, const person& p, const demo::region& r,
               const demo::company* work) {
    std::string tld = r.style == demo::text_style::russian ? ".ru"
                    : r.style == demo::text_style::german ? ".de" : ".com";
    if (work && rng.percent(30))
        c.sites.push_back({"s1", (rng.percent(90) ? "https://" : "http://") + work->slug + tld});
    if (rng.percent(8))
        c.sites.push_back({"s" + std::to_string(c.sites.size() + 1),
                           "https://" + p.first_ascii + p.last_ascii + tld + "/"});
}

void add_socials(client& c, random& rng, const person& p, const demo::region& r) {
    std::string h = handle_of(c, p);
    struct net { const char* name; const char* prefix; const char* suffix; unsigned ru, en; };
    static const net nets[] = {
        {"vk", "https://vk.com/", "", 35, 2},
        {"facebook", "https://www.facebook.com/", "", 10, 25},
        {"instagram", "https://www.instagram.com/", "/", 25, 25},
        {"linkedin", "https://www.linkedin.com/in/", "", 5, 25},
    };
    for (const auto& n : nets) {
        unsigned share = r.style == demo::text_style::russian ? n.ru : n.en;
        if (rng.percent(share))
            c.socials.push_back({"n" + std::to_string(c.socials.size() + 1), n.name,
                                 std::string(n.prefix) + h + n.suffix});
    }
}

void add_channels(client& c, random& rng, const person& p, const demo::region& r) {
    std::string mobile_digits;
    for (const auto& ph : c.phones)
        if (ph.type == phone_type::mobile && ph.e164.size() > 1) { mobile_digits = ph.e164.substr(1); break; }
    struct kind { const char* name; unsigned ru, en, de; };
    static const kind kinds[] = {
        {"telegram", 65, 20, 15}, {"whatsapp", 35, 40, 45}, {"viber", 10, 3, 3},
        {"vk", 25, 1, 1}, {"instagram", 15, 25, 10}, {"email", 20, 35, 40}, {"sms", 8, 20, 5},
    };
    for (const auto& k : kinds) {
        unsigned share = r.style == demo::text_style::russian ? k.ru
                       : r.style == demo::text_style::english ? k.en : k.de;
        if (!rng.percent(share)) continue;
        std::string kind_name = k.name;
        std::string external;
        if (kind_name == "telegram") external = std::to_string(rng.between(100'000'000, 6'999'999'999));
        else if (kind_name == "vk") external = std::to_string(rng.between(1'000'000, 799'999'999));
        else if (kind_name == "instagram") external = handle_of(c, p);
        else if (kind_name == "email") { if (!c.emails.empty()) external = c.emails.front().address; }
        else external = mobile_digits;  // whatsapp, viber, sms address a phone number
        if (external.empty()) continue;
        c.channels.push_back({"ch" + std::to_string(c.channels.size() + 1), kind_name, external,
                              rng.percent(10)});
    }
}

std::string address_text(random& rng, const demo::region& r, const demo::city& town,
                         address_type type) {
    const auto& streets = demo::texts(r.style).streets;
    std::string street = rng.pick(streets);
    std::string house = std::to_string(rng.between(1, 150));
    std::string unit = std::to_string(rng.between(1, 320));
    switch (r.style) {
        case demo::text_style::russian:
            if (type == address_type::work) return town.name + ", " + street + ", " + house + ", офис " + unit;
            if (type == address_type::postal)
                return town.postcode + ", " + r.country + ", г. " + town.name + ", " + street + ", д. " + house;
            if (type == address_type::other) return town.name + ", " + street + ", " + house + " (склад)";
            return "г. " + town.name + ", " + street + ", д. " + house + ", кв. " + unit;
        case demo::text_style::german:
            if (type == address_type::postal) return "Postfach " + unit + ", " + town.postcode + " " + town.name;
            return street + " " + house + ", " + town.postcode + " " + town.name;
        case demo::text_style::english:
            if (type == address_type::work) return house + " " + street + ", Suite " + unit + ", " + town.name + " " + town.postcode;
            if (type == address_type::postal) return "PO Box " + unit + ", " + town.name + " " + town.postcode;
            return house + " " + street + ", " + town.name + " " + town.postcode;
    }
    return town.name;
}

void add_addresses(client& c, random& rng, const demo::region& r, const demo::city& town) {
    std::size_t roll = rng.below(100);
    std::size_t count = roll < 55 ? 0 : roll < 90 ? 1 : 2;
    static const address_type types[] = {address_type::home, address_type::work, address_type::postal,
                                         address_type::other};
    for (std::size_t i = 0; i < count; ++i) {
        address_type type = i == 0 ? (rng.percent(60) ? address_type::home : address_type::work)
                                   : rng.pick(types);
        c.addresses.push_back({"a" + std::to_string(i + 1), type, address_text(rng, r, town, type)});
    }
}

// [SECTION] bookkeeping: external ids, tags, custom fields, times ---------------------------------

void add_external_ids(client& c, random& rng) {
    std::size_t roll = rng.below(100);
    std::size_t count = roll < 50 ? 0 : roll < 90 ? 1 : 2;
    const auto& systems = demo::external_systems();
    std::size_t first = rng.below(systems.size());
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& system = systems[(first + i) % systems.size()];
        std::string value;
        if (system == "leeloo") {
            static const char hex[] = "0123456789abcdef";
            for (int k = 0; k < 24; ++k) value += hex[rng.below(16)];
        } else if (system == "1c") {
            value = "ЦБ-" + rng.digits(6);
        } else {
            value = std::to_string(rng.between(100'000, 99'999'999));
        }
        c.external_ids.push_back({"x" + std::to_string(i + 1), system, value});
    }
}

void add_tags(client& c, random& rng) {
    if (c.vip) c.tags.push_back("vip");
    std::size_t count = rng.below(5);
    const auto& pool = demo::tag_pool();
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& t = rng.pick(pool);
        if (t == "vip" && !c.vip) continue;  // the tag goes with the flag
        if (std::find(c.tags.begin(), c.tags.end(), t) == c.tags.end()) c.tags.push_back(t);
    }
}

void add_custom(client& c, random& rng) {
    if (rng.percent(65)) c.custom["Источник"] = rng.pick(demo::lead_sources());
    if (rng.percent(55)) c.custom["Дата регистрации"] = date_text(c.created_at);
    if (rng.percent(12)) c.custom["Player ID"] = std::to_string(rng.between(10'000'000, 99'999'999));
    if (rng.percent(25)) c.custom["Тариф"] = rng.pick(demo::plans());
    static const char* const campaigns[] = {"spring_sale_2024", "webinar_march", "retarget_vk",
                                            "black_friday", "organic"};
    if (rng.percent(8)) c.custom["UTM campaign"] = rng.pick(campaigns);
    static const char* const promos[] = {"SALE20", "WELCOME", "ВЕСНА24", "FRIEND-10"};
    if (rng.percent(5)) c.custom["Промокод"] = rng.pick(promos);
}

void set_times(client& c, random& rng) {
    c.created_at = epoch_2022 + rng.between(0, 3 * 365 * day_ms - 1);
    c.updated_at = rng.percent(60) ? c.created_at : c.created_at + rng.between(60'000, 200 * day_ms);
}

// [SECTION] one client ---------------------------------------------------------------------------------

made_client make_one(random& rng, std::size_t index, taken& used) {
    made_client m;
    client& c = m.record;
    m.where = &pick_region(rng);
    const demo::region& r = *m.where;
    const demo::city& town = rng.pick(r.cities);
    const demo::text_pool& text = demo::texts(r.style);

    c.id = demo_client_id(index);
    person p = make_person(rng, *r.names);
    c.name = full_name(rng, p, *r.names);
    if (rng.percent(80)) c.nickname = make_nickname(rng, p);

    std::size_t g = rng.below(100);
    c.gender = g < 12 ? gender::unknown : (p.female ? gender::female : gender::male);
    c.gender_set_by_hand = g >= 12 && g < 27;  // the rest was detected from a messenger

    std::size_t place = rng.below(100);
    if (place < 92) { c.country = r.country; c.city = town.name; c.time_zone = town.time_zone; }
    else if (place < 96) { c.country = r.country; c.time_zone = town.time_zone; }
    // else: nothing known about where the client is
    c.language = pick_language(rng, r);

    const demo::company* work = rng.percent(55) ? &rng.pick(text.companies) : nullptr;
    if (work) c.company = work->name;
    if (rng.percent(work ? 70 : 10)) c.position = rng.pick(text.positions);

    c.spammer = rng.percent(2);
    c.vip = !c.spammer && rng.percent(5);
    if (c.spammer) c.note = rng.pick(text.spam_notes);
    else if (rng.percent(30)) c.note = rng.pick(text.notes);

    add_phones(m, rng, town, used);
    add_emails(c, rng, p, r, work, used);
    add_sites(c, rng, p, r, work);
    add_socials(c, rng, p, r);
    add_channels(c, rng, p, r);
    if (!c.city.empty()) add_addresses(c, rng, r, town);  // no address where the city is unknown
    add_external_ids(c, rng);
    set_times(c, rng);
    add_tags(c, rng);
    add_custom(c, rng);
    return m;
}

// [SECTION] duplicates -------------------------------------------------------------------------------
// The same person entered twice, the way it happens: a second messenger contact or an import
// with the phone typed another way, or the email in another case. Only the contact data and the
// name come along; notes, tags and history stay with the original.

made_client make_duplicate(random& rng, std::size_t index, const made_client& source) {
    made_client m;
    m.where = source.where;
    client& c = m.record;
    const client& s = source.record;
    c.id = demo_client_id(index);
    c.name = rng.percent(60) ? s.name : s.name.substr(0, s.name.find(' '));
    c.gender = s.gender;
    c.country = s.country;
    c.city = s.city;
    c.time_zone = s.time_zone;
    c.language = s.language;

    bool has_phone = !source.phones.empty();
    bool has_email = !s.emails.empty();
    std::size_t variant = has_phone && has_email ? rng.below(3) : has_phone ? 0 : 1;
    if (variant != 1 && has_phone) {
        made_phone first = source.phones.front();
        std::size_t styles = demo::style_count(first.digits);
        std::size_t style = styles > 1 ? (first.style + 1 + rng.below(styles - 1)) % styles : 0;
        phone p;
        p.id = "p1";
        p.type = s.phones.front().type;
        p.raw = demo::write_phone(first.digits, style, first.extension, m.where->style);
        if (auto n = normalize_phone(p.raw, m.where->iso)) { p.e164 = n->e164; p.extension = n->extension; }
        c.phones.push_back(std::move(p));
        first.style = style;
        m.phones.push_back(first);
    }
    if (variant != 0 && has_email) c.emails.push_back({"e1", recase_email(s.emails.front().address)});
    if (!s.channels.empty() && rng.percent(50)) {
        channel ch = s.channels.front();
        ch.id = "ch1";
        ch.archived = false;
        c.channels.push_back(ch);
    }
    c.tags.push_back("lead");
    c.created_at = s.created_at + rng.between(day_ms, 120 * day_ms);
    c.updated_at = c.created_at;
    return m;
}

}  // namespace

// [SECTION] make_demo_clients ----------------------------------------------------------------------

std::string demo_client_id(std::size_t index) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "c-%06zu", index + 1);
    return buf;
}

std::vector<client> make_demo_clients(std::size_t n, std::uint64_t seed) {
    std::vector<made_client> made;
    made.reserve(n);
    taken used;
    for (std::size_t i = 0; i < n; ++i) {
        random rng(demo::mix_seed(seed, i));
        // ~2% duplicates, never among the first few so small demos stay tidy.
        bool duplicate = i >= 20 && rng.below(1000) < 20;
        if (duplicate) {
            const made_client& source = made[rng.below(i)];
            if (!source.phones.empty() || !source.record.emails.empty()) {
                made.push_back(make_duplicate(rng, i, source));
                continue;
            }
        }
        made.push_back(make_one(rng, i, used));
    }
    std::vector<client> out;
    out.reserve(n);
    for (auto& m : made) out.push_back(std::move(m.record));
    return out;
}

}  // namespace cc
