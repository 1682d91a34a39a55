// search.hpp — instant search over the clients: any word of the name (case-insensitive, Cyrillic
// and Latin, ё = е), phone digits typed in any format, email, tag, company, and what the
// client's records give (the fields their kinds mark searched()).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "client.hpp"
#include "record.hpp"
#include "search_grams.hpp"

namespace cc {

struct search_entry {
    std::string id;
    std::string sort_key;   // folded name, for ordering
    std::string text;       // folded name, nickname, emails, tags, company, joined by '\n'
    std::string digits;     // national significant numbers of the phones, joined by '\n'
    bool deleted = false;
};

// The index: the entries, their order by name, and the tokens of their text and phone digits
// with the entries holding each (search_grams.hpp). Built once at load by index_put + index_sort
// and kept up to date by index_put + index_reposition (or index_sort after a batch); a keystroke
// only reads it.
struct search_index {
    std::vector<search_entry> entries;
    std::unordered_map<std::string, std::uint32_t> by_id;
    std::vector<std::uint32_t> by_name;  // all live entries in name order
    token_index tokens;
    // Entries [0, tokenized) are in `tokens`; later ones wait for index_tokenize and are matched
    // by reading their text meanwhile, so search answers the same at every moment. A loaded
    // store fills the entries first (the list is drawn from them) and the tokens after the first
    // frame, a few thousand entries per step.
    std::uint32_t tokenized = 0;
};

// Adds or refreshes one entry from ready keys (the store's index file gives them this way). It
// takes its place in by_name at the next index_sort or index_reposition.
void index_put(search_index& ix, search_entry e);
void index_put(search_index& ix, const client& c);  // add or refresh one client
// The same, with what the client's records give to its search: each field its kind marks
// searched() (a task's title, a call's phone, a comment's text); deleted records give nothing.
void index_put(search_index& ix, const client& c, const std::vector<const record*>& records);
// The same with an entry made elsewhere (the store's index file, core/storage.hpp): add or replace.
void index_put(search_index& ix, search_entry e);
void index_sort(search_index& ix);                  // rebuild by_name
// The entries of a loaded store, at once and without their tokens (index_tokenize adds them):
// ids, name order (no sort when they come in name order, as index.bin keeps them). Replaces
// whatever `ix` held.
void index_load(search_index& ix, std::vector<search_entry> entries);
// Adds the tokens of up to `budget` more entries; true when every entry has its tokens.
bool index_tokenize(search_index& ix, std::size_t budget);
inline bool index_tokenized(const search_index& ix) { return ix.tokenized >= ix.entries.size(); }
// The entry numbers in the order index.bin keeps them: the live ones in name order, then the
// deleted ones.
std::vector<std::uint32_t> index_file_order(const search_index& ix);
// After index_put of one client: moves it to its place in by_name (or out, when deleted) without
// sorting everything again, and does the same in `results` for `query`. Cost: a binary search
// and a move of the tail, whatever the size of the store.
void index_reposition(search_index& ix, const std::string& id, const std::string& query,
                      std::vector<std::uint32_t>& results);
// Entries matching `query`, in name order. An empty query matches every live client. Each word
// is looked up among the distinct tokens, never in every client's text.
std::vector<std::uint32_t> search(const search_index& ix, const std::string& query);
// The same, checking only `candidates` (name order) one by one against their text: cheaper than
// `search` when they are few, e.g. the results of `previous` when every client matching `query`
// must also match `previous` (see narrows).
std::vector<std::uint32_t> search_within(const search_index& ix, const std::string& query,
                                         const std::vector<std::uint32_t>& candidates);
// True when every match of `query` is a match of `previous`: the query only got longer at the
// end, and the phone digits it looks for still contain the previous ones.
bool narrows(const std::string& previous, const std::string& query);
// What the index holds in memory, in bytes (entries, order and postings): printed by the bench.
std::size_t index_bytes(const search_index& ix);

}  // namespace cc
