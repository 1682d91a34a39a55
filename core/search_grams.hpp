// search_grams.hpp — the look-up structure behind search: the distinct tokens of every entry's
// folded text and phone digits, the entries holding each token, and the trigrams of each token.
//
// Why tokens: a query word holds no separator (space, tab, comma) and, when it holds no '\n'
// either, it is a substring of an entry's text exactly when it is a substring of one of the
// text's tokens (the runs between separators and '\n'). Names, tags and companies repeat across
// clients, so there are far fewer distinct tokens than words in all the texts.
//
// Why padded trigrams: each token is indexed by the trigram of code points starting at each of its
// positions, padded with an end mark ("anna" -> ann, nna, na$, a$$). A word of 1-3 code points is
// in a token exactly when some trigram of the token starts with it, and the trigrams starting with
// it are one range of the ordered map. A longer word is looked up by its own trigrams; a token
// holding them all is checked with find().
//
// Why '@' and '.' split text tokens: every address is a token of its own, and tens of thousands
// share "gmail" or "mail.ru"; looked up by trigrams, "gmai" would visit and check each of them.
// So a text token holding '@' or '.' also gives its parts between them as tokens ("ivan.petrov@
// gmail.com" -> ivan, petrov, gmail, com; one shared "gmail" token lists its entries), and is
// itself indexed only by its trigrams that hold an '@' or a '.'. A word without either is in the
// token exactly when it is in one of its parts; a word with one is looked up by those trigrams of
// it that hold one (a word of 2-3 code points is a prefix of such a trigram only), then checked.
//
// Why bitmaps (one bit per entry) for single code points and for pairs of phone digits: the
// first keystrokes match a good part of the clients through thousands of tokens (every phone
// number holding "91"); a bitmap answers them at a fixed cost (N / 8 bytes each; 10 digits give
// at most 100 pairs).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cc {

using posting_list = std::vector<std::uint32_t>;  // ascending numbers, no repeats

// Which string of an entry a token comes from: its folded text or its phone digits.
enum class gram_space : char { text = 't', digits = 'd' };

// Kept compact and cache-friendly: token texts back to back in one string, the entry of a token
// held by one client (most emails and phone numbers) inline, a hash table of plain numbers.
struct token_index {
    static constexpr std::uint32_t none = 0xFFFFFFFFu;
    struct token {
        std::uint32_t at = 0;       // its text in `chars`: the space's letter, then the token
        std::uint32_t size = 0;     // bytes in `chars`; 0 for a number no token has now
        std::uint32_t entry = 0;    // the one entry holding it, when `list` is none
        std::uint32_t list = none;  // else: the entries holding it, in `lists`
    };
    std::vector<token> tokens;
    std::string chars;
    std::size_t garbage = 0;                     // bytes of `chars` no token uses any more
    std::vector<posting_list> lists;             // entries of tokens held by several
    std::vector<std::uint32_t> free_lists;       // numbers in `lists` free for reuse
    std::vector<std::uint32_t> unused;           // token numbers free for reuse
    std::vector<std::uint32_t> slots;            // open addressing: token number + 1 (0 empty)
    std::size_t slots_taken = 0;                 // slots not empty (tombstones included)
    std::map<std::uint64_t, posting_list> trigrams;  // padded trigram -> tokens holding it
    // One code point (or two neighbouring phone digits) -> one bit per entry holding it: a first
    // keystroke matches a good part of the clients, and this answers it without visiting their
    // tokens.
    std::map<std::uint64_t, std::vector<std::uint64_t>> singles;
};

// The distinct tokens of one entry, each as space + token, sorted.
std::vector<std::string> entry_tokens(std::string_view text, std::string_view digits);

// Records that `entry` holds (no longer holds) the tokens `keys` (as entry_tokens gives them).
void tokens_add(token_index& t, const std::vector<std::string>& keys, std::uint32_t entry);
void tokens_remove(token_index& t, const std::vector<std::string>& keys, std::uint32_t entry);

// Records the code points of one entry's text and digits, and the pairs of neighbouring digits
// (instead of those it had; `fresh`: it had none, nothing to clear).
void singles_put(token_index& t, std::string_view text, std::string_view digits, std::uint32_t entry,
                 bool fresh = false);

// About how many entries (with repeats) `word` leads to in `space`: which word of a query to look
// up first, and whether checking the few candidates left is cheaper than looking the next one up.
std::size_t tokens_estimate(const token_index& t, std::string_view word, gram_space space);

// True when `word` is looked up by copying one bitmap (a code point; two phone digits): a cost
// of one bit per entry, however many entries hold it.
bool tokens_bitmap(std::string_view word, gram_space space);

// Sets in `bits` (one per entry) the entries having a token in `space` that holds `word`. False,
// with nothing set, when the word cannot be looked up by tokens (it holds a separator or '\n'):
// the caller must then check the entries' texts.
bool tokens_find(const token_index& t, std::string_view word, gram_space space, std::vector<std::uint64_t>& bits);

// After a batch of changes (index_sort): gives back the spare capacity of the lists and the
// bytes of removed tokens.
void tokens_compact(token_index& t);

// Bytes the structure holds on the heap (approximate for the tree nodes).
std::size_t tokens_bytes(const token_index& t);

}  // namespace cc
