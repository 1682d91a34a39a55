// codec.cpp — JSON codecs. Missing fields take their defaults (older writers); a field of the
// wrong type throws json::type_error, which callers turn into err.bad_server_data or a load
// failure. Unknown enum words decode to the neutral value (a newer writer's types).
#include "codec.hpp"

#include <array>
#include <string_view>

namespace cc {
namespace {

constexpr std::array<const char*, 3> gender_names = {"unknown", "male", "female"};
constexpr std::array<const char*, 6> phone_type_names = {"mobile", "home", "work", "landline", "fax", "other"};
constexpr std::array<const char*, 4> address_type_names = {"home", "work", "postal", "other"};

template <class E, std::size_t N>
E enum_from(const json& j, const char* key, const std::array<const char*, N>& names, E fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    const std::string s = it->template get<std::string>();
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<E>(i);
    return fallback;
}

template <class T>
void list_from(const json& j, const char* key, std::vector<T>& out) {
    out.clear();
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<std::vector<T>>();
}

std::string str(const json& j, const char* key) { return j.value(key, std::string()); }

}  // namespace

const char* to_string(gender g) { return gender_names[static_cast<std::size_t>(g)]; }
const char* to_string(phone_type t) { return phone_type_names[static_cast<std::size_t>(t)]; }
const char* to_string(address_type t) { return address_type_names[static_cast<std::size_t>(t)]; }

// [SECTION] list elements
void to_json(json& j, const phone& v) {
    j = json{{"id", v.id}, {"type", to_string(v.type)}, {"raw", v.raw}, {"e164", v.e164}, {"extension", v.extension}};
}
void from_json(const json& j, phone& v) {
    v.id = str(j, "id");
    v.type = enum_from(j, "type", phone_type_names, phone_type::other);
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
    v.type = enum_from(j, "type", address_type_names, address_type::other);
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
    c.gender = enum_from(j, "gender", gender_names, gender::unknown);
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
    c.created_at = j.value("created_at", std::int64_t{0});
    c.updated_at = j.value("updated_at", std::int64_t{0});
    c.deleted = j.value("deleted", false);
}

// [SECTION] op and activity
void to_json(json& j, const op& o) {
    j = json{{"id", o.id}, {"device", o.device}, {"seq", o.seq}, {"client_id", o.client_id},
             {"kind", o.kind}, {"payload", o.payload}, {"actor", o.actor}, {"at", o.at}};
}
void from_json(const json& j, op& o) {
    o.id = j.at("id").get<std::string>();
    o.device = str(j, "device");
    o.seq = j.value("seq", std::int64_t{0});
    o.client_id = j.at("client_id").get<std::string>();
    o.kind = j.at("kind").get<std::string>();
    o.payload = j.value("payload", json::object());
    o.actor = str(j, "actor");
    o.at = j.value("at", std::int64_t{0});
}
void to_json(json& j, const activity_entry& e) {
    json changes = json::array();
    for (const auto& c : e.changes) changes.push_back({{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
    j = json{{"op_id", e.op_id}, {"actor", e.actor}, {"at", e.at}, {"kind", e.kind}, {"changes", changes},
             {"device", e.device}, {"version", e.version}, {"payload", e.payload}};
}
void from_json(const json& j, activity_entry& e) {
    e.op_id = str(j, "op_id");
    e.actor = str(j, "actor");
    e.at = j.value("at", std::int64_t{0});
    e.kind = str(j, "kind");
    e.changes.clear();
    for (const auto& c : j.value("changes", json::array()))
        e.changes.push_back({str(c, "field"), str(c, "old"), str(c, "new")});
    e.device = str(j, "device");
    e.version = j.value("version", std::int64_t{0});
    e.payload = j.value("payload", json::object());
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
    e.base_version = j.value("base_version", std::int64_t{0});
    // "sent" is not kept: after a reload nobody knows whether it arrived, so it is sent again
    // (the server answers "duplicate" if it did).
    e.state = enum_from(j, "state", op_state_names, op_state::pending);
    if (e.state == op_state::sent) e.state = op_state::pending;
    e.version = j.value("version", std::int64_t{0});
    e.reason = j.value("reason", json::object()).get<error>();
    e.origin = str(j, "origin");
}

void to_json(json& j, const conflict& c) {
    j = json{{"id", c.id}, {"client_id", c.client_id}, {"field", c.field}, {"their_actor", c.their_actor},
             {"their_at", c.their_at}, {"their_value", c.their_value}, {"my_value", c.my_value},
             {"mine_won", c.mine_won}, {"my_kind", c.my_kind}, {"my_payload", c.my_payload},
             {"their_kind", c.their_kind}, {"their_payload", c.their_payload}};
}
void from_json(const json& j, conflict& c) {
    c.id = j.at("id").get<std::string>();
    c.client_id = j.at("client_id").get<std::string>();
    c.field = str(j, "field");
    c.their_actor = str(j, "their_actor");
    c.their_at = j.value("their_at", std::int64_t{0});
    c.their_value = str(j, "their_value");
    c.my_value = str(j, "my_value");
    c.mine_won = j.value("mine_won", true);
    c.my_kind = str(j, "my_kind");
    c.my_payload = j.value("my_payload", json::object());
    c.their_kind = str(j, "their_kind");
    c.their_payload = j.value("their_payload", json::object());
}

}  // namespace cc
