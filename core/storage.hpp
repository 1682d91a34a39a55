// storage.hpp — the local store's file layout on IDBFS (DESIGN §5), as pure encode/decode.
// Two IDBFS mounts, each its own IndexedDB database, so what the first frame needs is read first:
//   /clientcard (small, read first)
//     meta.json        schema version, device id, next op seq, pull cursor, ui language
//     index.bin        binary: per client its search keys and list row (draws list + search)
//     journal/<seq>.json  one committed local op not yet in the base, with its state (outbox)
//     conflicts.json   conflict records waiting for the user
//   /clientcard-base (read after the first frame)
//     NN.json          the last server-confirmed clients, their records and history, in
//                      shard_count shards (a record lives in its client's shard); the core names
//                      them "shards/NN.json", the host maps that prefix to the second mount
// A schema-2 store kept its shards as base/NN.json in the first mount (legacy_shard_path); it is
// read whole and rewritten to this layout by the writer (docs/storage.md).
// IDBFS rewrites a changed file whole, so a shard is rewritten only when a pull changed it and an
// edit writes one small journal file: the cost of saving does not grow with the store.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <optional>

#include "conflict.hpp"
#include "error.hpp"
#include "journal.hpp"
#include "op.hpp"
#include "search.hpp"
#include "store.hpp"

namespace cc {

inline constexpr int shard_count = 64;

// The layout's version, written into every file. 1: clients only; 2: shards also hold records;
// 3: index.bin read first, shards in their own mount (shards/NN.json).
// A store of an older version is read as it is (what it lacks is empty) and rewritten by the
// writer; a newer one is refused and left untouched (err.schema_unsupported).
inline constexpr int store_schema_version = 3;

int shard_of(const std::string& client_id);
std::string shard_path(int shard);          // "shards/07.json" (the base mount)
std::string legacy_shard_path(int shard);   // "base/07.json" (schema 1-2, in the first mount)
// The shard a path names ("shards/NN.json" or "base/NN.json"), or -1.
int shard_of_path(const std::string& path);
inline const char* index_path = "index.bin";
std::string journal_path(std::int64_t seq);
inline const char* meta_path = "meta.json";
inline const char* conflicts_path = "conflicts.json";
// The seq of a journal path, or 0 when `path` is not one.
std::int64_t journal_seq(const std::string& path);

struct stored_meta {
    std::string device;
    std::int64_t next_seq = 1;
    std::int64_t server_version = 0;
    std::string locale = "en";
    std::set<std::string> log_filter;   // the log's entry types shown; empty: all
    std::vector<std::string> sale_notices;  // sales by the registration link not dismissed yet
    int schema = 0;                     // the version meta.json was written by (0: no meta.json)
};

struct stored_state {
    bool found = false;                 // a meta.json was there
    stored_meta meta;
    std::unordered_map<std::string, client> base;
    std::unordered_map<std::string, std::vector<activity_entry>> base_history;
    std::vector<record> records;        // the confirmed records (tasks, calls, comments ...)
    std::vector<journal_entry> journal; // sorted by seq
    bool conflicts_found = false;       // conflicts.json was among the files
    std::vector<conflict> conflicts;
};

// [SECTION] index.bin ------------------------------------------------------------------------
// What the list shows of a client without its shard: its name, a VIP star, one line under it.
struct index_row {
    std::string name;
    std::string detail;   // the first phone (formatted), else the first email, else the company
    bool vip = false;
};
index_row row_of(const client& c);
struct index_record {
    search_entry entry;   // exactly what index_put takes
    index_row row;
};
// Binary, little-endian: "CCIX", u32 format version, u32 count, u32 FNV-1a of the body, u64 body
// size; the body holds per client: u8 shard, u8 flags (1 deleted, 2 vip, 4 the sort key is the
// text's first line and is not stored), then id, [sort_key], text, digits, name, detail, each a
// LEB128 length and its bytes (docs/storage.md). Format 1 (u32 lengths, the sort key always
// stored) is still read.
inline constexpr std::uint32_t index_format_version = 2;
std::string encode_index(const std::vector<index_record>& records);
// nullopt: damaged or truncated (bad magic, size, checksum, a record running past the end, a
// shard byte that is not its id's shard). A newer format version is also nullopt here; the
// schema in meta.json is what refuses a newer store.
std::optional<std::vector<index_record>> decode_index(const std::string& bytes);

std::string encode_meta(const stored_meta& m);
// Encodes the given shards of `store`'s base (one pass over the base).
std::vector<std::pair<std::string, std::string>> encode_shards(const client_store& store,
                                                               const std::set<int>& shards);
std::string encode_journal_entry(const journal_entry& e);
std::string encode_conflicts(const std::vector<conflict>& cs);

// Decodes one shard's file into st.base, st.base_history and st.records; an error when damaged
// or of a newer schema.
std::optional<error> decode_shard(const std::string& path, const std::string& text, stored_state& st);

// Decodes everything the host read (shards too, old and new paths; index.bin is skipped: the
// app reads it with decode_index). A newer schema or a damaged file is an error: the card then
// shows it and writes nothing, so what was saved is never overwritten.
std::variant<stored_state, error> decode_storage(const std::map<std::string, std::string>& files);

}  // namespace cc
