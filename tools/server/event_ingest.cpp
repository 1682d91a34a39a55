// event_ingest.cpp — sync_service's POST /api/v1/integrations/events: what a shop, a payment
// provider, a funnel engine, a webinar platform or a site tracker reports about a client, one
// event at a time or {"events": [...]}, each with the source system's own id. Every event becomes
// ops on records (and, for an unknown phone number, on a new client) that go through the same
// process() as a card's pushed ops: the policy, apply_record, the rules across records, the log,
// the ops table. A repeated event (same type's kind, source and external id) updates the record
// it made, never makes a second one. docs/api.md "POST /api/v1/integrations/events".
//
// Index of this file
//   [SECTION] the event types: their kind and fields
//   [SECTION] answers and refusals
//   [SECTION] one event inside a transaction (also the demo data's way in)
//   [SECTION] the endpoint: one event or a batch, one transaction per event
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/phone.hpp"
#include "core/policy.hpp"
#include "core/record_apply.hpp"
#include "core/schema/kind.hpp"
#include "error_text.hpp"
#include "service_replies.hpp"
#include "sync_service.hpp"

namespace cc::server {

// [SECTION] the event types: their kind and fields ----------------------------------------------------

namespace {

// A type of event: the kind of the record it writes, the record's fields it may carry (checked
// by the kind itself, core/kinds/<kind>.cpp), and the words it adds of its own.
struct event_type_def {
    const char* type;
    const char* kind;
    std::vector<const char*> fields;  // passed to the record as they are
    std::vector<const char*> extras;  // read here: order_external_id, action, code, ...
};

const std::vector<event_type_def>& event_types() {
    static const std::vector<event_type_def> types = {
        {"order", "order",
         {"number", "title", "items", "amount", "currency", "status", "ordered_at", "paid_at", "manager", "url",
          "recurring", "period", "next_charge_at", "recurring_state"},
         {}},
        {"payment", "payment",
         {"amount", "currency", "method", "status", "error_code", "error_text", "paid_at", "comment", "order"},
         {"order_external_id"}},
        {"refund", "payment", {"amount", "currency", "method", "status", "paid_at", "comment", "order"},
         {"order_external_id"}},
        {"recurring_charge", "payment",
         {"amount", "currency", "method", "status", "error_code", "error_text", "paid_at", "comment", "order"},
         {"order_external_id", "next_charge_at"}},
        {"balance", "balance", {"account", "amount", "currency", "reason", "order"}, {"order_external_id"}},
        {"registration", "registration", {"registered_at", "player_id"},
         {"code", "amount", "currency", "sold_at", "note"}},
        {"subscription", "subscription", {"channel", "tunnel", "block"}, {"action"}},
        {"membership", "membership", {"product", "granted_at", "expires_at", "order"},
         {"action", "order_external_id"}},
        {"webinar", "webinar", {"webinar", "launch", "first_entry_at", "left_at", "watched_s", "url"}, {}},
        {"visit", "visit", {"url", "title", "visited_at", "duration_s", "referrer"}, {}},
    };
    return types;
}

const event_type_def* find_event_type(std::string_view type) {
    for (const auto& t : event_types())
        if (type == t.type) return &t;
    return nullptr;
}

// The keys every event may carry besides its type's.
constexpr const char* common_event_keys[] = {"type", "external_id", "source", "client_id", "phone", "email"};

std::string known_types_list() {
    std::string out;
    for (const auto& t : event_types()) out += (out.empty() ? "" : ", ") + std::string(t.type);
    return out;
}

// [SECTION] answers and refusals ---------------------------------------------------------------------------

reply event_refusal(int status, const error& e, const std::string& message = {}) {
    return {status, {{"error", {{"code", e.code}, {"message", message.empty() ? english_message(e) : message},
                                {"field", e.field}, {"detail", e.detail}}}}};
}

// A refused op answers its event: 403 for the policy, 404 for a client or record that is not
// there, 409 for a rule across the client's records (a balance below zero, a key used twice, a
// second registration link or subscription), 400 for what the event said wrong.
int event_status_of(const std::string& code) {
    if (code == "err.forbidden") return 403;
    if (code == "err.not_found" || code == "err.client_deleted" || code == "err.record_not_found") return 404;
    if (code == "err.overdraft" || code == "err.duplicate_key" || code == "err.registration_exists" ||
        code == "err.already_subscribed" || code == "err.record_deleted")
        return 409;
    return 400;
}

// The fields of `event` listed in `keys` that differ from the stored record's.
json changed_fields(const json& event, const std::vector<const char*>& keys, const record& stored) {
    json changed = json::object();
    for (const char* key : keys)
        if (auto it = event.find(key); it != event.end() && stored.get(key) != *it) changed[key] = *it;
    return changed;
}

}  // namespace

// [SECTION] one event inside a transaction (also the demo data's way in) -----------------------------------

reply sync_service::ingest_event_in(write_transaction& tx, const user& who, const json& event, bool& applied_any) {
    if (!event.is_object()) return fail(400, "err.bad_request", "an event must be a JSON object");
    auto type_it = event.find("type");
    if (type_it == event.end() || !type_it->is_string())
        return event_refusal(400, {"err.required", "type", ""}, "an event needs \"type\": one of " + known_types_list());
    const event_type_def* type = find_event_type(type_it->get_ref<const std::string&>());
    if (!type)
        return event_refusal(400, {"err.unknown_type", "type", type_it->get<std::string>().substr(0, 40)},
                             "unknown event type " + in_quotes(type_it->get<std::string>(), 40) + "; the types are " +
                                 known_types_list());
    for (const auto& item : event.items()) {
        const std::string& key = item.key();
        bool known = false;
        for (const char* k : common_event_keys) known = known || key == k;
        for (const char* k : type->fields) known = known || key == k;
        for (const char* k : type->extras) known = known || key == k;
        if (!known)
            return event_refusal(400, {"err.unknown_field", key.substr(0, 40), type->type},
                                 "a " + std::string(type->type) + " event has no field " + in_quotes(key, 40));
    }
    if (auto e = check_value(field("external_id", field_type::text, 128).needed(), event.value("external_id", json())))
        return event_refusal(400, *e);
    const std::string external_id = event["external_id"].get<std::string>();
    std::string source = who.name;  // each integration account is a source of its own by default
    if (auto it = event.find("source"); it != event.end()) {
        if (auto e = check_value(field("source", field_type::text, 64).needed(), *it)) return event_refusal(400, *e);
        source = it->get<std::string>();
    }
    std::string given_client;
    if (auto it = event.find("client_id"); it != event.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>().empty() ||
            it->get_ref<const std::string&>().size() > limits_.max_id_bytes)
            return event_refusal(400, {"err.bad_value", "client_id", ""});
        given_client = it->get<std::string>();
    }
    std::string action;
    if (auto it = event.find("action"); it != event.end()) {
        if (!it->is_string()) return event_refusal(400, {"err.bad_value", "action", ""});
        action = it->get<std::string>();
    }
    if (type->kind == std::string_view("subscription")) {
        if (action.empty()) action = "subscribed";
        if (action != "subscribed" && action != "moved" && action != "unsubscribed")
            return event_refusal(400, {"err.bad_value", "action", action.substr(0, 40)},
                                 "a subscription event's action is subscribed, moved or unsubscribed");
    } else if (type->kind == std::string_view("membership")) {
        if (action.empty()) action = "granted";
        if (action != "granted" && action != "revoked")
            return event_refusal(400, {"err.bad_value", "action", action.substr(0, 40)},
                                 "a membership event's action is granted or revoked");
    }

