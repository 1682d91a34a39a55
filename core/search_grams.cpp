// search_grams.cpp — tokens, their entries and their padded trigrams (see search_grams.hpp).
#include "search_grams.hpp"

#include <algorithm>

namespace cc {
namespace {

// [SECTION] code points and trigram keys ------------------------------------------------------

constexpr std::uint32_t end_mark = 0;
constexpr std::uint32_t max_cp = 0x1FFFFF;

// Code points of UTF-8, each + 1 so that 0 can be the end mark. fold() gives valid UTF-8; a stray
// byte would count as one code point of its own, the same way in texts and in words.
std::vector<std::uint32_t> code_points(std::string_view s) {
    std::vector<std::uint32_t> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = b;
        std::size_t n = 1;
        if (b >= 0xF0) n = 4, cp = b & 0x07;
        else if (b >= 0xE0) n = 3, cp = b & 0x0F;
        else if (b >= 0xC0) n = 2, cp = b & 0x1F;
        if (n > 1 && i + n <= s.size()) {
            for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        } else if (b >= 0x80) {
            n = 1;
            cp = 0x1FFF00 + b;  // a stray byte: apart from every code point
        }
        out.push_back(std::min<std::uint32_t>(cp + 1, max_cp));
        i += n;
    }
    return out;
}

std::uint64_t pack(gram_space space, std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    const std::uint64_t s = space == gram_space::digits ? 1 : 0;
    return s << 63 | static_cast<std::uint64_t>(a) << 42 | static_cast<std::uint64_t>(b) << 21 | c;
}

gram_space space_of(std::string_view key) { return key[0] == 'd' ? gram_space::digits : gram_space::text; }

// '@' and '.' split a text token into parts (search_grams.hpp), as code points (+ 1, see above).
constexpr std::uint32_t at_sign_cp = '@' + 1;
constexpr std::uint32_t dot_cp = '.' + 1;
bool part_separator(char c) { return c == '@' || c == '.'; }
bool part_separator_cp(std::uint32_t cp) { return cp == at_sign_cp || cp == dot_cp; }
bool holds_part_separator(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return part_separator(c); });
}

// The distinct padded trigrams a token is found by (key = space letter + token): all of them,
// but for a text token split into parts only those holding an '@' or a '.' (its parts are tokens
// of their own and give the others).
std::vector<std::uint64_t> token_trigrams(std::string_view key) {
    const auto c = code_points(key.substr(1));
    const bool split = space_of(key) == gram_space::text && holds_part_separator(key.substr(1));
    std::vector<std::uint64_t> out;
    out.reserve(c.size());
    auto at = [&](std::size_t i) { return i < c.size() ? c[i] : end_mark; };
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (split && !part_separator_cp(c[i]) && !part_separator_cp(at(i + 1)) && !part_separator_cp(at(i + 2))) continue;
        out.push_back(pack(space_of(key), c[i], at(i + 1), at(i + 2)));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\n'; }

// Whether the trigram of `c` starting at `i` holds an '@' or a '.'.
bool has_part_separator(const std::vector<std::uint32_t>& c, std::size_t i) {
    return part_separator_cp(c[i]) || part_separator_cp(c[i + 1]) || part_separator_cp(c[i + 2]);
}

// [SECTION] sorted lists ----------------------------------------------------------------------

void list_insert(posting_list& l, std::uint32_t x) {
    if (l.empty() || l.back() < x) return l.push_back(x);
    auto at = std::lower_bound(l.begin(), l.end(), x);
    if (at == l.end() || *at != x) l.insert(at, x);
}

void list_erase(posting_list& l, std::uint32_t x) {
    auto at = std::lower_bound(l.begin(), l.end(), x);
    if (at != l.end() && *at == x) l.erase(at);
}

// The first element >= x from `from` on, by steps doubling from `from` and then a binary search:
// cheap both when the lists are alike in size and when one is far longer.
posting_list::const_iterator gallop(posting_list::const_iterator from, posting_list::const_iterator end, std::uint32_t x) {
    std::size_t step = 1;
    auto lo = from;
    while (static_cast<std::size_t>(end - lo) > step && lo[step] < x) {
        lo += step;
        step *= 2;
    }
    auto hi = static_cast<std::size_t>(end - lo) > step ? lo + step + 1 : end;
    return std::lower_bound(lo, hi, x);
}

posting_list intersect(std::vector<const posting_list*> lists) {
    std::sort(lists.begin(), lists.end(), [](auto* a, auto* b) { return a->size() < b->size(); });
    posting_list out = *lists[0];
    for (std::size_t l = 1; l < lists.size() && !out.empty(); ++l) {
        auto from = lists[l]->cbegin();
        const auto end = lists[l]->cend();
        std::size_t kept = 0;
        for (std::uint32_t x : out) {
            from = gallop(from, end, x);
            if (from == end) break;
            if (*from == x) out[kept++] = x;
        }
        out.resize(kept);
    }
    return out;
}

void set_bit(std::vector<std::uint64_t>& bits, std::uint32_t i) { bits[i >> 6] |= std::uint64_t{1} << (i & 63); }

}  // namespace

