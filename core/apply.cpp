// apply.cpp — validation and application of ops.
//
// Index of this file:
// [SECTION] payload keys (what each kind may carry)
// [SECTION] scalar fields
// [SECTION] list elements (one generic implementation over a traits table)
// [SECTION] tags and custom fields
// [SECTION] apply
#include "apply.hpp"

#include <algorithm>
#include <optional>

#include "codec.hpp"
#include "phone.hpp"
#include "text.hpp"
#include "validate.hpp"

namespace cc {
namespace {


// [SECTION] payload keys (what each kind may carry) ----------------------------------------------
// A payload carries only the keys its kind defines (op.hpp): whatever else an op carries would be
// kept in history and sent to every user in every pull, so it refuses the op, naming the key.

std::optional<error> only_keys(const json& payload, std::initializer_list<std::string_view> allowed,
                               std::string_view kind) {
    if (!payload.is_object()) return make_error("err.bad_value", "payload");
    for (const auto& item : payload.items())
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            return make_error("err.unknown_field", item.key(), std::string(kind) + " has no key \"" + item.key().substr(0, 40) + "\"");
    return std::nullopt;
}

std::optional<error> check_payload_keys(const op& o) {
    const std::string_view k = o.kind;
    if (k == "client.delete" || k == "client.restore") return only_keys(o.payload, {}, k);
    if (k == "item.add") return only_keys(o.payload, {"list", "item"}, k);
    if (k == "item.update") return only_keys(o.payload, {"list", "id", "item"}, k);
    if (k == "item.remove") return only_keys(o.payload, {"list", "id"}, k);
    if (k == "tag.add" || k == "tag.remove") return only_keys(o.payload, {"tag"}, k);
    if (k == "custom.set") return only_keys(o.payload, {"key", "value"}, k);
    if (k == "custom.remove") return only_keys(o.payload, {"key"}, k);
    return std::nullopt;  // client.create and client.set: set_scalar refuses unknown fields
}

// The fields an element of each list may carry, as the element codec writes them.
const std::vector<std::string_view>& item_fields(std::string_view list) {
    static const std::vector<std::string_view> phones = {"id", "type", "raw", "e164", "extension"},
                                                emails = {"id", "address"}, sites = {"id", "url"},
                                                socials = {"id", "network", "url"},
                                                channels = {"id", "kind", "external_id", "archived"},
                                                addresses = {"id", "type", "text"},
                                                external_ids = {"id", "system", "value"}, none = {};
    if (list == "phones") return phones;
    if (list == "emails") return emails;
    if (list == "sites") return sites;
    if (list == "socials") return socials;
    if (list == "channels") return channels;
    if (list == "addresses") return addresses;
    if (list == "external_ids") return external_ids;
    return none;
}

// An item (or an item.update's patch) before the element codec reads it: only its list's fields,
// each of its type, enum words from their set, no string longer than its field allows. The
// fields apply derives (id, e164, extension) are bounded too, since the payload is kept as sent.
std::optional<error> check_item(std::string_view list, const json& item) {
    if (!item.is_object()) return make_error("err.bad_value", list);
    const auto& fields = item_fields(list);
    for (const auto& [key, value] : item.items()) {
        if (std::find(fields.begin(), fields.end(), key) == fields.end())
            return make_error("err.unknown_field", key, std::string(list) + " items have no field \"" + key.substr(0, 40) + "\"");
        const std::string where = std::string(list) + "." + key;
        if (key == "archived") {
            if (!value.is_boolean()) return make_error("err.bad_value", where);
            continue;
        }
        if (!value.is_string()) return make_error("err.bad_value", where);
        const std::string& v = value.get_ref<const std::string&>();
        if (key == "type") {
            const bool known = list == "phones" ? phone_type_from(v).has_value() : address_type_from(v).has_value();
            if (!known) return make_error("err.bad_value", where, v.substr(0, 40));
            continue;
        }
        // Every character takes at most 4 bytes: more bytes than 4 x the limit is surely too long
        // (the exact count in characters is checked when the element is normalised).
        const bool derived = key == "id" || key == "e164" || key == "extension";
        const std::size_t limit = max_length(derived ? std::string_view("id") : list);
        if (v.size() > 4 * limit) return make_error("err.too_long", list, std::to_string(limit));
    }
    return std::nullopt;
}

// [SECTION] scalar fields ---------------------------------------------------------------------

struct scalar_field {
    std::string_view name;
    std::string client::*text = nullptr;  // text fields
    bool client::*flag = nullptr;         // boolean fields
};

constexpr scalar_field scalar_fields[] = {
    {"name", &client::name},         {"nickname", &client::nickname},
    {"avatar_url", &client::avatar_url}, {"gender", nullptr},
    {"country", &client::country},   {"city", &client::city},
    {"time_zone", &client::time_zone}, {"language", &client::language},
    {"company", &client::company},   {"position", &client::position},
    {"note", &client::note},         {"spammer", nullptr, &client::spammer},
    {"vip", nullptr, &client::vip},
};

const scalar_field* find_scalar(std::string_view name) {
    for (const auto& f : scalar_fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::optional<error> check_scalar(std::string_view field, const std::string& v) {
    if (field == "name") return check_name(v);
    if (field == "avatar_url") return v.empty() ? std::nullopt : check_url(field, v);
    if (field == "time_zone") return check_time_zone(v);
    if (field == "language") return check_language(v);
    return check_text(field, v);
}

std::optional<error> set_scalar(client& c, std::string_view field, const json& value,
                                std::vector<field_change>& changes) {
    const scalar_field* f = find_scalar(field);
    if (!f) return make_error("err.unknown_field", field);
    if (f->flag) {
        if (!value.is_boolean()) return make_error("err.bad_value", field);
        const bool v = value.get<bool>();
        if (c.*(f->flag) != v)
            changes.push_back({std::string(field), c.*(f->flag) ? "true" : "false", v ? "true" : "false"});
        c.*(f->flag) = v;
        return std::nullopt;
    }
    if (!value.is_string()) return make_error("err.bad_value", field);
    std::string v = value.get<std::string>();
    if (field == "gender") {
        const auto known = gender_from(v);
        if (!known) return make_error("err.bad_value", field, v.substr(0, 40));
        const gender g = *known;
        if (c.gender != g) changes.push_back({"gender", to_string(c.gender), v});
        c.gender = g;
        c.gender_set_by_hand = true;
        return std::nullopt;
    }
    if (field != "note") v = trim(v);  // a note keeps its line layout
    if (auto e = check_scalar(field, v)) return e;
    std::string& slot = c.*(f->text);
    if (slot != v) changes.push_back({std::string(field), slot, v});
    slot = std::move(v);
    return std::nullopt;
}

// [SECTION] list elements ---------------------------------------------------------------------

// Validates and normalises one element; `c` is the client without this element, for duplicates.
std::optional<error> normalise(phone& p, const client& c) {
    p.raw = trim(p.raw);
    if (auto e = check_phone(p.raw)) return e;
    auto n = normalize_phone(p.raw);
    p.e164 = n->e164;
    p.extension = n->extension;
    for (const auto& other : c.phones)
        if (other.id != p.id && other.e164 == p.e164 && other.extension == p.extension)
            return make_error("err.duplicate", "phones", p.raw);
    return std::nullopt;
}
std::optional<error> normalise(email& m, const client& c) {
    m.address = trim(m.address);
    if (auto e = check_email(m.address)) return e;
    for (const auto& other : c.emails)
        if (other.id != m.id && fold(other.address) == fold(m.address))
            return make_error("err.duplicate", "emails", m.address);
    return std::nullopt;
}
std::optional<error> normalise(site& s, const client&) {
    s.url = trim(s.url);
    return check_url("sites", s.url);
}
std::optional<error> normalise(social_profile& s, const client&) {
    s.network = trim(s.network);
    s.url = trim(s.url);
    if (auto e = check_text("network", s.network)) return e;
    return check_url("socials", s.url);
}
std::optional<error> normalise(channel& ch, const client&) {
    ch.kind = trim(ch.kind);
    ch.external_id = trim(ch.external_id);
    if (ch.kind.empty()) return make_error("err.bad_value", "channels", "kind");
    if (auto e = check_text("channels", ch.kind)) return e;
    return check_text("channels", ch.external_id);
}
std::optional<error> normalise(address& a, const client&) {
    a.text = trim(a.text);
    if (a.text.empty()) return make_error("err.bad_value", "addresses");
    return check_text("addresses", a.text);
}
std::optional<error> normalise(external_id& x, const client&) {
    x.system = trim(x.system);
    x.value = trim(x.value);
    if (x.value.empty()) return make_error("err.bad_value", "external_ids");
    if (auto e = check_text("external_ids", x.system)) return e;
    return check_text("external_ids", x.value);
}

// How an element reads in the activity log.
std::string describe(const phone& p) { return p.raw; }
std::string describe(const email& m) { return m.address; }
std::string describe(const site& s) { return s.url; }
std::string describe(const social_profile& s) { return s.network + " " + s.url; }
std::string describe(const channel& ch) {
    return ch.kind + " " + ch.external_id + (ch.archived ? " (archived)" : "");
}
std::string describe(const address& a) { return std::string(to_string(a.type)) + ": " + a.text; }
std::string describe(const external_id& x) { return x.system + " " + x.value; }

template <class T>
std::optional<error> apply_list(client& c, std::vector<T> client::*member, std::string_view list,
                                const op& o, std::vector<field_change>& changes) {
    auto& items = c.*member;
    const json& p = o.payload;
    auto find = [&](const std::string& id) {
        return std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
    };
    try {
        if (o.kind == "item.add") {
            if (items.size() >= max_list_items) return make_error("err.too_many", list, std::to_string(max_list_items));
            if (auto e = check_item(list, p.at("item"))) return e;
            T item = p.at("item").get<T>();
            item.id = o.id;  // stable and unique: the op id
            if (auto e = normalise(item, c)) return e;
            changes.push_back({std::string(list), "", describe(item)});
            items.push_back(std::move(item));
            return std::nullopt;
        }
        const std::string id = p.at("id").get<std::string>();
        if (auto e = check_text("id", id)) return e;
        auto it = find(id);
        if (it == items.end()) return make_error("err.item_not_found", list, id);
        if (o.kind == "item.remove") {
            changes.push_back({std::string(list), describe(*it), ""});
            items.erase(it);
            return std::nullopt;
        }
        // item.update: merge only the fields the op names.
        json merged = *it;
        json patch = p.at("item");
        if (auto e = check_item(list, patch)) return e;
        patch.erase("id");
        merged.merge_patch(patch);
        T item = merged.get<T>();
        item.id = id;
        if (auto e = normalise(item, c)) return e;
        const std::string before = describe(*it), after = describe(item);
        if (before != after) changes.push_back({std::string(list), before, after});
        *it = std::move(item);
        return std::nullopt;
    } catch (const json::exception&) {
        return make_error("err.bad_value", list);
    }
}

std::optional<error> apply_item(client& c, const op& o, std::vector<field_change>& changes) {
    if (!o.payload.is_object() || !o.payload.contains("list") || !o.payload["list"].is_string())
        return make_error("err.bad_value", "list");
    const std::string list = o.payload["list"].get<std::string>();
    if (list == "phones") return apply_list(c, &client::phones, list, o, changes);
    if (list == "emails") return apply_list(c, &client::emails, list, o, changes);
    if (list == "sites") return apply_list(c, &client::sites, list, o, changes);
    if (list == "socials") return apply_list(c, &client::socials, list, o, changes);
    if (list == "channels") return apply_list(c, &client::channels, list, o, changes);
    if (list == "addresses") return apply_list(c, &client::addresses, list, o, changes);
    if (list == "external_ids") return apply_list(c, &client::external_ids, list, o, changes);
    return make_error("err.unknown_field", list);
}

// [SECTION] tags and custom fields ------------------------------------------------------------

std::optional<std::string> payload_string(const op& o, const char* key) {
    if (!o.payload.is_object()) return std::nullopt;
    auto it = o.payload.find(key);
    if (it == o.payload.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<error> apply_tag(client& c, const op& o, std::vector<field_change>& changes) {
    auto tag = payload_string(o, "tag");
    if (!tag) return make_error("err.bad_value", "tags");
    const std::string t = trim(*tag);
    if (auto e = check_text("tags", t)) return e;
    auto same = [&](const std::string& x) { return fold(x) == fold(t); };
    auto it = std::find_if(c.tags.begin(), c.tags.end(), same);
    if (o.kind == "tag.add") {
        if (auto e = check_tag(t)) return e;
        if (it != c.tags.end()) return make_error("err.tag_duplicate", "tags", t);
        if (c.tags.size() >= max_tags) return make_error("err.too_many", "tags", std::to_string(max_tags));
        c.tags.push_back(t);
        changes.push_back({"tags", "", t});
        return std::nullopt;
    }
    if (it == c.tags.end()) return make_error("err.item_not_found", "tags", t);
    changes.push_back({"tags", *it, ""});
    c.tags.erase(it);
    return std::nullopt;
}

std::optional<error> apply_custom(client& c, const op& o, std::vector<field_change>& changes) {
    auto key = payload_string(o, "key");
    if (!key) return make_error("err.bad_value", "custom");
    const std::string k = trim(*key);
    if (k.empty()) return make_error("err.custom_key_empty", "custom");
    if (auto e = check_text("custom_key", k)) return e;
    auto it = c.custom.find(k);
    if (o.kind == "custom.remove") {
        if (it == c.custom.end()) return make_error("err.item_not_found", "custom", k);
        changes.push_back({"custom:" + k, it->second, ""});
        c.custom.erase(it);
        return std::nullopt;
    }
    auto value = payload_string(o, "value");
    if (!value) return make_error("err.bad_value", "custom");
    if (auto e = check_text("custom_value", *value)) return e;
    if (it == c.custom.end() && c.custom.size() >= max_custom_fields)
        return make_error("err.too_many", "custom", std::to_string(max_custom_fields));
    const std::string old = it == c.custom.end() ? std::string() : it->second;
    if (old != *value || it == c.custom.end()) changes.push_back({"custom:" + k, old, *value});
    c.custom[k] = *value;
    return std::nullopt;
}

// client.restore {}: brings a deleted client back as it was when it was deleted. Who may do it is
// the server's policy (admins); here only whether it makes sense.
std::variant<applied, error> apply_restore(const client* before, const op& o) {
    if (!before) return make_error("err.not_found", "", o.client_id);
    if (!before->deleted) return make_error("err.not_deleted", "", o.client_id);
    if (!o.payload.is_object() || !o.payload.empty()) return make_error("err.bad_value");
    applied out;
    out.after = *before;
    out.after.deleted = false;
    out.changes.push_back({"deleted", "true", "false"});
    out.after.updated_at = std::max(out.after.updated_at, o.at);
    return out;
}

}  // namespace

bool is_scalar_field(std::string_view field) { return find_scalar(field) != nullptr; }
bool is_list(std::string_view l) {
    return l == "phones" || l == "emails" || l == "sites" || l == "socials" || l == "channels" ||
           l == "addresses" || l == "external_ids";
}

// [SECTION] apply -----------------------------------------------------------------------------

std::variant<applied, error> apply(const client* before, const op& o) {
    applied out;
    std::optional<error> err;
    if (o.defect) return *o.defect;  // the decoder found something no op may carry
    if ((err = check_payload_keys(o))) return *err;
    if (o.kind == "client.restore") return apply_restore(before, o);
    if (o.kind == "client.create") {
        // A deleted client's id stays taken: it comes back only through client.restore, which
        // the policy gives to admins (a create would let anyone undo an admin's delete).
        if (before && before->deleted) return make_error("err.client_deleted", "", o.client_id);
        if (before) return make_error("err.client_exists", "", o.client_id);
        if (o.client_id.empty()) return make_error("err.bad_value", "id");
        out.after.id = o.client_id;
        out.after.created_at = o.at;
        if (!o.payload.is_object()) return make_error("err.bad_value");
        if (!o.payload.contains("name")) return make_error("err.name_empty", "name");
        for (const auto& [field, value] : o.payload.items())
            if ((err = set_scalar(out.after, field, value, out.changes))) return *err;
    } else {
        if (!before || before->deleted) return make_error("err.not_found", "", o.client_id);
        out.after = *before;
        if (o.kind == "client.set") {
            if (!o.payload.is_object() || o.payload.empty()) return make_error("err.bad_value");
            for (const auto& [field, value] : o.payload.items())
                if ((err = set_scalar(out.after, field, value, out.changes))) return *err;
        } else if (o.kind == "client.delete") {
            out.after.deleted = true;
            out.changes.push_back({"deleted", "false", "true"});
        } else if (o.kind == "item.add" || o.kind == "item.update" || o.kind == "item.remove") {
            if ((err = apply_item(out.after, o, out.changes))) return *err;
        } else if (o.kind == "tag.add" || o.kind == "tag.remove") {
            if ((err = apply_tag(out.after, o, out.changes))) return *err;
        } else if (o.kind == "custom.set" || o.kind == "custom.remove") {
            if ((err = apply_custom(out.after, o, out.changes))) return *err;
        } else {
            return make_error("err.unknown_kind", "", o.kind);
        }
    }
    out.after.updated_at = std::max(out.after.updated_at, o.at);
    return out;
}

activity_entry make_activity(const op& o, std::vector<field_change> changes, bool pending) {
    return activity_entry{o.id, o.actor, o.at, o.kind, o.record_id, std::move(changes), pending, o.device, 0, o.payload};
}

}  // namespace cc