    const std::string device = integration_device(who.name);
    const std::int64_t now = clock_();
    if (tx.claim_device(device, who.name) != who.name)
        return fail(403, "err.device_foreign", "the integration device " + in_quotes(device) + " is another user's");
    std::int64_t seq = tx.device_seq(device);
    auto make = [&](const std::string& client, const std::string& op_kind, json payload) {
        op o;
        o.seq = ++seq;
        o.device = device;
        o.id = device + ":" + std::to_string(o.seq);
        o.client_id = client;
        o.kind = op_kind;
        o.payload = std::move(payload);
        o.actor = who.name;
        o.at = now;
        return o;
    };
    // Each op goes through process() as a pushed one would. A refusal answers the event; the
    // caller does not commit the transaction, so nothing of the event is kept.
    std::optional<reply> refused;
    std::int64_t version = 0;
    auto run = [&](const op& o, bool server_made) {
        const json raw = o;
        json r = process(tx, who, device, o, raw.dump(-1, ' ', false, json::error_handler_t::replace), applied_any,
                         server_made);
        if (r.value("status", "") == "applied") {
            version = r["version"].get<std::int64_t>();
            return true;
        }
        const json& e = r["error"];
        refused = reply{event_status_of(e.value("code", "")), {{"error", e}}};
        return false;
    };
    auto load = [&](const std::string& record_id) -> std::optional<record> {
        auto stored = tx.record_json(record_id);
        if (!stored) return std::nullopt;
        return json::parse(*stored).get<record>();
    };

