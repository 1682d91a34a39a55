// telephony_ingest.cpp — sync_service's POST /api/v1/integrations/calls: a telephony
// integration reports a call by its external id; the same id updates the same call, a recording
// that comes later attaches to it (docs/api.md "POST /api/v1/integrations/calls").
#include <string>
#include <string_view>

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

// [SECTION] telephony: calls from an integration ----------------------------------------------------------

namespace {

// What a call event may carry besides its ids and its client: the call's own fields, as the
// kind declares them (core/kinds/call.cpp) and apply_record checks them.
constexpr const char* call_event_fields[] = {"direction", "phone", "started_at", "duration_s", "took_place",
                                             "reason", "reason_text", "note", "manager", "recording"};

reply refuse_event(int status, const error& e, const std::string& message = {}) {
    return {status, {{"error", {{"code", e.code}, {"message", message.empty() ? english_message(e) : message},
                                {"field", e.field}, {"detail", e.detail}}}}};
}

// A refused op of an event answers the event: 403 for the policy, 404 for a client that is not
// there, 400 for what the event said wrong.
int status_of(const std::string& code) {
    if (code == "err.forbidden") return 403;
    if (code == "err.not_found" || code == "err.client_deleted") return 404;
    return 400;
}

}  // namespace

reply sync_service::ingest_call(const user& who, std::string_view body) {
    if (who.role != user_role::integration)
        return fail(403, "err.forbidden", "only an integration account may send calls here; " + who.name + " is " +
                                              (who.role == user_role::admin ? "an admin" : "a manager"));
    if (auto refused = over_push_rate(who)) return *refused;
    if (body.size() > limits_.max_body_bytes)
        return fail(413, "err.too_large", "the event has " + std::to_string(body.size()) + " bytes; at most " +
                                              std::to_string(limits_.max_body_bytes) + " are accepted");
    std::string why;
    auto parsed = parse_bounded(body, {limits_.max_body_bytes, limits_.max_depth}, why);
    if (!parsed) return fail(400, "err.bad_request", "the event is refused: " + why);
    return ingest_within_rate(who, *parsed);
}

reply sync_service::ingest_call(const user& who, const json& body) {
    if (who.role != user_role::integration)
        return fail(403, "err.forbidden", "only an integration account may send calls here; " + who.name + " is " +
                                              (who.role == user_role::admin ? "an admin" : "a manager"));
    if (auto refused = over_push_rate(who)) return *refused;
    return ingest_within_rate(who, body);
}

