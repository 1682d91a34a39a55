// codec.cpp — JSON codecs. Missing fields take their defaults (older writers); a field of the
// wrong type throws json::exception, which callers turn into err.bad_server_data or a load
// failure. So does a word outside a fixed set ("bogus" as a phone type) and a time that is not
// an integer: decoding never guesses, and never converts a number it has not checked (a double
// such as 1e300 cast to int64 is undefined behaviour).
//
// Index of this file:
// [SECTION] helpers: enum words, integers
// [SECTION] list elements
// [SECTION] client
// [SECTION] records
// [SECTION] op and activity
// [SECTION] journal entries and conflicts (local storage only)
#include "codec.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

namespace cc {
namespace {

// [SECTION] helpers: enum words, integers -----------------------------------------------------

constexpr std::array<const char*, 3> gender_names = {"unknown", "male", "female"};
constexpr std::array<const char*, 6> phone_type_names = {"mobile", "home", "work", "landline", "fax", "other"};
constexpr std::array<const char*, 4> address_type_names = {"home", "work", "postal", "other"};

// The start of a value, for messages about it (a stored file may hold megabytes in one string).
std::string clipped(const json& v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

template <class E, std::size_t N>
std::optional<E> word_to_enum(std::string_view s, const std::array<const char*, N>& names) {
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<E>(i);
    return std::nullopt;
}

// Absent or null: `absent` (an older writer). Any other word: refused, never read as a neutral
// value — a "bogus" phone type silently shown as "other" hides damaged or forged data.
template <class E, std::size_t N>
E enum_from(const json& j, const char* key, const char* what, const std::array<const char*, N>& names, E absent) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return absent;
    if (it->is_string())
        if (auto e = word_to_enum<E>(it->template get_ref<const std::string&>(), names)) return *e;
    throw json::other_error::create(599, std::string(what) + ": unknown value " + clipped(*it), &j);
}

// An integer that fits std::int64_t, or nullopt: checked before any conversion.
std::optional<std::int64_t> as_int64(const json& v) {
    if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<std::int64_t>();
    if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v.get<std::uint64_t>());
    return std::nullopt;
}

// Absent or null: `absent`; an integer: its value; anything else (1.5, 1e300, "x") throws.
std::int64_t int_from(const json& j, const char* key, std::int64_t absent = 0) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return absent;
    if (auto v = as_int64(*it)) return *v;
    throw json::type_error::create(302, std::string(key) + " must be an integer, not " + clipped(*it), &j);
}

template <class T>
void list_from(const json& j, const char* key, std::vector<T>& out) {
    out.clear();
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<std::vector<T>>();
}

std::string str(const json& j, const char* key) { return j.value(key, std::string()); }

}  // namespace

std::optional<gender> gender_from(std::string_view word) { return word_to_enum<gender>(word, gender_names); }
std::optional<phone_type> phone_type_from(std::string_view word) {
    return word_to_enum<phone_type>(word, phone_type_names);
}
std::optional<address_type> address_type_from(std::string_view word) {
    return word_to_enum<address_type>(word, address_type_names);
}

const char* to_string(gender g) { return gender_names[static_cast<std::size_t>(g)]; }
const char* to_string(phone_type t) { return phone_type_names[static_cast<std::size_t>(t)]; }
const char* to_string(address_type t) { return address_type_names[static_cast<std::size_t>(t)]; }

// [SECTION] list elements
void to_json(json& j, const phone& v) {
    j = json{{"id", v.id}, {"type", to_string(v.type)}, {"raw", v.raw}, {"e164", v.e164}, {"extension", v.extension}};
}
void from_json(const json& j, phone& v) {
    v.id = str(j, "id");
    v.type = enum_from(j, "type", "phones.type", phone_type_names, phone_type::other);
    v.raw = str(j, "raw");
    v.e164 = str(j, "e164");
    v.extension = str(j, "extension");
}
void to_json(json& j, const email& v) { j = json{{"id", v.id}, {"address", v.address}}; }
void from_json(const json& j, email& v) { v.id = str(j, "id"); v.address = str(j, "address"); }
void to_json(json& j, const site& v) { j = json{{"id", v.id}, {"url", v.url}}; }
void from_json(const json& j, site& v) { v.id = str(j, "id"); v.url = str(j, "url"); }
void to_json(json& j, const social_profile& v) { j = json{{"id", v.id}, {"network", v.network}, {"url", v.url}}; }
void from_json(const json& j, social_profile& v) {
    v.id = str(j, "id"); v.network = str(j, "network"); v.url = str(j, "url");
}
void to_json(json& j, const channel& v) {
    j = json{{"id", v.id}, {"kind", v.kind}, {"external_id", v.external_id}, {"archived", v.archived}};
}
void from_json(const json& j, channel& v) {
    v.id = str(j, "id"); v.kind = str(j, "kind"); v.external_id = str(j, "external_id");
    v.archived = j.value("archived", false);
}
void to_json(json& j, const address& v) { j = json{{"id", v.id}, {"type", to_string(v.type)}, {"text", v.text}}; }
void from_json(const json& j, address& v) {
    v.id = str(j, "id");
    v.type = enum_from(j, "type", "addresses.type", address_type_names, address_type::other);
    v.text = str(j, "text");
}
void to_json(json& j, const external_id& v) { j = json{{"id", v.id}, {"system", v.system}, {"value", v.value}}; }
void from_json(const json& j, external_id& v) { v.id = str(j, "id"); v.system = str(j, "system"); v.value = str(j, "value"); }