    // The order an event names by the shop's own id, resolved to the order's record id.
    json fields = json::object();
    for (const char* key : type->fields)
        if (auto it = event.find(key); it != event.end()) fields[key] = *it;
    if (auto it = event.find("order_external_id"); it != event.end()) {
        if (fields.contains("order"))
            return event_refusal(400, {"err.bad_value", "order_external_id", ""},
                                 "give the order as \"order\" (its record id) or \"order_external_id\", not both");
        if (auto e = check_value(field("order_external_id", field_type::text, 128).needed(), *it))
            return event_refusal(400, *e);
        auto order = tx.external_record("order", source, it->get<std::string>());
        if (!order)
            return event_refusal(404, {"err.record_not_found", "order_external_id", it->get<std::string>()},
                                 "no order " + in_quotes(it->get<std::string>()) + " of " + in_quotes(source) +
                                     " is known: send its order event first");
        fields["order"] = *order;
    }

    // A payment, refund, balance entry or membership of a known order is on the order's client.
    if (given_client.empty() && !event.contains("phone") && !event.contains("email") && fields.contains("order") &&
        fields["order"].is_string() && fields["order"].get_ref<const std::string&>().size() <= 160)
        if (auto order = load(fields["order"].get<std::string>()); order && order->kind == "order")
            given_client = order->client_id;

    json answer = {{"type", type->type}, {"external_id", external_id}, {"source", source}};
    bool created = false, client_created = false, changed = false;
    std::string client_id = given_client, record_id;

    // The client of a new record: the one given, or found by phone (an unknown number becomes a
    // new client named by it, as a telephony call does), or by e-mail (an unknown address is 404:
    // an address alone does not make a client).
    auto resolve_client = [&]() -> bool {
        if (!client_id.empty()) return true;
        if (auto it = event.find("phone"); it != event.end()) {
            if (!it->is_string()) return refused = event_refusal(400, {"err.bad_value", "phone", ""}), false;
            const std::string raw_phone = it->get<std::string>();
            auto number = normalize_phone(raw_phone);
            if (!number) return refused = event_refusal(400, {"err.phone_invalid", "phone", raw_phone.substr(0, 64)}), false;
            for (const auto& id : tx.clients_by_phone(number->e164)) {
                auto c = tx.client_json(id);
                const json parsed = c ? json::parse(*c, nullptr, false) : json();
                if (parsed.is_object() && !(parsed.contains("deleted") && parsed["deleted"] == true)) {
                    client_id = id;
                    return true;
                }
            }
            op create = make("", "client.create", {{"name", format_phone(number->e164)}});
            create.client_id = "c:" + create.id;
            if (!run(create, true)) return false;
            if (!run(make(create.client_id, "item.add", {{"list", "phones"}, {"item", {{"type", "other"}, {"raw", raw_phone}}}}),
                     true))
                return false;
            client_id = create.client_id;
            client_created = true;
            return true;
        }
        if (auto it = event.find("email"); it != event.end()) {
            if (!it->is_string() || it->get_ref<const std::string&>().empty())
                return refused = event_refusal(400, {"err.bad_value", "email", ""}), false;
            const std::string address = it->get<std::string>();
            for (const auto& id : tx.clients_by_email(address)) {
                auto c = tx.client_json(id);
                const json parsed = c ? json::parse(*c, nullptr, false) : json();
                if (parsed.is_object() && !(parsed.contains("deleted") && parsed["deleted"] == true)) {
                    client_id = id;
                    return true;
                }
            }
            return refused = event_refusal(404, {"err.not_found", "email", address.substr(0, 64)},
                                           "no client has the e-mail " + in_quotes(address) +
                                               "; give client_id or phone (a phone makes a new client)"),
                   false;
        }
        refused = event_refusal(400, {"err.required", "client_id", ""},
                                "an event names its client: client_id, phone or email");
        return false;
    };
    // A stored record of this event must be the given client's.
    auto same_client = [&](const record& r) {
        if (given_client.empty() || given_client == r.client_id) {
            client_id = r.client_id;
            return true;
        }
        refused = event_refusal(400, {"err.bad_value", "client_id", r.client_id},
                                std::string(type->type) + " " + in_quotes(external_id) + " of " + in_quotes(source) +
                                    " belongs to client " + in_quotes(r.client_id));
        return false;
    };
    // Creates the record (and remembers its external id) or sets what changed on it.
    auto upsert = [&](const char* kind_name, const std::string& ext, json payload) -> bool {
        if (auto existing = tx.external_record(kind_name, source, ext)) {
            auto stored = load(*existing);
            if (!stored) throw store_error("integration_records names a record that is not there: " + *existing);
            if (!same_client(*stored)) return false;
            record_id = *existing;
            version = stored->version;
            std::vector<const char*> keys;
            for (const auto& item : payload.items()) keys.push_back(item.key().c_str());
            json diff = changed_fields(payload, keys, *stored);
            if (diff.empty()) return true;
            op set = make(client_id, std::string(kind_name) + ".set", std::move(diff));
            set.record_id = record_id;
            changed = true;
            return run(set, false);
        }
        if (!resolve_client()) return false;
        payload["external_id"] = ext;
        payload["source"] = source;
        op create = make(client_id, std::string(kind_name) + ".create", std::move(payload));
        create.record_id = record_id_for(kind_name, create.id);
        if (!run(create, false)) return false;
        record_id = create.record_id;
        created = changed = true;
        tx.put_external_record(kind_name, source, ext, record_id);
        return true;
    };
    auto mutate = [&](const std::string& op_kind, json payload) {
        op o = make(client_id, op_kind, std::move(payload));
        o.record_id = record_id;
        changed = true;
        return run(o, false);
    };

