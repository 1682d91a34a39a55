// storage.hpp — the local store's file layout on IDBFS (DESIGN §4), as pure encode/decode:
//   meta.json        schema version, device id, next op seq, pull cursor, ui language
//   base/NN.json     the last server-confirmed clients, their records and history, in shard_count
//                    shards (a record lives in its client's shard)
//   journal/<seq>.json  one committed local op not yet in the base, with its state (outbox)
//   conflicts.json   conflict records waiting for the user
// IDBFS rewrites a changed file whole, so a shard is rewritten only when a pull changed it and an
// edit writes one small journal file: the cost of saving does not grow with the store.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "conflict.hpp"
#include "error.hpp"
#include "journal.hpp"
#include "op.hpp"
#include "store.hpp"

namespace cc {

inline constexpr int shard_count = 64;

// The layout's version, written into every file. 1: clients only; 2: shards also hold records.
// A store of an older version is read as it is (what it lacks is empty); a newer one is refused
// and left untouched (err.schema_unsupported).
inline constexpr int store_schema_version = 2;

int shard_of(const std::string& client_id);
std::string shard_path(int shard);
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

std::string encode_meta(const stored_meta& m);
// Encodes the given shards of `store`'s base (one pass over the base).
std::vector<std::pair<std::string, std::string>> encode_shards(const client_store& store,
                                                               const std::set<int>& shards);
std::string encode_journal_entry(const journal_entry& e);
std::string encode_conflicts(const std::vector<conflict>& cs);

// Decodes everything the host read. A newer schema or a damaged file is an error: the card then
// shows it and writes nothing, so what was saved is never overwritten.
std::variant<stored_state, error> decode_storage(const std::map<std::string, std::string>& files);

}  // namespace cc