// [SECTION] client
void to_json(json& j, const client& c) {
    j = json{{"id", c.id}, {"name", c.name}, {"nickname", c.nickname}, {"avatar_url", c.avatar_url},
             {"gender", to_string(c.gender)}, {"gender_set_by_hand", c.gender_set_by_hand},
             {"country", c.country}, {"city", c.city}, {"time_zone", c.time_zone},
             {"language", c.language}, {"company", c.company}, {"position", c.position},
             {"note", c.note}, {"spammer", c.spammer}, {"vip", c.vip},
             {"phones", c.phones}, {"emails", c.emails}, {"sites", c.sites}, {"socials", c.socials},
             {"channels", c.channels}, {"addresses", c.addresses}, {"external_ids", c.external_ids},
             {"tags", c.tags}, {"custom", c.custom},
             {"created_at", c.created_at}, {"updated_at", c.updated_at}, {"deleted", c.deleted}};
}
void from_json(const json& j, client& c) {
    if (!j.is_object()) throw json::type_error::create(302, "client must be an object", &j);
    c.id = j.at("id").get<std::string>();
    c.name = str(j, "name");
    c.nickname = str(j, "nickname");
    c.avatar_url = str(j, "avatar_url");
    c.gender = enum_from(j, "gender", "gender", gender_names, gender::unknown);
    c.gender_set_by_hand = j.value("gender_set_by_hand", false);
    c.country = str(j, "country");
    c.city = str(j, "city");
    c.time_zone = str(j, "time_zone");
    c.language = str(j, "language");
    c.company = str(j, "company");
    c.position = str(j, "position");
    c.note = str(j, "note");
    c.spammer = j.value("spammer", false);
    c.vip = j.value("vip", false);
    list_from(j, "phones", c.phones);
    list_from(j, "emails", c.emails);
    list_from(j, "sites", c.sites);
    list_from(j, "socials", c.socials);
    list_from(j, "channels", c.channels);
    list_from(j, "addresses", c.addresses);
    list_from(j, "external_ids", c.external_ids);
    list_from(j, "tags", c.tags);
    c.custom.clear();
    if (auto it = j.find("custom"); it != j.end() && !it->is_null())
        c.custom = it->get<std::map<std::string, std::string>>();
    c.created_at = int_from(j, "created_at");
    c.updated_at = int_from(j, "updated_at");
    c.deleted = j.value("deleted", false);
}

// [SECTION] records ---------------------------------------------------------------------------
void to_json(json& j, const record& r) {
    j = json{{"kind", r.kind},           {"id", r.id},
             {"client_id", r.client_id}, {"fields", r.fields},
             {"created_by", r.created_by}, {"created_at", r.created_at},
             {"updated_by", r.updated_by}, {"updated_at", r.updated_at},
             {"version", r.version},     {"deleted", r.deleted}};
}
void from_json(const json& j, record& r) {
    if (!j.is_object()) throw json::type_error::create(302, "a record must be an object", &j);
    r = record{};
    r.kind = j.at("kind").get<std::string>();
    r.id = j.at("id").get<std::string>();
    r.client_id = j.at("client_id").get<std::string>();
    if (auto it = j.find("fields"); it != j.end()) {
        if (!it->is_object()) throw json::type_error::create(302, "a record's fields must be an object", &*it);
        r.fields = *it;
    }
    r.created_by = str(j, "created_by");
    r.updated_by = str(j, "updated_by");
    r.created_at = int_from(j, "created_at");
    r.updated_at = int_from(j, "updated_at");
    r.version = int_from(j, "version");
    r.deleted = j.value("deleted", false);
}

