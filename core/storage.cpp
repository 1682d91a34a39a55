// storage.cpp — encoding and decoding the IDBFS layout.
#include "storage.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "codec.hpp"
#include "json_limits.hpp"

namespace cc {

int shard_of(const std::string& client_id) {
    std::uint32_t h = 2166136261u;  // FNV-1a: stable across builds and platforms
    for (unsigned char c : client_id) { h ^= c; h *= 16777619u; }
    return static_cast<int>(h % shard_count);
}

std::string shard_path(int shard) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "base/%02d.json", shard);
    return buf;
}

std::string journal_path(std::int64_t seq) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "journal/%012lld.json", static_cast<long long>(seq));
    return buf;
}

std::string encode_meta(const stored_meta& m) {
    return json{{"schema", schema_version}, {"device", m.device}, {"next_seq", m.next_seq},
                {"server_version", m.server_version}, {"locale", m.locale}}.dump();
}

std::vector<std::pair<std::string, std::string>> encode_shards(const client_store& store,
                                                               const std::set<int>& shards) {
    std::map<int, json> docs;
    for (int s : shards) docs[s] = json{{"schema", schema_version}, {"clients", json::array()}, {"history", json::object()}};
    for (const auto& [id, c] : store.base) {
        auto it = docs.find(shard_of(id));
        if (it == docs.end()) continue;
        it->second["clients"].push_back(c);
        if (auto h = store.base_history.find(id); h != store.base_history.end() && !h->second.empty())
            it->second["history"][id] = h->second;
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [s, doc] : docs) out.emplace_back(shard_path(s), doc.dump());
    return out;
}

std::int64_t journal_seq(const std::string& path) {
    if (path.rfind("journal/", 0) != 0) return 0;
    return std::strtoll(path.c_str() + 8, nullptr, 10);
}

std::string encode_journal_entry(const journal_entry& e) {
    return json{{"schema", schema_version}, {"entry", e}}.dump();
}

std::string encode_conflicts(const std::vector<conflict>& cs) {
    return json{{"schema", schema_version}, {"conflicts", cs}}.dump();
}

namespace {
error damaged(const std::string& path) { return error{"err.storage_damaged", "", path}; }

// Stored files are ours, but a damaged or tampered IndexedDB must give "damaged", never a stack
// overflow. A base shard holds 1/64 of the clients with their history: megabytes for a large
// company, so the size bound is generous; what the card writes nests about 8 levels.
constexpr json_bounds stored_file_bounds{256u << 20, 64};

bool schema_ok(const json& doc) {
    return doc.is_object() && doc.value("schema", 0) >= 1 && doc.value("schema", 0) <= schema_version;
}
}  // namespace

std::variant<stored_state, error> decode_storage(const std::map<std::string, std::string>& files) {
    stored_state st;
    for (const auto& [path, text] : files) {
        std::string why;
        auto parsed = parse_bounded(text, stored_file_bounds, why);
        if (!parsed || !parsed->is_object()) return damaged(path);
        const json& doc = *parsed;
        if (doc.value("schema", 0) > schema_version)
            return error{"err.schema_unsupported", "", std::to_string(doc.value("schema", 0))};
        if (!schema_ok(doc)) return damaged(path);
        try {
            if (path == meta_path) {
                st.found = true;
                st.meta.device = doc.at("device").get<std::string>();
                st.meta.next_seq = doc.value("next_seq", std::int64_t{1});
                st.meta.server_version = doc.value("server_version", std::int64_t{0});
                st.meta.locale = doc.value("locale", std::string("en"));
            } else if (path.rfind("base/", 0) == 0) {
                for (const auto& cj : doc.at("clients")) {
                    client c = cj.get<client>();
                    st.base[c.id] = std::move(c);
                }
                const json history = doc.value("history", json::object());  // must outlive items()
                for (const auto& [id, entries] : history.items())
                    st.base_history[id] = entries.get<std::vector<activity_entry>>();
            } else if (path.rfind("journal/", 0) == 0) {
                st.journal.push_back(doc.at("entry").get<journal_entry>());
            } else if (path == conflicts_path) {
                st.conflicts_found = true;
                st.conflicts = doc.at("conflicts").get<std::vector<conflict>>();
            }
            // Unknown files (a newer build's) are left alone.
        } catch (const json::exception&) {
            return damaged(path);
        }
    }
    std::sort(st.journal.begin(), st.journal.end(),
              [](const journal_entry& a, const journal_entry& b) { return a.op.seq < b.op.seq; });
    for (const auto& e : st.journal) st.meta.next_seq = std::max(st.meta.next_seq, e.op.seq + 1);
    return st;
}

}  // namespace cc
