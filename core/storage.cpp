// storage.cpp — encoding and decoding the IDBFS layout.
#include "storage.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

#include "codec.hpp"
#include "files.hpp"
#include "json_limits.hpp"
#include "phone.hpp"

namespace cc {

int shard_of(const std::string& client_id) {
    std::uint32_t h = 2166136261u;  // FNV-1a: stable across builds and platforms
    for (unsigned char c : client_id) { h ^= c; h *= 16777619u; }
    return static_cast<int>(h % shard_count);
}

std::string shard_path(int shard) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "shards/%02d.json", shard);
    return buf;
}

std::string legacy_shard_path(int shard) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "base/%02d.json", shard);
    return buf;
}

int shard_of_path(const std::string& path) {
    std::size_t at = 0;
    if (path.rfind("shards/", 0) == 0) at = 7;
    else if (path.rfind("base/", 0) == 0) at = 5;
    else return -1;
    if (path.size() != at + 7 || path.compare(at + 2, 5, ".json") != 0) return -1;
    const char a = path[at], b = path[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    const int s = (a - '0') * 10 + (b - '0');
    return s < shard_count ? s : -1;
}

// [SECTION] index.bin --------------------------------------------------------------------------
index_row row_of(const client& c) {
    index_row r;
    r.name = c.name;
    r.vip = c.vip;
    if (!c.phones.empty()) {
        const phone& p = c.phones.front();
        r.detail = p.e164.empty() ? p.raw : format_phone(p.e164);
    } else if (!c.emails.empty()) {
        r.detail = c.emails.front().address;
    } else {
        r.detail = c.company;
    }
    return r;
}

namespace {
constexpr char index_magic[4] = {'C', 'C', 'I', 'X'};
constexpr std::size_t index_header = 4 + 4 + 4 + 4 + 8;

std::uint32_t fnv1a(const char* p, std::size_t n) {
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < n; ++i) { h ^= static_cast<unsigned char>(p[i]); h *= 16777619u; }
    return h;
}
void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
// Format 2: a string is its length as a LEB128 number (one byte below 128), then its bytes.
void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}
void put_str(std::string& out, const std::string& s) {
    put_varint(out, s.size());
    out += s;
}
// The text starts with the folded name (search_entry): the sort key is then not stored again.
bool sort_key_leads_text(const search_entry& e) {
    return e.text.size() >= e.sort_key.size() && e.text.compare(0, e.sort_key.size(), e.sort_key) == 0 &&
           (e.text.size() == e.sort_key.size() || e.text[e.sort_key.size()] == '\n') &&
           e.sort_key.find('\n') == std::string::npos;
}
constexpr std::uint64_t flag_deleted = 1, flag_vip = 2, flag_sort_key_in_text = 4;

// Reads the body; every read checks what is left, so a damaged file never reads past its end.
struct reader {
    const std::string& b;
    std::size_t at = 0;
    bool ok = true;
    std::uint64_t num(int bytes) {
        if (!ok || b.size() - at < static_cast<std::size_t>(bytes)) { ok = false; return 0; }
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(b[at + i])} << (8 * i);
        at += static_cast<std::size_t>(bytes);
        return v;
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; ok && shift < 35; shift += 7) {
            if (at >= b.size()) break;
            const auto c = static_cast<unsigned char>(b[at++]);
            v |= std::uint64_t{c & 0x7fu} << shift;
            if (!(c & 0x80)) return v;
        }
        ok = false;  // ran past the end, or longer than a u32 needs
        return 0;
    }
    // Format 1: u32 lengths; format 2: LEB128 lengths.
    std::string str(std::uint32_t format) {
        const std::uint64_t n = format == 1 ? num(4) : varint();
        if (!ok || b.size() - at < n) { ok = false; return {}; }
        std::string s = b.substr(at, static_cast<std::size_t>(n));
        at += static_cast<std::size_t>(n);
        return s;
    }
};
}  // namespace

std::string encode_index(const std::vector<index_record>& records) {
    std::string body;
    for (const auto& r : records) {
        const bool key_in_text = sort_key_leads_text(r.entry);
        body.push_back(static_cast<char>(shard_of(r.entry.id)));
        body.push_back(static_cast<char>((r.entry.deleted ? flag_deleted : 0) | (r.row.vip ? flag_vip : 0) |
                                         (key_in_text ? flag_sort_key_in_text : 0)));
        put_str(body, r.entry.id);
        if (!key_in_text) put_str(body, r.entry.sort_key);
        put_str(body, r.entry.text);
        put_str(body, r.entry.digits);
        put_str(body, r.row.name);
        put_str(body, r.row.detail);
    }
    std::string out(index_magic, 4);
    put_u32(out, index_format_version);
    put_u32(out, static_cast<std::uint32_t>(records.size()));
    put_u32(out, fnv1a(body.data(), body.size()));
    put_u64(out, body.size());
    out += body;
    return out;
}

