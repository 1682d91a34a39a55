// search.cpp — the search index: entries with their folded text and phone digits, their name
// order, and n-gram posting lists (search_grams.hpp) that answer a keystroke without scanning
// every client. What matches is defined by `matches` below; the index only finds the same
// entries faster (tests/core/search_test.cpp compares it with a plain scan on random data).
#include "search.hpp"

#include "schema/kind.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

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

// A query, read once: one phone number (digits), or words that must all be found.
struct parsed_query {
    bool phone = false;
    std::string digits;             // phone: what the entry's digits must hold ("" = anything)
    std::vector<std::string> words; // else: each in the text (or, all-digit >= 3, the digits)
};

parsed_query parse(const std::string& query) {
    parsed_query p;
    const std::string q = trim(query);
    if (phone_like(q)) {
        p.phone = true;
        p.digits = phone_query_digits(q);
    } else {
        p.words = words(fold(q));
    }
    return p;
}

bool matches_anything(const parsed_query& p) { return p.phone ? p.digits.empty() : p.words.empty(); }

bool digit_word(const std::string& w) { return w.size() >= 3 && all_digits(w); }

bool word_matches(const search_entry& e, const std::string& w) {
    return e.text.find(w) != std::string::npos || (digit_word(w) && e.digits.find(w) != std::string::npos);
}

// The definition of a match.
bool matches(const search_entry& e, const parsed_query& p) {
    if (p.phone) return e.digits.find(p.digits) != std::string::npos;
    for (const auto& w : p.words)
        if (!word_matches(e, w)) return false;
    return true;
}

bool name_order(const search_index& ix, std::uint32_t a, std::uint32_t b) {
    const auto& ea = ix.entries[a];
    const auto& eb = ix.entries[b];
    if (ea.sort_key != eb.sort_key) return ea.sort_key < eb.sort_key;
    return ea.id < eb.id;
}

// Takes `i` out of a name-ordered list and, if `keep`, puts it back where it belongs.
void place(const search_index& ix, std::vector<std::uint32_t>& list, std::uint32_t i, bool keep) {
    if (auto at = std::find(list.begin(), list.end(), i); at != list.end()) list.erase(at);
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
        const std::uint32_t i = it->second;
        if (i >= ix.tokenized) {  // its tokens come with index_tokenize, from the new text
            ix.entries[i] = std::move(e);
            return;
        }
        const auto tokens = entry_tokens(e.text, e.digits);
        const auto old = entry_tokens(ix.entries[i].text, ix.entries[i].digits);
        std::vector<std::string> gone, come;
        std::set_difference(old.begin(), old.end(), tokens.begin(), tokens.end(), std::back_inserter(gone));
        std::set_difference(tokens.begin(), tokens.end(), old.begin(), old.end(), std::back_inserter(come));
        tokens_remove(ix.tokens, gone, i);
        tokens_add(ix.tokens, come, i);
        singles_put(ix.tokens, e.text, e.digits, i);
        ix.entries[i] = std::move(e);
        return;
    }
    const auto i = static_cast<std::uint32_t>(ix.entries.size());
    ix.by_id.emplace(e.id, i);
    ix.entries.push_back(std::move(e));
    if (ix.tokenized == i) index_tokenize(ix, 1);  // else its turn comes after those waiting
}

void index_load(search_index& ix, std::vector<search_entry> entries) {
    ix = search_index{};
    ix.entries = std::move(entries);
    ix.by_id.reserve(ix.entries.size());
    for (std::uint32_t i = 0; i < ix.entries.size(); ++i) ix.by_id.emplace(ix.entries[i].id, i);
    // A repeated id (a damaged file that still passed its checksum) keeps its first entry; the
    // later one is dropped from the list.
    ix.by_name.reserve(ix.entries.size());
    for (std::uint32_t i = 0; i < ix.entries.size(); ++i)
        if (!ix.entries[i].deleted && ix.by_id.at(ix.entries[i].id) == i) ix.by_name.push_back(i);
    const auto before = [&](std::uint32_t a, std::uint32_t b) { return name_order(ix, a, b); };
    if (!std::is_sorted(ix.by_name.begin(), ix.by_name.end(), before))
        std::sort(ix.by_name.begin(), ix.by_name.end(), before);
}

