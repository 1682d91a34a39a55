// search.cpp — a flat index scanned per keystroke. 100,000 clients are a few MB of folded text;
// a linear scan with std::string::find stays within a frame natively and in wasm (see npm run
// bench), and needs no rebuild when one client changes.
#include "search.hpp"

#include "schema/kind.hpp"

#include <algorithm>
#include <cctype>

#include "phone.hpp"
#include "text.hpp"

namespace cc {
namespace {

// A query that is only digits and phone punctuation is one phone number, spaces and all.
bool phone_like(std::string_view q) {
    int digits = 0;
    for (unsigned char c : q) {
        if (std::isdigit(c)) ++digits;
        else if (!(c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' || c == '.')) return false;
    }
    return digits >= 3;
}

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
        std::size_t j = i;
        while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == ',')) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool all_digits(const std::string& w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool name_order(const search_index& ix, std::uint32_t a, std::uint32_t b) {
    const auto& ea = ix.entries[a];
    const auto& eb = ix.entries[b];
    if (ea.sort_key != eb.sort_key) return ea.sort_key < eb.sort_key;
    return ea.id < eb.id;
}

// Takes `i` out of a name-ordered list and, if `keep`, puts it back where it belongs.
void place(const search_index& ix, std::vector<std::uint32_t>& list, std::uint32_t i, bool keep) {
    list.erase(std::remove(list.begin(), list.end(), i), list.end());
    if (!keep) return;
    auto at = std::lower_bound(list.begin(), list.end(), i,
                               [&](std::uint32_t a, std::uint32_t b) { return name_order(ix, a, b); });
    list.insert(at, i);
}
}  // namespace

void index_put(search_index& ix, const client& c) { index_put(ix, c, {}); }

void index_put(search_index& ix, const client& c, const std::vector<const record*>& records) {
    search_entry e;
    e.id = c.id;
    e.deleted = c.deleted;
    e.sort_key = fold(c.name);
    e.text = e.sort_key;
    auto add = [&](const std::string& s) {
        if (s.empty()) return;
        e.text += '\n';
        e.text += fold(s);
    };
    add(c.nickname);
    for (const auto& m : c.emails) add(m.address);
    for (const auto& t : c.tags) add(t);
    add(c.company);
    auto add_digits = [&](const std::string& e164) {
        if (!e.digits.empty()) e.digits += '\n';
        e.digits += national_number(e164);
    };
    for (const auto& p : c.phones) add_digits(p.e164);
    for (const record* r : records) {
        if (r->deleted) continue;
        const kind_def* k = find_kind(r->kind);
        if (!k) continue;
        for (const field_def& d : k->fields) {
            if (!d.searchable) continue;
            auto v = r->fields.find(d.key);
            if (v == r->fields.end() || !v->is_string()) continue;
            const std::string& s = v->get_ref<const std::string&>();
            if (d.type == field_type::phone) {
                if (!s.empty() && s[0] == '+') add_digits(s);
            } else {
                add(s);
            }
        }
    }
    index_put(ix, std::move(e));
}

void index_put(search_index& ix, search_entry e) {
    if (auto it = ix.by_id.find(e.id); it != ix.by_id.end()) {
        ix.entries[it->second] = std::move(e);
    } else {
        ix.by_id.emplace(e.id, static_cast<std::uint32_t>(ix.entries.size()));
        ix.entries.push_back(std::move(e));
    }
}

void index_sort(search_index& ix) {
    ix.by_name.clear();
    ix.by_name.reserve(ix.entries.size());
    for (std::uint32_t i = 0; i < ix.entries.size(); ++i)
        if (!ix.entries[i].deleted) ix.by_name.push_back(i);
    std::sort(ix.by_name.begin(), ix.by_name.end(),
              [&](std::uint32_t a, std::uint32_t b) { return name_order(ix, a, b); });
}

bool narrows(const std::string& previous, const std::string& query) {
    const std::string p = trim(previous), q = trim(query);
    if (p.empty() || q.size() < p.size() || q.compare(0, p.size(), p) != 0) return false;
    if (phone_like(p) != phone_like(q)) return false;
    if (phone_like(q)) {
        // "8" looks for "8" but "89" for "9": trunk prefixes make digits shrink, so check.
        const std::string dp = phone_query_digits(p), dq = phone_query_digits(q);
        return !dp.empty() && dq.find(dp) != std::string::npos;
    }
    return true;
}


void index_reposition(search_index& ix, const std::string& id, const std::string& query,
                      std::vector<std::uint32_t>& results) {
    auto it = ix.by_id.find(id);
    if (it == ix.by_id.end()) return;
    const std::uint32_t i = it->second;
    const bool live = !ix.entries[i].deleted;
    place(ix, ix.by_name, i, live);
    place(ix, results, i, live && !search_within(ix, query, {i}).empty());
}

std::vector<std::uint32_t> search(const search_index& ix, const std::string& query) {
    return search_within(ix, query, ix.by_name);
}

std::vector<std::uint32_t> search_within(const search_index& ix, const std::string& query,
                                         const std::vector<std::uint32_t>& candidates) {
    const std::string q = trim(query);
    if (q.empty()) return candidates;
    std::vector<std::uint32_t> out;
    if (phone_like(q)) {
        const std::string digits = phone_query_digits(q);
        if (digits.empty()) return candidates;  // only a prefix typed so far ("+7 "): no filter yet
        for (auto i : candidates)
            if (ix.entries[i].digits.find(digits) != std::string::npos) out.push_back(i);
        return out;
    }
    const auto ws = words(fold(q));
    for (auto i : candidates) {
        const auto& e = ix.entries[i];
        bool all = true;
        for (const auto& w : ws) {
            bool hit = e.text.find(w) != std::string::npos;
            if (!hit && w.size() >= 3 && all_digits(w)) hit = e.digits.find(w) != std::string::npos;
            if (!hit) { all = false; break; }
        }
        if (all) out.push_back(i);
    }
    return out;
}

}  // namespace cc
