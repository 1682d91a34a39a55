// The search index against a plain scan: on random clients (Cyrillic and Latin names, ё, phones,
// emails, tags, companies, records with searched fields) and random queries (every prefix of a
// typed word, phone fragments in many formats, several words), after random edits and deletes,
// `search` must return exactly what checking every client one by one returns, in the same order.
// The seed is printed; CC_SEARCH_SEED=<seed> replays a failure (the first mismatch stops the test).
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/phone.hpp"
#include "core/search.hpp"
#include "core/text.hpp"

using namespace cc;

namespace {

// [SECTION] the reference: the linear search the card had before the index --------------------

bool ref_phone_like(const std::string& q) {
    int digits = 0;
    for (unsigned char c : q) {
        if (std::isdigit(c)) ++digits;
        else if (!(c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' || c == '.')) return false;
    }
    return digits >= 3;
}

std::vector<std::string> ref_words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

std::vector<std::uint32_t> reference(const search_index& ix, const std::string& query) {
    const std::string q = trim(query);
    if (q.empty()) return ix.by_name;
    std::vector<std::uint32_t> out;
    if (ref_phone_like(q)) {
        const std::string digits = phone_query_digits(q);
        if (digits.empty()) return ix.by_name;
        for (auto i : ix.by_name)
            if (ix.entries[i].digits.find(digits) != std::string::npos) out.push_back(i);
        return out;
    }
    const auto ws = ref_words(fold(q));
    for (auto i : ix.by_name) {
        const auto& e = ix.entries[i];
        bool all = true;
        for (const auto& w : ws) {
            const bool digits = w.size() >= 3 && std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
            if (e.text.find(w) == std::string::npos && !(digits && e.digits.find(w) != std::string::npos)) {
                all = false;
                break;
            }
        }
        if (all) out.push_back(i);
    }
    return out;
}

// [SECTION] random clients --------------------------------------------------------------------

struct gen {
    std::mt19937_64 rng;
    explicit gen(std::uint64_t seed) : rng(seed) {}
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
    bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

    std::string digits(std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + below(10));
        return s;
    }
};

const std::vector<std::string> first_names = {"Пётр", "Петр", "Анна", "Алёна", "Фёдор", "Ёлка", "Иван", "Ольга",
                                              "John", "Mary", "Олег", "Zoë", "ANNA", "Юлия", "Seo-yeon", "Ян"};
const std::vector<std::string> last_names = {"Петрова", "Петров", "Smith", "Сёмин", "Семин", "O'Neil", "Ким",
                                             "Jones", "Щукина", "Müller", "Ли", "Оптовиков", "Иванов-Петров"};
const std::vector<std::string> domains = {"gmail.com", "mail.ru", "yandex.ru", "ya.ru", "outlook.com", "почта.рф",
                                          "co.uk", "mail.gmail.com", "a.b.c", "ru"};
// Local parts of addresses: '@' and '.' split a token into parts that the index keeps as tokens
// too, so dots anywhere (leading, doubled, trailing) and parts equal to other words matter.
const std::vector<std::string> locals = {"ivan", "Mary.Smith", "petrov_ivan", ".hidden", "a..b", "trail.", "gmail",
                                         "john.smith.jr", "ёжик.петров", "x"};
const std::vector<std::string> tag_pool = {"vip", "оптовик", "lead", "горячий", "repeat-buyer", "Ёж", "a", "ab",
                                           "v.i.p", "@home", "com", "mail.ru"};
const std::vector<std::string> companies = {"ООО «Ромашка»", "Acme, Inc.", "ИП Петров", "Gmail Fans", "", "Smith & Sons",
                                            "J. Smith@Co", "ya.ru"};
const std::vector<std::string> countries = {"+7", "+1", "+44", "+49", "+375", "+380"};
const std::vector<std::string> task_titles = {"Позвонить", "Send the invoice", "Перезвонить Петровой", "ёмкость",
                                              "call back 8 912"};

std::string make_e164(gen& g) {
    const std::string& cc = g.pick(countries);
    if (cc == "+7") return cc + (g.chance(70) ? "9" : "4") + g.digits(9);
    if (cc == "+1") return cc + "2" + g.digits(9);
    if (cc == "+375") return cc + "29" + g.digits(7);
    return cc + "7" + g.digits(g.chance(50) ? 9 : 8);
}

client make_client(gen& g, const std::string& id) {
    client c;
    c.id = id;
    c.name = g.pick(last_names) + (g.chance(80) ? " " + g.pick(first_names) : "");
    if (g.chance(10)) c.name = g.pick(first_names);
    if (g.chance(20)) c.nickname = g.pick(first_names) + g.digits(g.below(3));
    const std::size_t emails = g.below(3);
    for (std::size_t i = 0; i < emails; ++i) {
        std::string local = g.pick(locals);
        local += g.digits(g.below(4));
        std::string address = local + "@" + g.pick(domains);
        if (g.chance(5)) address = g.pick(locals) + "@";  // not an address, kept as typed
        if (g.chance(5)) address = "@" + g.pick(domains);
        c.emails.push_back({id + "-e" + std::to_string(i), address});
    }
    const std::size_t tags = g.below(3);
    for (std::size_t i = 0; i < tags; ++i) c.tags.push_back(g.pick(tag_pool));
    c.company = g.pick(companies);
    const std::size_t phones = g.below(3);
    for (std::size_t i = 0; i < phones; ++i) {
        phone p;
        p.id = id + "-p" + std::to_string(i);
        p.e164 = make_e164(g);
        p.raw = p.e164;
        c.phones.push_back(p);
    }
    c.deleted = g.chance(5);
    return c;
}

std::vector<record> make_records(gen& g, const client& c) {
    std::vector<record> out;
    const std::size_t n = g.below(4);
    for (std::size_t i = 0; i < n; ++i) {
        record r;
        r.client_id = c.id;
        r.id = c.id + "-r" + std::to_string(i);
        switch (g.below(3)) {
            case 0:
                r.kind = "task";
                r.fields["title"] = g.pick(task_titles);
                break;
            case 1:
                r.kind = "call";
                r.fields["phone"] = make_e164(g);
                break;
            default:
                r.kind = "comment";
                r.fields["text"] = "Говорил с " + g.pick(first_names) + ", ждёт счёт; email " + "x" + g.digits(2) + "@" + g.pick(domains);
        }
        r.deleted = g.chance(10);
        out.push_back(std::move(r));
    }
    return out;
}

// [SECTION] random queries --------------------------------------------------------------------

// Prefixes at character boundaries, as a manager types them.
std::vector<std::string> prefixes(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i <= s.size(); ++i) {
        if (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        out.push_back(s.substr(0, i));
    }
    return out;
}

// A piece of `s` cut at character boundaries.
std::string piece(gen& g, const std::string& s) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) at.push_back(i);
    if (at.size() < 2) return s;
    std::size_t a = g.below(at.size() - 1), b = a + 1 + g.below(at.size() - 1 - a);
    return s.substr(at[a], at[b] - at[a]);
}