bool index_tokenize(search_index& ix, std::size_t budget) {
    const std::size_t end = std::min<std::size_t>(ix.entries.size(), std::size_t{ix.tokenized} + budget);
    for (; ix.tokenized < end; ++ix.tokenized) {
        const std::uint32_t i = ix.tokenized;
        const auto& e = ix.entries[i];
        tokens_add(ix.tokens, entry_tokens(e.text, e.digits), i);
        singles_put(ix.tokens, e.text, e.digits, i, /*fresh=*/true);
    }
    const bool done = index_tokenized(ix);
    if (done && budget > 1) tokens_compact(ix.tokens);
    return done;
}

std::vector<std::uint32_t> index_file_order(const search_index& ix) {
    std::vector<std::uint32_t> out = ix.by_name;
    out.reserve(ix.entries.size());
    for (std::uint32_t i = 0; i < ix.entries.size(); ++i)
        if (ix.entries[i].deleted) out.push_back(i);
    return out;
}

void index_sort(search_index& ix) {
    ix.by_name.clear();
    ix.by_name.reserve(ix.entries.size());
    for (std::uint32_t i = 0; i < ix.entries.size(); ++i)
        if (!ix.entries[i].deleted) ix.by_name.push_back(i);
    std::sort(ix.by_name.begin(), ix.by_name.end(),
              [&](std::uint32_t a, std::uint32_t b) { return name_order(ix, a, b); });
    tokens_compact(ix.tokens);
}

bool narrows(const std::string& previous, const std::string& query) {
    const std::string p = trim(previous), q = trim(query);
    if (p.empty() || q.size() < p.size() || q.compare(0, p.size(), p) != 0) return false;
    // Half a character before (fold makes it U+FFFD, which matches nothing) is not a prefix.
    if (q.size() > p.size() && (static_cast<unsigned char>(q[p.size()]) & 0xC0) == 0x80) return false;
    if (phone_like(p) != phone_like(q)) return false;
    if (phone_like(q)) {
        // "8" looks for "8" but "89" for "9": trunk prefixes make digits shrink, so check.
        const std::string dp = phone_query_digits(p), dq = phone_query_digits(q);
        return !dp.empty() && dq.find(dp) != std::string::npos;
    }
    // A word that reaches 3 digits is looked up in the phone digits too ("john 91" -> "john 912"
    // also finds a John whose phone holds 912): not narrower.
    const auto wp = words(fold(p)), wq = words(fold(q));
    for (std::size_t k = 0; k < wp.size() && k < wq.size(); ++k)
        if (digit_word(wq[k]) && !digit_word(wp[k])) return false;
    return true;
}


void index_reposition(search_index& ix, const std::string& id, const std::string& query,
                      std::vector<std::uint32_t>& results) {
    auto it = ix.by_id.find(id);
    if (it == ix.by_id.end()) return;
    const std::uint32_t i = it->second;
    const bool live = !ix.entries[i].deleted;
    place(ix, ix.by_name, i, live);
    place(ix, results, i, live && matches(ix.entries[i], parse(query)));
}