// [SECTION] op and activity
void to_json(json& j, const op& o) {
    j = json{{"id", o.id}, {"device", o.device}, {"seq", o.seq}, {"client_id", o.client_id},
             {"kind", o.kind}, {"payload", o.payload}, {"actor", o.actor}, {"at", o.at}};
    if (!o.record_id.empty()) j["record"] = o.record_id;
}
// Strict: an op that cannot be read as one (not an object; id, client_id or kind missing or not
// strings; another key of the wrong type) throws. One that can be read but carries what it must
// not gets `defect` set, so the refusal can be recorded against its id (op.hpp).
void from_json(const json& j, op& o) {
    if (!j.is_object()) throw json::type_error::create(302, "an op must be an object", &j);
    o = op{};
    o.id = j.at("id").get<std::string>();
    o.client_id = j.at("client_id").get<std::string>();
    o.kind = j.at("kind").get<std::string>();
    o.device = str(j, "device");
    o.actor = str(j, "actor");
    auto defect = [&](std::string code, std::string field, std::string detail) {
        if (!o.defect) o.defect = error{std::move(code), std::move(field), std::move(detail)};
    };
    for (const auto& item : j.items()) {
        static constexpr std::array<std::string_view, 9> keys = {"id",   "device",  "seq",   "client_id", "kind",
                                                                 "payload", "actor", "at", "record"};
        if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
            defect("err.unknown_field", item.key(), "an op has no key \"" + item.key().substr(0, 40) + "\"");
    }
    if (auto it = j.find("seq"); it != j.end()) {
        if (auto v = as_int64(*it)) o.seq = *v;
        else defect("err.bad_value", "seq", clipped(*it));
    }
    if (auto it = j.find("at"); it != j.end()) {
        if (auto v = as_int64(*it)) o.at = *v;
        else defect("err.bad_value", "at", clipped(*it));
    }
    if (auto it = j.find("payload"); it != j.end()) {
        if (it->is_object()) o.payload = *it;
        else defect("err.bad_value", "payload", clipped(*it));
    }
    if (auto it = j.find("record"); it != j.end()) {
        if (it->is_string()) o.record_id = it->get<std::string>();
        else defect("err.bad_value", "record", clipped(*it));
    }
}
void to_json(json& j, const activity_entry& e) {
    json changes = json::array();
    for (const auto& c : e.changes) changes.push_back({{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
    j = json{{"op_id", e.op_id}, {"actor", e.actor}, {"at", e.at}, {"kind", e.kind}, {"changes", changes},
             {"device", e.device}, {"version", e.version}, {"payload", e.payload}};
    if (!e.record_id.empty()) j["record"] = e.record_id;
}
void from_json(const json& j, activity_entry& e) {
    e.op_id = str(j, "op_id");
    e.actor = str(j, "actor");
    e.at = int_from(j, "at");
    e.kind = str(j, "kind");
    e.changes.clear();
    for (const auto& c : j.value("changes", json::array()))
        e.changes.push_back({str(c, "field"), str(c, "old"), str(c, "new")});
    e.device = str(j, "device");
    e.version = int_from(j, "version");
    e.payload = j.value("payload", json::object());
    e.record_id = str(j, "record");
}

// [SECTION] journal entries and conflicts (local storage only)
constexpr std::array<const char*, 4> op_state_names = {"pending", "sent", "confirmed", "rejected"};
const char* to_string(op_state s) { return op_state_names[static_cast<std::size_t>(s)]; }

void to_json(json& j, const error& e) { j = json{{"code", e.code}, {"field", e.field}, {"detail", e.detail}}; }
void from_json(const json& j, error& e) { e.code = str(j, "code"); e.field = str(j, "field"); e.detail = str(j, "detail"); }

void to_json(json& j, const journal_entry& e) {
    j = json{{"op", e.op}, {"base_version", e.base_version}, {"state", to_string(e.state)},
             {"version", e.version}, {"reason", e.reason}, {"origin", e.origin}};
}
void from_json(const json& j, journal_entry& e) {
    e.op = j.at("op").get<op>();
    if (e.op.defect)  // a journal holds only ops this card made: anything else is damage
        throw json::other_error::create(599, "the op " + e.op.id.substr(0, 130) + " is damaged: " + e.op.defect->code +
                                                 " " + e.op.defect->field, &j);
    e.base_version = int_from(j, "base_version");
    // "sent" is not kept: after a reload nobody knows whether it arrived, so it is sent again
    // (the server answers "duplicate" if it did).
    e.state = enum_from(j, "state", "state", op_state_names, op_state::pending);
    if (e.state == op_state::sent) e.state = op_state::pending;
    e.version = int_from(j, "version");
    e.reason = j.value("reason", json::object()).get<error>();
    e.origin = str(j, "origin");
}

void to_json(json& j, const conflict& c) {
    j = json{{"id", c.id}, {"client_id", c.client_id}, {"field", c.field}, {"their_actor", c.their_actor},
             {"their_at", c.their_at}, {"their_value", c.their_value}, {"my_value", c.my_value},
             {"mine_won", c.mine_won}, {"my_kind", c.my_kind}, {"my_payload", c.my_payload},
             {"their_kind", c.their_kind}, {"their_payload", c.their_payload}};
    if (!c.record_id.empty()) j["record"] = c.record_id;
}
void from_json(const json& j, conflict& c) {
    c.id = j.at("id").get<std::string>();
    c.client_id = j.at("client_id").get<std::string>();
    c.field = str(j, "field");
    c.their_actor = str(j, "their_actor");
    c.their_at = int_from(j, "their_at");
    c.their_value = str(j, "their_value");
    c.my_value = str(j, "my_value");
    c.mine_won = j.value("mine_won", true);
    c.my_kind = str(j, "my_kind");
    c.my_payload = j.value("my_payload", json::object());
    c.their_kind = str(j, "their_kind");
    c.their_payload = j.value("their_payload", json::object());
    c.record_id = str(j, "record");
}

}  // namespace cc
