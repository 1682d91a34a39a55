// codec_write.cpp — clients, records and log entries written as JSON text straight from the
// structs, without building a json document first. The text is byte for byte what
// `json(x).dump()` gives (keys in the order of nlohmann's std::map, strings escaped as its
// serializer does), so a store written this way is the one today's loader reads, and a test
// compares the two (tests/core/snapshot_store_test.cpp). Encoding every shard at the end of a
// first download spent most of its time allocating and freeing the documents.
//
// Index of this file:
// [SECTION] scalars: strings, numbers, booleans
// [SECTION] list elements and the client
// [SECTION] records and log entries
#include <charconv>

#include "codec.hpp"
#include "text.hpp"

namespace cc {
namespace {

// [SECTION] scalars: strings, numbers, booleans ---------------------------------------------

void codec_put_string(std::string& out, const std::string& s) {
    const std::size_t start = out.size();
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        // A run of printable ASCII that needs no escape goes in at once.
        std::size_t j = i;
        while (j < s.size()) {
            const unsigned char c = static_cast<unsigned char>(s[j]);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
            ++j;
        }
        if (j > i) {
            out.append(s, i, j - i);
            i = j;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence_length(s, i);
            if (n == 0) {  // nlohmann's dump refuses it; so do we, by handing the string to it
                // Not UTF-8: what the json serializer does with it (it throws type_error 316).
                out.resize(start);
                out += json(s).dump();
                return;
            }
            out.append(s, i, n);
            i += n;
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
            }
        }
        ++i;
    }
    out.push_back('"');
}

void codec_put_string(std::string& out, const char* word) {  // enum words: plain ASCII
    out.push_back('"');
    out += word;
    out.push_back('"');
}

void codec_put_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void codec_put_bool(std::string& out, bool v) { out += v ? "true" : "false"; }

// Any json value (a record's fields, a log entry's payload), as dump() writes it. Floating-point
// numbers (and the rare rest) are left to dump(): its shortest round-trip digits are its own.
// The depth is that of a document read with its nesting bounded (json_limits.hpp).
void codec_put_value(std::string& out, const json& v) {
    switch (v.type()) {
        case json::value_t::object: {
            out.push_back('{');
            bool first = true;
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!first) out.push_back(',');
                first = false;
                codec_put_string(out, it.key());
                out.push_back(':');
                codec_put_value(out, it.value());
            }
            out.push_back('}');
            break;
        }
        case json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v) {
                if (!first) out.push_back(',');
                first = false;
                codec_put_value(out, item);
            }
            out.push_back(']');
            break;
        }
        case json::value_t::string: codec_put_string(out, v.get_ref<const std::string&>()); break;
        case json::value_t::boolean: codec_put_bool(out, v.get<bool>()); break;
        case json::value_t::number_integer: codec_put_int(out, v.get<std::int64_t>()); break;
        case json::value_t::number_unsigned: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, v.get<std::uint64_t>());
            out.append(buf, r.ptr);
            break;
        }
        case json::value_t::null: out += "null"; break;
        default: out += v.dump();
    }
}

// An object being written: key() puts `"key":` (keys are ours, plain ASCII, given in byte
// order), end() closes it.
struct codec_object {
    std::string& out;
    bool first = true;
    explicit codec_object(std::string& o) : out(o) { out.push_back('{'); }
    std::string& key(const char* k) {
        if (!first) out.push_back(',');
        first = false;
        out.push_back('"');
        out += k;
        out += "\":";
        return out;
    }
    void end() { out.push_back('}'); }
};

template <class T, class F>
void codec_put_list(std::string& out, const std::vector<T>& items, F&& one) {
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        one(out, items[i]);
    }
    out.push_back(']');
}

// [SECTION] list elements and the client ------------------------------------------------------
// Each object's keys in byte order, as nlohmann's std::map holds them.