std::vector<std::uint32_t> search(const search_index& ix, const std::string& query) {
    const parsed_query p = parse(query);
    if (matches_anything(p)) return ix.by_name;
    // What to look up: each word in the text (and, all-digit, in the phone digits too), or the
    // phone number in the digits; the most selective first.
    struct lookup {
        const std::string* word;
        bool text, digits;
        std::size_t estimate;
    };
    std::vector<lookup> plan;
    if (p.phone) plan.push_back({&p.digits, false, true, 0});
    for (const auto& w : p.words) plan.push_back({&w, true, digit_word(w), 0});
    for (auto& l : plan) {
        if (l.text) l.estimate += tokens_estimate(ix.tokens, *l.word, gram_space::text);
        if (l.digits) l.estimate += tokens_estimate(ix.tokens, *l.word, gram_space::digits);
    }
    std::stable_sort(plan.begin(), plan.end(), [](const lookup& a, const lookup& b) { return a.estimate < b.estimate; });

    std::vector<std::uint64_t> bits(ix.entries.size() / 64 + 1);
    auto look_up = [&](const lookup& l) {  // the entries holding the word: a bit each
        std::fill(bits.begin(), bits.end(), 0);
        if (l.text && !tokens_find(ix.tokens, *l.word, gram_space::text, bits)) return false;
        if (l.digits && !tokens_find(ix.tokens, *l.word, gram_space::digits, bits)) return false;
        return true;
    };
    // An entry with its tokens answers by its bit; one still waiting for them (index_tokenize)
    // by its text, the way `matches` reads it.
    auto has = [&](std::uint32_t i, const lookup& l) {
        if (i < ix.tokenized) return (bits[i >> 6] >> (i & 63) & 1) != 0;
        const search_entry& e = ix.entries[i];
        return (l.text && e.text.find(*l.word) != std::string::npos) ||
               (l.digits && e.digits.find(*l.word) != std::string::npos);
    };
    if (!look_up(plan[0])) return search_within(ix, query, ix.by_name);  // tokens cannot answer it
    std::vector<std::uint32_t> out;
    if (index_tokenized(ix)) {
        // One walk of the name order without a branch per entry (the bits of a common word are
        // unpredictable): each entry is written, and kept when its bit is set. The set bits
        // (deleted and repeated entries included) bound what is kept.
        std::size_t marked = 0;
        for (auto w : bits) marked += static_cast<std::size_t>(__builtin_popcountll(w));
        out.resize(marked + 1);
        std::size_t kept = 0;
        for (auto i : ix.by_name) {
            out[kept] = i;
            kept += bits[i >> 6] >> (i & 63) & 1;
        }
        out.resize(kept);
    } else {
        for (auto i : ix.by_name)
            if (has(i, plan[0])) out.push_back(i);
    }
    // The other words: checked on the few clients left, or looked up like the first.
    for (std::size_t k = 1; k < plan.size() && !out.empty(); ++k) {
        const auto& l = plan[k];
        std::size_t kept = 0;
        // A bitmap costs a bit per entry; a token look-up about its estimate; a check about a
        // cache miss and a scan of the text per client left.
        const bool bitmap = (!l.text || tokens_bitmap(*l.word, gram_space::text)) &&
                            (!l.digits || tokens_bitmap(*l.word, gram_space::digits));
        const bool check = bitmap ? out.size() * 16 < ix.entries.size() / 64 : out.size() * 4 < l.estimate;
        if (check || !look_up(l)) {
            for (auto i : out)
                if (word_matches(ix.entries[i], *l.word)) out[kept++] = i;
        } else {
            for (auto i : out)
                if (has(i, l)) out[kept++] = i;
        }
        out.resize(kept);
    }
    return out;
}

std::vector<std::uint32_t> search_within(const search_index& ix, const std::string& query,
                                         const std::vector<std::uint32_t>& candidates) {
    const parsed_query p = parse(query);
    if (matches_anything(p)) return candidates;
    std::vector<std::uint32_t> out;
    for (auto i : candidates)
        if (matches(ix.entries[i], p)) out.push_back(i);
    return out;
}

// Bytes a string keeps on the heap (none when short enough to live inside the object).
std::size_t heap_of(const std::string& s) {
    const char* d = s.data();
    const bool inside = d >= reinterpret_cast<const char*>(&s) && d < reinterpret_cast<const char*>(&s + 1);
    return inside ? 0 : s.capacity() + 1;
}

std::size_t index_bytes(const search_index& ix) {
    std::size_t n = sizeof(ix) + ix.entries.capacity() * sizeof(search_entry);
    for (const auto& e : ix.entries) n += heap_of(e.id) + heap_of(e.sort_key) + heap_of(e.text) + heap_of(e.digits);
    // A hash node: the value, a next pointer and a cached hash; and a bucket array.
    for (const auto& [k, e] : ix.by_id) n += sizeof(k) + sizeof(e) + 2 * sizeof(void*) + heap_of(k);
    n += ix.by_id.bucket_count() * sizeof(void*);
    n += ix.by_name.capacity() * sizeof(std::uint32_t);
    return n + tokens_bytes(ix.tokens);
}

}  // namespace cc