// A phone number as someone might type (part of) it.
std::string phone_typed(gen& g, const std::string& e164) {
    std::string national = national_number(e164);
    std::string body = national.substr(0, 1 + g.below(national.size()));
    switch (g.below(6)) {
        case 0: return body;
        case 1: return "8 " + body;
        case 2: return "+7 (" + body.substr(0, 3) + ") " + body.substr(std::min<std::size_t>(3, body.size()));
        case 3: {
            std::string out;
            for (std::size_t i = 0; i < body.size(); ++i) out += (i && i % 3 == 0 ? "-" : "") + body.substr(i, 1);
            return out;
        }
        case 4: return e164.substr(0, 2 + g.below(e164.size() - 1));
        default: return body.substr(g.below(body.size()));
    }
}

std::string random_query(gen& g, const std::vector<client>& clients, const std::vector<std::vector<record>>& recs) {
    const std::size_t k = g.below(clients.size());
    const client& c = clients[k];
    switch (g.below(9)) {
        case 0: return piece(g, c.name);
        case 1: {
            if (c.emails.empty()) return g.chance(50) ? "gmail" : "mail.r";
            const std::string& address = c.emails[g.below(c.emails.size())].address;
            // A piece around the '@' or a '.', or anywhere; sometimes with another word.
            const auto at = address.find_first_of(g.chance(50) ? "@" : ".");
            std::string q = piece(g, address);
            if (at != std::string::npos && g.chance(50))
                q = address.substr(at - std::min<std::size_t>(at, g.below(5)), 1 + g.below(7));
            if (g.chance(20)) q += " " + piece(g, c.name);
            return q;
        }
        case 2: return c.phones.empty() ? "912" : phone_typed(g, c.phones[0].e164);
        case 3: return c.tags.empty() ? "вип" : c.tags[0];
        case 4: return piece(g, c.company.empty() ? "ромашка" : c.company);
        case 5: return piece(g, c.name) + (g.chance(50) ? " " : ", ") + piece(g, g.pick(first_names));
        case 6: {
            for (const auto& r : recs[k])
                if (r.kind == "call") return phone_typed(g, r.fields["phone"].get<std::string>());
                else if (r.kind == "task") return piece(g, r.fields["title"].get<std::string>());
            return "ждёт";
        }
        case 7: return g.digits(1 + g.below(5));
        default: {
            // Odd input: spaces, upper case, ё, a word that is in no text.
            const std::vector<std::string> odd = {"  ", "ЁЛКА", "ё", "е", "x y z", ",", "+7 ", "8", "(912)", "@",
                                                  "а б", "-", "q\nw", "zzzz", "gmail.com mail", "ООО", ".", "..",
                                                  "@.", ".ru", "@mail", "ru.", "a@b", "x@", "@gmail.com", "com",
                                                  "i.p", "v.i.p", ".hid", "b@ya", "mail.gmail.com", "jr@"};
            return g.pick(odd);
        }
    }
}