    const std::string_view kind_name = type->kind;
    bool ok = true;
    if (type->type == std::string_view("order") || type->type == std::string_view("payment") ||
        type->type == std::string_view("webinar") || type->type == std::string_view("visit")) {
        ok = upsert(type->kind, external_id, fields);
    } else if (type->type == std::string_view("refund")) {
        fields["type"] = "refund";
        ok = upsert("payment", external_id, fields);
    } else if (type->type == std::string_view("recurring_charge")) {
        // A charge of a recurring order: its payment, and the order's next charge and state
        // (past due after a failed charge, active again after one that went through).
        if (!fields.contains("order"))
            return event_refusal(400, {"err.required", "order_external_id", ""},
                                 "a recurring charge names its order (order_external_id or order)");
        auto order = fields["order"].is_string() ? load(fields["order"].get<std::string>()) : std::nullopt;
        if (!order || order->kind != "order")
            return event_refusal(404, {"err.record_not_found", "order", fields["order"].dump().substr(0, 60)});
        if (!order->flag("recurring"))
            return event_refusal(400, {"err.not_recurring", "order", order->text("number")});
        if (!given_client.empty() && given_client != order->client_id)
            return event_refusal(400, {"err.bad_value", "client_id", order->client_id},
                                 "the order belongs to client " + in_quotes(order->client_id));
        client_id = order->client_id;
        fields["type"] = "payment";
        ok = upsert("payment", external_id, fields);
        if (ok) {
            const std::string payment_id = record_id;
            const std::int64_t payment_version = version;
            json order_change = json::object();
            const std::string status = fields.value("status", std::string("succeeded"));
            const std::string state = order->text("recurring_state");
            if (status == "failed" && state == "active") order_change["recurring_state"] = "past_due";
            if (status == "succeeded" && state == "past_due") order_change["recurring_state"] = "active";
            if (auto it = event.find("next_charge_at"); it != event.end() && order->get("next_charge_at") != *it &&
                                                        state != "cancelled")
                order_change["next_charge_at"] = *it;
            if (!order_change.empty()) {
                record_id = order->id;
                ok = mutate("order.set", std::move(order_change));
                answer["order_version"] = version;
            }
            answer["order"] = order->id;
            record_id = payment_id;
            version = payment_version;
        }
    } else if (type->type == std::string_view("balance")) {
        // A ledger entry: its external id is its idempotency key. The same event again is the
        // same entry (nothing changes); another amount under the same id is refused, since
        // entries are never changed (a correction is an entry of its own).
        if (auto existing = tx.external_record("balance", source, external_id)) {
            auto stored = load(*existing);
            if (!stored) throw store_error("integration_records names a record that is not there: " + *existing);
            if (!same_client(*stored)) return *refused;
            record_id = *existing;
            version = stored->version;
            std::vector<const char*> keys = type->fields;
            json diff = changed_fields(fields, keys, *stored);
            if (!diff.empty())
                return event_refusal(409, {"err.append_only", diff.begin().key(), "balance"},
                                     "balance entry " + in_quotes(external_id) + " was recorded already with another " +
                                         diff.begin().key() + "; entries never change: send a correcting entry with a new external_id");
        } else {
            fields["key"] = external_id;
            ok = upsert("balance", external_id, fields);
        }
    } else if (type->type == std::string_view("registration")) {
        // By the card's link: `code` is the registration record's id. Sets the date and the
        // player id; a purchase adds a sale (via=registration_link, one per event id).
        auto code_it = event.find("code");
        if (code_it == event.end() || !code_it->is_string() || code_it->get_ref<const std::string&>().empty())
            return event_refusal(400, {"err.required", "code", ""}, "a registration event carries the link's code");
        const std::string code = code_it->get<std::string>();
        auto reg = code.size() <= 160 ? load(code) : std::nullopt;
        if (!reg || reg->kind != "registration" || reg->deleted)
            return event_refusal(404, {"err.record_not_found", "code", code.substr(0, 60)},
                                 "no registration link has the code " + in_quotes(code));
        if (!same_client(*reg)) return *refused;
        if (!fields.contains("registered_at"))
            return event_refusal(400, {"err.required", "registered_at", ""});
        record_id = reg->id;
        version = reg->version;
        json diff = changed_fields(fields, type->fields, *reg);
        if (reg->text("source") != source) diff["source"] = source;
        if (!diff.empty()) ok = mutate("registration.set", std::move(diff));
        const std::int64_t reg_version = version;
        if (ok && event.contains("amount")) {
            json sale = {{"amount", event["amount"]}, {"via", "registration_link"}, {"registration", reg->id}};
            for (const char* key : {"currency", "note"})
                if (auto it = event.find(key); it != event.end()) sale[key] = *it;
            sale["sold_at"] = event.contains("sold_at") ? event["sold_at"] : event["registered_at"];
            if (auto it = event.find("player_id"); it != event.end()) sale["player_id"] = *it;
            const std::string reg_id = record_id;
            record_id.clear();
            const bool sale_created_before = created;
            ok = upsert("sale", external_id, std::move(sale));
            if (ok) {
                answer["sale"] = record_id;
                answer["sale_created"] = created && !sale_created_before;
            }
            created = sale_created_before;
            record_id = reg_id;
        }
        version = reg_version;
    } else if (kind_name == "subscription") {
        auto existing = tx.external_record("subscription", source, external_id);
        std::optional<record> stored;
        if (existing) {
            stored = load(*existing);
            if (!stored) throw store_error("integration_records names a record that is not there: " + *existing);
            if (!same_client(*stored)) return *refused;
        }
        const bool live = stored && !stored->deleted && stored->text("state") == "active";
        if (action == "unsubscribed") {
            if (!stored)
                return event_refusal(404, {"err.record_not_found", "external_id", external_id},
                                     "no subscription " + in_quotes(external_id) + " of " + in_quotes(source) + " is known");
            record_id = stored->id;
            version = stored->version;
            if (live) ok = mutate("subscription.unsubscribe", json::object());
        } else if (live) {
            // Subscribed again or moved: the block it is at now; the channel and the tunnel are
            // what the subscription is, and do not change.
            for (const char* key : {"channel", "tunnel"})
                if (auto it = event.find(key); it != event.end() && stored->get(key) != *it)
                    return event_refusal(400, {"err.bad_value", key, stored->text(key)},
                                         std::string("a subscription's ") + key + " does not change; a new one has its own external_id");
            record_id = stored->id;
            version = stored->version;
            if (auto it = event.find("block"); it != event.end() && stored->get("block") != *it)
                ok = mutate("subscription.move", {{"block", *it}});
        } else {
            // New, or subscribed again after an unsubscription: a new subscription record (the
            // old one stays in the history), and the external id names the new one.
            if (!resolve_client()) return *refused;
            json payload = fields;
            payload["external_id"] = external_id;
            payload["source"] = source;
            op create = make(client_id, "subscription.create", std::move(payload));
            create.record_id = record_id_for("subscription", create.id);
            ok = run(create, false);
            if (ok) {
                record_id = create.record_id;
                created = changed = true;
                tx.put_external_record("subscription", source, external_id, record_id);
            }
        }
    } else if (kind_name == "membership") {
        auto existing = tx.external_record("membership", source, external_id);
        if (action == "revoked") {
            if (!existing)
                return event_refusal(404, {"err.record_not_found", "external_id", external_id},
                                     "no membership " + in_quotes(external_id) + " of " + in_quotes(source) + " is known");
            auto stored = load(*existing);
            if (!stored) throw store_error("integration_records names a record that is not there: " + *existing);
            if (!same_client(*stored)) return *refused;
            record_id = stored->id;
            version = stored->version;
            if (stored->text("state") == "active") ok = mutate("membership.revoke", json::object());
        } else if (existing) {
            auto stored = load(*existing);
            if (!stored) throw store_error("integration_records names a record that is not there: " + *existing);
            if (!same_client(*stored)) return *refused;
            record_id = stored->id;
            version = stored->version;
            if (stored->text("state") != "active") ok = mutate("membership.grant", json::object());
            if (ok) {
                auto now_stored = load(record_id);
                json diff = changed_fields(fields, type->fields, *now_stored);
                if (!diff.empty()) ok = mutate("membership.set", std::move(diff));
            }
        } else {
            if (!fields.contains("granted_at")) fields["granted_at"] = now;
            ok = upsert("membership", external_id, fields);
        }
    }
    if (!ok || refused) return refused ? *refused : fail(500, "err.internal", "the event was not applied");
    answer["record"] = record_id;
    answer["client_id"] = client_id;
    answer["created"] = created;
    answer["client_created"] = client_created;
    answer["changed"] = changed;
    answer["version"] = version;
    return {200, std::move(answer)};
}