// [SECTION] tokens of an entry ----------------------------------------------------------------

std::vector<std::string> entry_tokens(std::string_view text, std::string_view digits) {
    std::vector<std::string> out;
    auto split = [&](std::string_view s, char space) {
        std::size_t i = 0;
        while (i < s.size()) {
            while (i < s.size() && separator(s[i])) ++i;
            std::size_t j = i;
            while (j < s.size() && !separator(s[j])) ++j;
            if (j > i) {
                const std::string_view token = s.substr(i, j - i);
                out.push_back(std::string(1, space).append(token));
                // Its parts between '@' and '.' as tokens of their own ("ivan.petrov@gmail.com":
                // ivan, petrov, gmail, com): thousands of addresses share a domain.
                if (space == static_cast<char>(gram_space::text) && holds_part_separator(token)) {
                    std::size_t a = 0;
                    while (a < token.size()) {
                        std::size_t b = a;
                        while (b < token.size() && !part_separator(token[b])) ++b;
                        if (b > a) out.push_back(std::string(1, space).append(token.substr(a, b - a)));
                        a = b + 1;
                    }
                }
            }
            i = j;
        }
    };
    split(text, static_cast<char>(gram_space::text));
    split(digits, static_cast<char>(gram_space::digits));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// [SECTION] the table of token texts ----------------------------------------------------------

namespace {

std::string_view text_of(const token_index& t, std::uint32_t id) {
    return std::string_view(t.chars).substr(t.tokens[id].at, t.tokens[id].size);
}

std::uint64_t hash_of(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

constexpr std::uint32_t tombstone = 0xFFFFFFFFu;

// The slot holding `key`, or (when absent) none.
std::size_t find_slot(const token_index& t, std::string_view key) {
    if (t.slots.empty()) return token_index::none;
    const std::size_t mask = t.slots.size() - 1;
    for (std::size_t i = hash_of(key) & mask;; i = (i + 1) & mask) {
        const std::uint32_t s = t.slots[i];
        if (s == 0) return token_index::none;
        if (s != tombstone && text_of(t, s - 1) == key) return i;
    }
}

void put_slot(token_index& t, std::uint32_t id) {
    const std::size_t mask = t.slots.size() - 1;
    std::size_t i = hash_of(text_of(t, id)) & mask;
    while (t.slots[i] != 0 && t.slots[i] != tombstone) i = (i + 1) & mask;
    if (t.slots[i] == 0) ++t.slots_taken;
    t.slots[i] = id + 1;
}

// Keeps at most 70% of the slots taken (tombstones count): the probes stay short.
void make_room(token_index& t) {
    if ((t.slots_taken + 1) * 10 <= t.slots.size() * 7) return;
    const std::size_t live = t.tokens.size() - t.unused.size();
    std::size_t size = 1024;
    while (size * 2 < (live + 1) * 3) size *= 2;
    t.slots.assign(size, 0);
    t.slots_taken = 0;
    for (std::uint32_t id = 0; id < t.tokens.size(); ++id)
        if (t.tokens[id].size) put_slot(t, id);
}

std::uint32_t new_list(token_index& t, posting_list l) {
    if (!t.free_lists.empty()) {
        const std::uint32_t n = t.free_lists.back();
        t.free_lists.pop_back();
        t.lists[n] = std::move(l);
        return n;
    }
    t.lists.push_back(std::move(l));
    return static_cast<std::uint32_t>(t.lists.size() - 1);
}

void drop_list(token_index& t, std::uint32_t n) {
    t.lists[n] = posting_list{};
    t.free_lists.push_back(n);
}

}  // namespace

// [SECTION] updates ---------------------------------------------------------------------------

void tokens_add(token_index& t, const std::vector<std::string>& keys, std::uint32_t entry) {
    for (const auto& key : keys) {
        const std::size_t slot = find_slot(t, key);
        if (slot == token_index::none) {
            make_room(t);  // before the new token is in `tokens`: a rehash must not place it twice
            std::uint32_t id;
            if (!t.unused.empty()) {
                id = t.unused.back();
                t.unused.pop_back();
            } else {
                id = static_cast<std::uint32_t>(t.tokens.size());
                t.tokens.emplace_back();
            }
            auto& tok = t.tokens[id];
            tok.at = static_cast<std::uint32_t>(t.chars.size());
            tok.size = static_cast<std::uint32_t>(key.size());
            tok.entry = entry;
            tok.list = token_index::none;
            t.chars += key;
            put_slot(t, id);
            for (auto g : token_trigrams(key)) list_insert(t.trigrams[g], id);
            continue;
        }
        auto& tok = t.tokens[t.slots[slot] - 1];
        if (tok.list != token_index::none) {
            list_insert(t.lists[tok.list], entry);
        } else if (tok.entry != entry) {
            posting_list two = tok.entry < entry ? posting_list{tok.entry, entry} : posting_list{entry, tok.entry};
            tok.list = new_list(t, std::move(two));
        }
    }
}

void tokens_remove(token_index& t, const std::vector<std::string>& keys, std::uint32_t entry) {
    for (const auto& key : keys) {
        const std::size_t slot = find_slot(t, key);
        if (slot == token_index::none) continue;
        const std::uint32_t id = t.slots[slot] - 1;
        auto& tok = t.tokens[id];
        if (tok.list != token_index::none) {
            auto& l = t.lists[tok.list];
            list_erase(l, entry);
            if (l.size() == 1) {  // one entry left: back inline
                tok.entry = l[0];
                drop_list(t, tok.list);
                tok.list = token_index::none;
            }
            continue;
        }
        if (tok.entry != entry) continue;
        // No entry holds it any more: it leaves the index, its number is reused.
        for (auto g : token_trigrams(key)) {
            auto l = t.trigrams.find(g);
            if (l == t.trigrams.end()) continue;
            list_erase(l->second, id);
            if (l->second.empty()) t.trigrams.erase(l);
        }
        t.garbage += tok.size;
        tok = {};
        t.slots[slot] = tombstone;
        t.unused.push_back(id);
    }
}

void tokens_compact(token_index& t) {
    for (auto& [g, l] : t.trigrams) l.shrink_to_fit();
    for (auto& l : t.lists) l.shrink_to_fit();
    if (t.garbage * 2 > t.chars.size()) {
        std::string chars;
        chars.reserve(t.chars.size() - t.garbage);
        for (auto& tok : t.tokens) {
            if (!tok.size) continue;
            const auto at = static_cast<std::uint32_t>(chars.size());
            chars.append(t.chars, tok.at, tok.size);
            tok.at = at;
        }
        t.chars = std::move(chars);
        t.garbage = 0;
    }
    t.chars.shrink_to_fit();
    t.tokens.shrink_to_fit();
}

// [SECTION] look-up ---------------------------------------------------------------------------

bool tokens_find(const token_index& t, std::string_view word, gram_space space, std::vector<std::uint64_t>& bits) {
    for (char c : word)
        if (separator(c)) return false;
    const auto c = code_points(word);
    if (c.empty()) return false;
    auto mark_token = [&](std::uint32_t id) {
        const auto& tok = t.tokens[id];
        if (tok.list == token_index::none) return set_bit(bits, tok.entry);
        for (auto e : t.lists[tok.list]) set_bit(bits, e);
    };
    if (c.size() == 1 || (c.size() == 2 && space == gram_space::digits)) {
        auto it = t.singles.find(pack(space, c[0], c.size() == 2 ? c[1] : 0, 0));
        if (it == t.singles.end()) return true;
        const std::size_t n = std::min(bits.size(), it->second.size());
        for (std::size_t k = 0; k < n; ++k) bits[k] |= it->second[k];
        return true;
    }
    if (c.size() <= 3) {
        // Every trigram starting with the word: one range of the map; a token may be in several.
        const std::uint64_t lo = pack(space, c[0], c.size() > 1 ? c[1] : 0, c.size() > 2 ? c[2] : 0);
        const std::uint64_t hi = pack(space, c[0], c.size() > 1 ? c[1] : max_cp, c.size() > 2 ? c[2] : max_cp);
        for (auto it = t.trigrams.lower_bound(lo); it != t.trigrams.end() && it->first <= hi; ++it)
            for (auto id : it->second) mark_token(id);  // marking twice is harmless
        return true;
    }
    std::vector<const posting_list*> lists;
    const bool split = space == gram_space::text && holds_part_separator(word);
    for (std::size_t i = 0; i + 3 <= c.size(); ++i) {
        if (split && !has_part_separator(c, i)) continue;  // not how split tokens are found
        auto it = t.trigrams.find(pack(space, c[i], c[i + 1], c[i + 2]));
        if (it == t.trigrams.end()) return true;  // no token holds it
        lists.push_back(&it->second);
    }
    for (auto id : intersect(std::move(lists)))
        if (text_of(t, id).find(word, 1) != std::string_view::npos) mark_token(id);
    return true;
}

void singles_put(token_index& t, std::string_view text, std::string_view digits, std::uint32_t entry,
                 bool fresh) {
    const std::size_t word = entry >> 6;
    const std::uint64_t bit = std::uint64_t{1} << (entry & 63);
    if (!fresh)
        for (auto& [k, b] : t.singles)
            if (word < b.size()) b[word] &= ~bit;
    auto mark = [&](std::string_view s, gram_space space) {
        const auto cps = code_points(s);
        std::vector<std::uint64_t> keys;
        keys.reserve(cps.size() * 2);
        for (std::size_t i = 0; i < cps.size(); ++i) {
            keys.push_back(pack(space, cps[i], 0, 0));
            // Phone digits: each pair of neighbours in a number too (not across the '\n').
            if (space == gram_space::digits && i + 1 < cps.size() && cps[i] != '\n' + 1 && cps[i + 1] != '\n' + 1)
                keys.push_back(pack(space, cps[i], cps[i + 1], 0));
        }
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (auto key : keys) {
            auto& b = t.singles[key];
            if (b.size() <= word) b.resize(std::max(word + 1, b.size() * 2));
            b[word] |= bit;
        }
    };
    mark(text, gram_space::text);
    mark(digits, gram_space::digits);
}

bool tokens_bitmap(std::string_view word, gram_space space) {
    const auto c = code_points(word);
    return c.size() == 1 || (c.size() == 2 && space == gram_space::digits);
}

std::size_t tokens_estimate(const token_index& t, std::string_view word, gram_space space) {
    const auto c = code_points(word);
    if (c.empty()) return 0;
    if (c.size() == 1 || (c.size() == 2 && space == gram_space::digits)) {
        auto it = t.singles.find(pack(space, c[0], c.size() == 2 ? c[1] : 0, 0));
        if (it == t.singles.end()) return 0;
        std::size_t n = 0;
        for (auto w : it->second) n += static_cast<std::size_t>(__builtin_popcountll(w));
        return n;
    }
    // Tokens are counted; when they are few, their entries (a shared token such as a mail
    // domain can stand for tens of thousands).
    constexpr std::size_t few_tokens = 64;
    auto entries_of = [&](const posting_list& tokens) {
        if (tokens.size() > few_tokens) return tokens.size();
        std::size_t n = 0;
        for (auto id : tokens) n += t.tokens[id].list == token_index::none ? 1 : t.lists[t.tokens[id].list].size();
        return n;
    };
    if (c.size() <= 3) {
        const std::uint64_t lo = pack(space, c[0], c[1], c.size() > 2 ? c[2] : 0);
        const std::uint64_t hi = pack(space, c[0], c[1], c.size() > 2 ? c[2] : max_cp);
        std::size_t n = 0;
        for (auto it = t.trigrams.lower_bound(lo); it != t.trigrams.end() && it->first <= hi; ++it)
            n += entries_of(it->second);
        return n;
    }
    const posting_list* shortest = nullptr;
    const bool split = space == gram_space::text && holds_part_separator(word);
    for (std::size_t i = 0; i + 3 <= c.size(); ++i) {
        if (split && !has_part_separator(c, i)) continue;
        auto it = t.trigrams.find(pack(space, c[i], c[i + 1], c[i + 2]));
        if (it == t.trigrams.end()) return 0;
        if (!shortest || it->second.size() < shortest->size()) shortest = &it->second;
    }
    return shortest ? entries_of(*shortest) : 0;
}

std::size_t tokens_bytes(const token_index& t) {
    constexpr std::size_t tree_node = 4 * sizeof(void*);  // colour, parent, left, right
    std::size_t n = sizeof(t) + t.tokens.capacity() * sizeof(token_index::token) + t.chars.capacity();
    n += (t.unused.capacity() + t.free_lists.capacity() + t.slots.capacity()) * sizeof(std::uint32_t);
    n += t.lists.capacity() * sizeof(posting_list);
    for (const auto& l : t.lists) n += l.capacity() * sizeof(std::uint32_t);
    for (const auto& [g, l] : t.trigrams) n += tree_node + sizeof(g) + sizeof(l) + l.capacity() * sizeof(std::uint32_t);
    for (const auto& [k, b] : t.singles) n += tree_node + sizeof(k) + sizeof(b) + b.capacity() * sizeof(std::uint64_t);
    return n;
}

}  // namespace cc