std::uint64_t seed_from_env() {
    if (const char* s = std::getenv("CC_SEARCH_SEED")) return std::strtoull(s, nullptr, 10);
    return std::random_device{}();
}

std::vector<const record*> pointers(const std::vector<record>& rs) {
    std::vector<const record*> out;
    for (const auto& r : rs) out.push_back(&r);
    return out;
}

}  // namespace

TEST_CASE("the index finds exactly what checking every client finds, in name order, through edits") {
    const std::uint64_t seed = seed_from_env();
    std::printf("search property test: CC_SEARCH_SEED=%llu\n", static_cast<unsigned long long>(seed));
    INFO("CC_SEARCH_SEED=" << seed);
    gen g(seed);

    for (int round = 0; round < 4; ++round) {
        const std::size_t n = 50 + g.below(400);
        std::vector<client> clients;
        std::vector<std::vector<record>> recs;
        search_index ix;
        for (std::size_t i = 0; i < n; ++i) {
            clients.push_back(make_client(g, "c" + std::to_string(i)));
            recs.push_back(make_records(g, clients.back()));
            index_put(ix, clients.back(), pointers(recs.back()));
        }
        index_sort(ix);
        // Half the rounds start as a load does: the entries at once (in the file's name order,
        // or shuffled), their tokens added a few at a time while the queries and edits go on.
        const bool loaded = g.chance(50);
        if (loaded) {
            std::vector<search_entry> entries;
            for (auto i : index_file_order(ix)) entries.push_back(ix.entries[i]);
            if (g.chance(30)) std::shuffle(entries.begin(), entries.end(), std::mt19937_64(g.below(1000)));
            index_load(ix, std::move(entries));
            REQUIRE(ix.tokenized == 0);
            std::vector<std::uint32_t> sorted = ix.by_name;
            index_sort(ix);
            REQUIRE(sorted == ix.by_name);
        }

        std::string query;
        std::vector<std::uint32_t> results = search(ix, query);
        auto check = [&](const std::string& q) {
            INFO("query: \"" << q << "\"");
            const auto want = reference(ix, q);
            REQUIRE(search(ix, q) == want);
            REQUIRE(search_within(ix, q, ix.by_name) == want);
        };
        for (int step = 0; step < 300; ++step) {
            // Type a query key by key, as the app does (narrowing when it can).
            const std::string typed = random_query(g, clients, recs);
            for (const auto& q : prefixes(typed)) {
                check(q);
                if (narrows(query, q)) {
                    INFO("narrowing \"" << query << "\" to \"" << q << "\"");
                    REQUIRE(search_within(ix, q, results) == reference(ix, q));
                }
                results = search(ix, q);
                query = q;
            }
            // An edit, a delete, new records or a new client; the index follows.
            const std::size_t k = g.below(clients.size() + 1);
            if (k == clients.size()) {
                clients.push_back(make_client(g, "c" + std::to_string(k)));
                recs.push_back(make_records(g, clients.back()));
            } else if (g.chance(50)) {
                client fresh = make_client(g, clients[k].id);
                if (g.chance(50)) fresh.name = clients[k].name;  // a change elsewhere
                clients[k] = fresh;
            } else {
                recs[k] = make_records(g, clients[k]);
            }
            index_put(ix, clients[k], pointers(recs[k]));
            if (loaded && g.chance(30)) index_tokenize(ix, 1 + g.below(40));
            if (g.chance(80)) {
                index_reposition(ix, clients[k].id, query, results);
                INFO("after an edit of " << clients[k].id << ", query \"" << query << "\"");
                REQUIRE(results == reference(ix, query));
            } else {
                index_sort(ix);
                results = search(ix, query);
            }
            std::vector<std::uint32_t> sorted = ix.by_name;
            index_sort(ix);
            REQUIRE(sorted == ix.by_name);
        }
    }
}