// [SECTION] the endpoint: one event or a batch, one transaction per event ------------------------------

reply sync_service::ingest_events(const user& who, std::string_view body) {
    if (who.role != user_role::integration)
        return fail(403, "err.forbidden", "only an integration account may send events; " + who.name + " is " +
                                              (who.role == user_role::admin ? "an admin" : "a manager"));
    if (auto refused = over_push_rate(who)) return *refused;
    if (body.size() > limits_.max_body_bytes)
        return fail(413, "err.too_large", "the request has " + std::to_string(body.size()) + " bytes; at most " +
                                              std::to_string(limits_.max_body_bytes) + " are accepted");
    std::string why;
    auto parsed = parse_bounded(body, {limits_.max_body_bytes, limits_.max_depth}, why);
    if (!parsed) return fail(400, "err.bad_request", "the event is refused: " + why);
    return ingest_events_within_rate(who, *parsed);
}

reply sync_service::ingest_events(const user& who, const json& body) {
    if (who.role != user_role::integration)
        return fail(403, "err.forbidden", "only an integration account may send events; " + who.name + " is " +
                                              (who.role == user_role::admin ? "an admin" : "a manager"));
    if (auto refused = over_push_rate(who)) return *refused;
    return ingest_events_within_rate(who, body);
}

reply sync_service::ingest_one_event(const user& who, const json& event) {
    bool applied_any = false;
    reply answer;
    std::int64_t server_version = 0;
    try {
        auto tx = store_.begin_write();
        answer = ingest_event_in(*tx, who, event, applied_any);
        if (answer.status != 200) return answer;  // rolled back: nothing of the event is kept
        server_version = tx->version();
        tx->commit();
    } catch (const std::exception& e) {
        return internal_error("integrations/events", e.what());
    }
    if (applied_any) publish(server_version);
    return answer;
}

reply sync_service::ingest_events_within_rate(const user& who, const json& body) {
    if (!body.is_object()) return fail(400, "err.bad_request", "the body must be an event object or {\"events\": [...]}");
    if (!body.contains("events")) {
        reply r = ingest_one_event(who, body);
        if (r.status == 200) r.body["schema"] = schema_version;
        return r;
    }
    if (body.size() != 1)
        return fail(400, "err.bad_request", "a batch is {\"events\": [...]} and nothing else");
    const json& events = body["events"];
    if (!events.is_array() || events.empty())
        return fail(400, "err.bad_request", "\"events\" must be an array of 1 or more events");
    if (events.size() > limits_.max_events)
        return fail(413, "err.too_many_events", "the batch has " + std::to_string(events.size()) + " events; at most " +
                                                    std::to_string(limits_.max_events) + " are accepted per request");
    json results = json::array();
    for (const json& event : events) {
        reply r = ingest_one_event(who, event);
        json one = r.body;
        one["status"] = r.status;
        results.push_back(std::move(one));
    }
    return {200, {{"schema", schema_version}, {"results", std::move(results)}}};
}

}  // namespace cc::server