std::optional<std::vector<index_record>> decode_index(const std::string& bytes) {
    if (bytes.size() < index_header || bytes.compare(0, 4, index_magic, 4) != 0) return std::nullopt;
    reader h{bytes, 4};
    const auto version = h.num(4);
    const auto count = h.num(4);
    const auto sum = h.num(4);
    const auto size = h.num(8);
    // Format 1 (the first index-first build) is still read; a newer one is not.
    if (!h.ok || version < 1 || version > index_format_version || size != bytes.size() - index_header)
        return std::nullopt;
    const auto format = static_cast<std::uint32_t>(version);
    if (fnv1a(bytes.data() + index_header, bytes.size() - index_header) != sum) return std::nullopt;
    // Each record takes at least 26 bytes (format 1) or 7 (format 2): a count beyond that is a
    // damaged header.
    if (count > (bytes.size() - index_header) / (format == 1 ? 26 : 7)) return std::nullopt;
    std::vector<index_record> out;
    out.reserve(static_cast<std::size_t>(count));
    reader r{bytes, index_header};
    for (std::uint64_t i = 0; i < count; ++i) {
        index_record rec;
        const auto shard = r.num(1);
        const auto flags = r.num(1);
        rec.entry.id = r.str(format);
        const bool key_in_text = format >= 2 && (flags & flag_sort_key_in_text);
        if (!key_in_text) rec.entry.sort_key = r.str(format);
        rec.entry.text = r.str(format);
        if (key_in_text) rec.entry.sort_key = rec.entry.text.substr(0, rec.entry.text.find('\n'));
        rec.entry.digits = r.str(format);
        rec.row.name = r.str(format);
        rec.row.detail = r.str(format);
        if (!r.ok || rec.entry.id.empty() || static_cast<int>(shard) != shard_of(rec.entry.id)) return std::nullopt;
        rec.entry.deleted = (flags & flag_deleted) != 0;
        rec.row.vip = (flags & flag_vip) != 0;
        out.push_back(std::move(rec));
    }
    if (r.at != bytes.size()) return std::nullopt;
    return out;
}

std::string journal_path(std::int64_t seq) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "journal/%012lld.json", static_cast<long long>(seq));
    return buf;
}

std::string encode_meta(const stored_meta& m) {
    return json{{"schema", store_schema_version}, {"device", m.device}, {"next_seq", m.next_seq},
                {"server_version", m.server_version}, {"locale", m.locale}, {"log_filter", m.log_filter},
                {"sale_notices", m.sale_notices}}.dump();
}