TEST_CASE("a loaded index answers before and after its tokens are added, and keeps edits made meanwhile") {
    std::vector<search_entry> file = {
        {"a", "петрова анна", "петрова анна\nanna@mail.ru", "9123456789", false},
        {"b", "ким ян", "ким ян\nвип", "", false},
        {"c", "гone", "гone", "", true},
    };
    search_index ix;
    index_load(ix, file);  // out of name order: sorted at load
    REQUIRE(ix.by_name.size() == 2);
    CHECK(ix.entries[ix.by_name[0]].id == "b");  // "ким" < "петрова"
    CHECK_FALSE(index_tokenized(ix));
    CHECK(search(ix, "Анна").size() == 1);
    CHECK(search(ix, "8 912 345").size() == 1);
    CHECK(search(ix, "вип").size() == 1);
    CHECK(search(ix, "one").empty());
    // Edited before its tokens: found by the new words only, before and after index_tokenize.
    index_put(ix, search_entry{"b", "ким ян", "ким ян\nопт", "", false});
    CHECK(search(ix, "вип").empty());
    CHECK(search(ix, "опт").size() == 1);
    CHECK_FALSE(index_tokenize(ix, 1));
    CHECK(index_tokenize(ix, 10));
    CHECK(search(ix, "вип").empty());
    CHECK(search(ix, "опт").size() == 1);
    CHECK(search(ix, "а").size() == 1);
    // A new client after a load waits its turn behind the others, and is found meanwhile.
    index_load(ix, file);
    index_put(ix, search_entry{"d", "дьяк", "дьяк\nопт", "", false});
    index_sort(ix);
    CHECK(ix.tokenized == 0);
    CHECK(search(ix, "опт").size() == 1);
    CHECK(search(ix, "вип").size() == 1);
}

TEST_CASE("entries from ready keys (the store's index file) are found like clients") {
    search_index ix;
    index_put(ix, search_entry{"a", "петрова анна", "петрова анна\nanna@mail.ru", "9123456789", false});
    index_put(ix, search_entry{"b", "ким ян", "ким ян\nвип", "", false});
    index_put(ix, search_entry{"c", "гone", "гone", "", true});
    index_sort(ix);
    CHECK(search(ix, "Анна").size() == 1);
    CHECK(search(ix, "8 912 345").size() == 1);
    CHECK(search(ix, "ян").size() == 1);
    CHECK(search(ix, "one").empty());  // deleted
    CHECK(search(ix, "").size() == 2);
    // Refreshed: the old words no longer find it, the new ones do.
    index_put(ix, search_entry{"b", "ким ян", "ким ян\nопт", "", false});
    index_sort(ix);
    CHECK(search(ix, "вип").empty());
    CHECK(search(ix, "опт").size() == 1);
    CHECK(index_bytes(ix) > 0);
}

TEST_CASE("typing on narrows only when every new match was a match before") {
    CHECK(narrows("john", "john s"));
    CHECK(narrows("gmai", "gmail"));
    CHECK(narrows("8 912", "8 912 3"));
    // Three digits are looked up in the phone digits too: "john 912" finds a phone holding 912
    // that "john 91" (text only) did not.
    CHECK_FALSE(narrows("john 91", "john 912"));
    CHECK(narrows("john 912", "john 9123"));
    // Half a character is no prefix: fold turns it into U+FFFD, which matches nothing.
    CHECK_FALSE(narrows("\xD0", "\xD0\xB0"));
}