reply sync_service::ingest_within_rate(const user& who, const json& body) {
    if (!body.is_object()) return fail(400, "err.bad_request", "the event must be a JSON object");
    for (const auto& item : body.items()) {
        const std::string& key = item.key();
        bool known = key == "external_id" || key == "source" || key == "client_id";
        for (const char* f : call_event_fields) known = known || key == f;
        if (!known) return refuse_event(400, {"err.unknown_field", key.substr(0, 40), ""});
    }
    // The integration's ids, checked as the call's fields are (core/kinds/call.cpp).
    if (auto e = check_value(field("external_id", field_type::text, 128).needed(), body.value("external_id", json())))
        return refuse_event(400, *e);
    const std::string external_id = body["external_id"].get<std::string>();
    std::string source = who.name;  // each integration account is a source of its own by default
    if (auto it = body.find("source"); it != body.end()) {
        if (auto e = check_value(field("source", field_type::text, 64).needed(), *it)) return refuse_event(400, *e);
        source = it->get<std::string>();
    }
    // A recording names a file uploaded to /api/v1/files first (its form is the call's check).
    if (auto it = body.find("recording"); it != body.end() && file_exists_ && it->is_object() &&
                                          it->contains("id") && (*it)["id"].is_string()) {
        const std::string& id = (*it)["id"].get_ref<const std::string&>();
        if (id.size() == 64 && !file_exists_(id))
            return refuse_event(400, {"err.file_not_found", "recording", id},
                                "the recording " + in_quotes(id, 64) + " was not uploaded: POST it to /api/v1/files first");
    }
    std::string given_client;
    if (auto it = body.find("client_id"); it != body.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>().empty() ||
            it->get_ref<const std::string&>().size() > limits_.max_id_bytes)
            return refuse_event(400, {"err.bad_value", "client_id", ""});
        given_client = it->get<std::string>();
    }

    const std::string device = integration_device(who.name);
    const std::int64_t now = clock_();
    std::string record_id, client_id;
    bool created = false, client_created = false, applied_any = false;
    std::int64_t version = 0, server_version = 0;
    try {
        auto tx = store_.begin_write();
        if (tx->claim_device(device, who.name) != who.name)
            return fail(403, "err.device_foreign", "the integration device " + in_quotes(device) + " is another user's");
        std::int64_t seq = tx->device_seq(device);
        auto make = [&](const std::string& client, const std::string& kind, json payload) {
            op o;
            o.seq = ++seq;
            o.device = device;
            o.id = device + ":" + std::to_string(o.seq);
            o.client_id = client;
            o.kind = kind;
            o.payload = std::move(payload);
            o.actor = who.name;
            o.at = now;
            return o;
        };
        // Each op goes through process() as a pushed one would: ids, the policy (for the call),
        // apply, the log, the ops table. A refusal answers the event, and the transaction is not
        // committed: nothing of the event is kept.
        std::optional<reply> refused;
        auto run = [&](const op& o, bool server_made) -> std::int64_t {
            const json raw = o;
            json r = process(*tx, who, device, o, raw.dump(-1, ' ', false, json::error_handler_t::replace),
                             applied_any, server_made);
            if (r.value("status", "") == "applied") return r["version"].get<std::int64_t>();
            const json& e = r["error"];
            refused = reply{status_of(e.value("code", "")), {{"error", e}}};
            return 0;
        };

        if (auto existing = tx->external_record("call", source, external_id)) {
            // The same call again: what changed is set, nothing else; a second call is never made.
            record_id = *existing;
            auto stored = tx->record_json(record_id);
            if (!stored) throw store_error("integration_records names a record that is not there: " + record_id);
            const record call = json::parse(*stored).get<record>();
            client_id = call.client_id;
            if (!given_client.empty() && given_client != call.client_id)
                return refuse_event(400, {"err.bad_value", "client_id", call.client_id},
                                    "call " + in_quotes(external_id) + " of " + in_quotes(source) +
                                        " belongs to client " + in_quotes(call.client_id));
            json changed = json::object();
            for (const char* key : call_event_fields)
                if (auto it = body.find(key); it != body.end() && call.get(key) != *it) changed[key] = *it;
            // A call that took place has no reason why it did not: an event saying it took place
            // clears a stored reason without having to send "reason": null.
            if (body.contains("took_place") && body["took_place"] == true && !body.contains("reason") &&
                !call.get("reason").is_null())
                changed["reason"] = nullptr;
            version = call.version;
            if (!changed.empty()) {
                op set = make(client_id, "call.set", std::move(changed));
                set.record_id = record_id;
                version = run(set, false);
                if (refused) return *refused;
            }
        } else {
            if (!given_client.empty()) {
                client_id = given_client;
            } else {
                // The caller's client, found by number; an unknown caller becomes a new client
                // named by the number (as Leeloo.ai does), so the call has a card to be on.
                auto it = body.find("phone");
                if (it == body.end()) return refuse_event(400, {"err.required", "phone", ""});
                if (!it->is_string()) return refuse_event(400, {"err.bad_value", "phone", ""});
                const std::string raw_phone = it->get<std::string>();
                auto number = normalize_phone(raw_phone);
                if (!number) return refuse_event(400, {"err.phone_invalid", "phone", raw_phone.substr(0, 64)});
                for (const auto& id : tx->clients_by_phone(number->e164)) {
                    auto c = tx->client_json(id);
                    const json parsed = c ? json::parse(*c, nullptr, false) : json();
                    if (parsed.is_object() && !(parsed.contains("deleted") && parsed["deleted"] == true)) {
                        client_id = id;
                        break;
                    }
                }
                if (client_id.empty()) {
                    op create = make("", "client.create", {{"name", format_phone(number->e164)}});
                    create.client_id = "c:" + create.id;
                    run(create, true);
                    if (refused) return *refused;
                    run(make(create.client_id, "item.add", {{"list", "phones"}, {"item", {{"type", "other"}, {"raw", raw_phone}}}}),
                        true);
                    if (refused) return *refused;
                    client_id = create.client_id;
                    client_created = true;
                }
            }
            json payload = json::object();
            for (const char* key : call_event_fields)
                if (auto it = body.find(key); it != body.end()) payload[key] = *it;
            payload["external_id"] = external_id;
            payload["source"] = source;
            op call = make(client_id, "call.create", std::move(payload));
            call.record_id = record_id_for("call", call.id);
            version = run(call, false);
            if (refused) return *refused;
            record_id = call.record_id;
            created = true;
            tx->put_external_record("call", source, external_id, record_id);
        }
        server_version = tx->version();
        tx->commit();
    } catch (const std::exception& e) {
        return internal_error("integrations/calls", e.what());
    }
    if (applied_any) publish(server_version);
    return {200, {{"schema", schema_version}, {"record", record_id}, {"client_id", client_id}, {"created", created},
                  {"client_created", client_created}, {"version", version}}};
}

}  // namespace cc::server