// Written as text straight from the structs (write_json): the same bytes as the document
// {"clients":[...],"history":{id:[...]},"records":[...],"schema":N} dumped, keys in its order,
// at a fraction of the cost (docs/storage.md, "Writing the shards").
std::vector<std::pair<std::string, std::string>> encode_shards(const client_store& store,
                                                               const std::set<int>& shards) {
    struct shard_parts {
        std::string clients, records;
        std::vector<std::pair<const std::string*, const std::vector<activity_entry>*>> history;
    };
    std::map<int, shard_parts> parts;
    for (int s : shards) parts[s];
    for (const auto& [id, c] : store.base) {
        auto it = parts.find(shard_of(id));
        if (it == parts.end()) continue;
        std::string& out = it->second.clients;
        if (!out.empty()) out.push_back(',');
        write_json(out, c);
        if (auto h = store.base_history.find(id); h != store.base_history.end() && !h->second.empty())
            it->second.history.emplace_back(&h->first, &h->second);
    }
    for (const auto& [id, r] : store.record_base) {
        auto it = parts.find(shard_of(r.client_id));
        if (it == parts.end()) continue;
        std::string& out = it->second.records;
        if (!out.empty()) out.push_back(',');
        write_json(out, r);
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [s, part] : parts) {
        std::string text;
        text.reserve(part.clients.size() + part.records.size() + 64);
        text += "{\"clients\":[";
        text += part.clients;
        part.clients = std::string();
        text += "],\"history\":";
        // An object's members in key order, as the document would hold them.
        std::sort(part.history.begin(), part.history.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
        text.push_back('{');
        for (std::size_t i = 0; i < part.history.size(); ++i) {
            if (i) text.push_back(',');
            text += json(*part.history[i].first).dump();
            text += ":[";
            const auto& entries = *part.history[i].second;
            for (std::size_t k = 0; k < entries.size(); ++k) {
                if (k) text.push_back(',');
                write_json(text, entries[k]);
            }
            text.push_back(']');
        }
        text += "},\"records\":[";
        text += part.records;
        text += "],\"schema\":" + std::to_string(store_schema_version) + "}";
        out.emplace_back(shard_path(s), std::move(text));
    }
    return out;
}

std::int64_t journal_seq(const std::string& path) {
    if (path.rfind("journal/", 0) != 0) return 0;
    return std::strtoll(path.c_str() + 8, nullptr, 10);
}

std::string encode_journal_entry(const journal_entry& e) {
    return json{{"schema", store_schema_version}, {"entry", e}}.dump();
}

std::string encode_conflicts(const std::vector<conflict>& cs) {
    return json{{"schema", store_schema_version}, {"conflicts", cs}}.dump();
}

namespace {
error damaged(const std::string& path) { return error{"err.storage_damaged", "", path}; }

// Stored files are ours, but a damaged or tampered IndexedDB must give "damaged", never a stack
// overflow. A base shard holds 1/64 of the clients with their history: megabytes for a large
// company, so the size bound is generous; what the card writes nests about 8 levels.
constexpr json_bounds stored_file_bounds{256u << 20, 64};

// Seqs count one device's edits from 1: 2^62 is beyond any device's lifetime and leaves room for
// the +1s done on them (the next seq) without overflow.
constexpr std::int64_t max_stored_seq = std::int64_t{1} << 62;

// An integer member: `fallback` when absent, nullopt (a damaged file) when it is not an integer
// in [lo, hi]. A float such as 1e300 never reaches a cast to int64 (undefined behaviour).
std::optional<std::int64_t> int_member(const json& doc, const char* key, std::int64_t fallback,
                                       std::int64_t lo, std::int64_t hi) {
    const auto it = doc.find(key);
    if (it == doc.end()) return fallback;
    std::int64_t v = 0;
    if (it->is_number_unsigned()) {
        const std::uint64_t u = it->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(hi)) return std::nullopt;
        v = static_cast<std::int64_t>(u);
    } else if (it->is_number_integer()) {
        v = it->get<std::int64_t>();
    } else {
        return std::nullopt;
    }
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

// Thrown inside decode_storage's try for a member out of range: the file is damaged.
[[noreturn]] void out_of_range(const char* key) {
    throw json::other_error::create(501, std::string(key) + " is out of range", nullptr);
}
std::int64_t checked(std::optional<std::int64_t> v, const char* key) {
    if (!v) out_of_range(key);
    return *v;
}
}  // namespace

namespace {
void read_shard(const json& doc, stored_state& st) {
    for (const auto& cj : doc.at("clients")) {
        client c = cj.get<client>();
        st.base[c.id] = std::move(c);
    }
    const json history = doc.value("history", json::object());  // must outlive items()
    for (const auto& [id, entries] : history.items())
        st.base_history[id] = entries.get<std::vector<activity_entry>>();
    if (auto it = doc.find("records"); it != doc.end())  // absent in schema 1
        for (const auto& rj : *it) st.records.push_back(rj.get<record>());
}
}  // namespace

std::optional<error> decode_shard(const std::string& path, const std::string& text, stored_state& st) {
    std::string why;
    auto parsed = parse_bounded(text, stored_file_bounds, why);
    if (!parsed || !parsed->is_object()) return damaged(path);
    const auto schema = int_member(*parsed, "schema", 0, std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max());
    if (!schema) return damaged(path);
    if (*schema > store_schema_version) return error{"err.schema_unsupported", "", std::to_string(*schema)};
    if (*schema < 1) return damaged(path);
    try {
        read_shard(*parsed, st);
    } catch (const json::exception&) {
        return damaged(path);
    }
    return std::nullopt;
}

std::variant<stored_state, error> decode_storage(const std::map<std::string, std::string>& files) {
    stored_state st;
    for (const auto& [path, text] : files) {
        // The upload queue (files.hpp) is decoded by the app; the bytes of queued files are not
        // JSON, nor is the index (decode_index).
        if (path == uploads_path || path.rfind("uploads/", 0) == 0 || path == index_path) continue;
        std::string why;
        auto parsed = parse_bounded(text, stored_file_bounds, why);
        if (!parsed || !parsed->is_object()) return damaged(path);
        const json& doc = *parsed;
        // Every read below checks the type first: a member of the wrong type or range is a
        // damaged file, never an exception past this function or a cast out of range.
        const auto schema = int_member(doc, "schema", 0, std::numeric_limits<std::int64_t>::min(),
                                       std::numeric_limits<std::int64_t>::max());
        if (!schema) return damaged(path);
        if (*schema > store_schema_version) return error{"err.schema_unsupported", "", std::to_string(*schema)};
        if (*schema < 1) return damaged(path);
        try {
            if (path == meta_path) {
                st.found = true;
                st.meta.schema = static_cast<int>(*schema);
                st.meta.device = doc.at("device").get<std::string>();
                st.meta.next_seq = checked(int_member(doc, "next_seq", 1, 1, max_stored_seq), "next_seq");
                st.meta.server_version = checked(int_member(doc, "server_version", 0, 0,
                                                            std::numeric_limits<std::int64_t>::max()),
                                                 "server_version");
                st.meta.locale = doc.value("locale", std::string("en"));
                if (auto it = doc.find("log_filter"); it != doc.end())
                    for (const auto& t : *it) st.meta.log_filter.insert(t.get<std::string>());
                if (auto it = doc.find("sale_notices"); it != doc.end() && it->is_array())
                    for (const auto& t : *it)
                        if (t.is_string() && st.meta.sale_notices.size() < 50) st.meta.sale_notices.push_back(t.get<std::string>());
            } else if (shard_of_path(path) >= 0) {
                read_shard(doc, st);
            } else if (path.rfind("journal/", 0) == 0) {
                journal_entry e = doc.at("entry").get<journal_entry>();
                if (e.op.seq < 1 || e.op.seq >= max_stored_seq) out_of_range("seq");
                st.journal.push_back(std::move(e));
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