void codec_put_phone(std::string& out, const phone& v) {
    codec_object o(out);
    codec_put_string(o.key("e164"), v.e164);
    codec_put_string(o.key("extension"), v.extension);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("raw"), v.raw);
    codec_put_string(o.key("type"), to_string(v.type));
    o.end();
}
void codec_put_email(std::string& out, const email& v) {
    codec_object o(out);
    codec_put_string(o.key("address"), v.address);
    codec_put_string(o.key("id"), v.id);
    o.end();
}
void codec_put_site(std::string& out, const site& v) {
    codec_object o(out);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("url"), v.url);
    o.end();
}
void codec_put_social(std::string& out, const social_profile& v) {
    codec_object o(out);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("network"), v.network);
    codec_put_string(o.key("url"), v.url);
    o.end();
}
void codec_put_channel(std::string& out, const channel& v) {
    codec_object o(out);
    codec_put_bool(o.key("archived"), v.archived);
    codec_put_string(o.key("external_id"), v.external_id);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("kind"), v.kind);
    o.end();
}
void codec_put_address(std::string& out, const address& v) {
    codec_object o(out);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("text"), v.text);
    codec_put_string(o.key("type"), to_string(v.type));
    o.end();
}
void codec_put_external_id(std::string& out, const external_id& v) {
    codec_object o(out);
    codec_put_string(o.key("id"), v.id);
    codec_put_string(o.key("system"), v.system);
    codec_put_string(o.key("value"), v.value);
    o.end();
}
void codec_put_text(std::string& out, const std::string& v) { codec_put_string(out, v); }

}  // namespace

void write_json(std::string& out, const client& c) {
    codec_object o(out);
    codec_put_list(o.key("addresses"), c.addresses, codec_put_address);
    codec_put_string(o.key("avatar_url"), c.avatar_url);
    codec_put_list(o.key("channels"), c.channels, codec_put_channel);
    codec_put_string(o.key("city"), c.city);
    codec_put_string(o.key("company"), c.company);
    codec_put_string(o.key("country"), c.country);
    codec_put_int(o.key("created_at"), c.created_at);
    {
        codec_object custom(o.key("custom"));
        for (const auto& [k, v] : c.custom) {  // a std::map: already in byte order
            if (!custom.first) out.push_back(',');
            custom.first = false;
            codec_put_string(out, k);
            out.push_back(':');
            codec_put_string(out, v);
        }
        custom.end();
    }
    codec_put_bool(o.key("deleted"), c.deleted);
    codec_put_list(o.key("emails"), c.emails, codec_put_email);
    codec_put_list(o.key("external_ids"), c.external_ids, codec_put_external_id);
    codec_put_string(o.key("gender"), to_string(c.gender));
    codec_put_bool(o.key("gender_set_by_hand"), c.gender_set_by_hand);
    codec_put_string(o.key("id"), c.id);
    codec_put_string(o.key("language"), c.language);
    codec_put_string(o.key("name"), c.name);
    codec_put_string(o.key("nickname"), c.nickname);
    codec_put_string(o.key("note"), c.note);
    codec_put_list(o.key("phones"), c.phones, codec_put_phone);
    codec_put_string(o.key("position"), c.position);
    codec_put_list(o.key("sites"), c.sites, codec_put_site);
    codec_put_list(o.key("socials"), c.socials, codec_put_social);
    codec_put_bool(o.key("spammer"), c.spammer);
    codec_put_list(o.key("tags"), c.tags, codec_put_text);
    codec_put_string(o.key("time_zone"), c.time_zone);
    codec_put_int(o.key("updated_at"), c.updated_at);
    codec_put_bool(o.key("vip"), c.vip);
    o.end();
}

// [SECTION] records and log entries -----------------------------------------------------------
// Their free-form parts (a record's fields, an entry's payload) are json already: written by
// codec_put_value.

void write_json(std::string& out, const record& r) {
    codec_object o(out);
    codec_put_string(o.key("client_id"), r.client_id);
    codec_put_int(o.key("created_at"), r.created_at);
    codec_put_string(o.key("created_by"), r.created_by);
    codec_put_bool(o.key("deleted"), r.deleted);
    codec_put_value(o.key("fields"), r.fields);
    codec_put_string(o.key("id"), r.id);
    codec_put_string(o.key("kind"), r.kind);
    codec_put_int(o.key("updated_at"), r.updated_at);
    codec_put_string(o.key("updated_by"), r.updated_by);
    codec_put_int(o.key("version"), r.version);
    o.end();
}

void write_json(std::string& out, const activity_entry& e) {
    codec_object o(out);
    codec_put_string(o.key("actor"), e.actor);
    codec_put_int(o.key("at"), e.at);
    codec_put_list(o.key("changes"), e.changes, [](std::string& to, const field_change& ch) {
        codec_object c(to);
        codec_put_string(c.key("field"), ch.field);
        codec_put_string(c.key("new"), ch.new_value);
        codec_put_string(c.key("old"), ch.old_value);
        c.end();
    });
    codec_put_string(o.key("device"), e.device);
    codec_put_string(o.key("kind"), e.kind);
    codec_put_string(o.key("op_id"), e.op_id);
    codec_put_value(o.key("payload"), e.payload);
    if (!e.record_id.empty()) codec_put_string(o.key("record"), e.record_id);
    codec_put_int(o.key("version"), e.version);
    o.end();
}

}  // namespace cc
