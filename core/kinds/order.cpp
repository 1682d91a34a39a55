// order.cpp — orders (Leeloo.ai Order History and its regular / recurring toggle; GetCourse's
// Orders tab and "active orders"): what the client ordered, for how much, where it stands, and,
// for a recurring order, its period, next charge and state. Most come from a shop or a payment
// provider through POST /api/v1/integrations/events (docs/api.md) with their own external id;
// a manager may add one on the card. Payments are records of their own (payment.cpp).
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

bool recurring(const record& r) { return r.flag("recurring"); }

// Pause, resume and cancel act on a recurring order in the state that allows them.
std::optional<error> set_state(mutation& m, std::initializer_list<const char*> from, const char* to) {
    if (!recurring(m.before)) return error{"err.not_recurring", "recurring", m.before.text("number")};
    const std::string state = m.before.text("recurring_state");
    bool ok = false;
    for (const char* f : from) ok = ok || state == f;
    if (!ok) return error{"err.bad_state", "recurring_state", state};
    m.after.fields["recurring_state"] = to;
    if (std::string_view(to) == "cancelled") m.after.fields.erase("next_charge_at");
    return std::nullopt;
}

std::optional<error> pause(mutation& m) { return set_state(m, {"active", "past_due"}, "paused"); }
std::optional<error> resume(mutation& m) { return set_state(m, {"paused"}, "active"); }
std::optional<error> cancel_recurring(mutation& m) { return set_state(m, {"active", "past_due", "paused"}, "cancelled"); }

// A recurring order says how often and in what state it is; a one-off order says neither.
std::optional<error> check_order(const record& r) {
    if (recurring(r)) {
        if (r.get("period").is_null()) return error{"err.required", "period", ""};
        if (r.get("recurring_state").is_null()) return error{"err.required", "recurring_state", ""};
    } else {
        for (const char* key : {"period", "next_charge_at", "recurring_state"})
            if (!r.get(key).is_null()) return error{"err.bad_value", key, "recurring"};
    }
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec order_fields[] = {
    spec("number", t::text, 64).needed().searched(),    // the shop's order number: "A-1042"
    spec("title", t::text, 200).searched(),            // what it is for: "Course «Sales 101»"
    spec("items", t::line_items, 100),
    spec("amount", t::money).between(0, money_limit).needed(),
    spec("currency", t::currency).needed(),
    spec("status", t::enumeration)
        .one_of("new|awaiting_payment|partially_paid|paid|failed|refunded|cancelled")
        .needed()
        .defaults_to("new"),
    spec("ordered_at", t::datetime),                    // when the shop took it (created_at: when the card learnt it)
    spec("paid_at", t::datetime),
    spec("manager", t::reference, 128),
    spec("url", t::url, 2048),                          // the order's page in the shop
    spec("recurring", t::boolean).defaults_to(false),
    spec("period", t::enumeration).one_of("week|month|quarter|year"),
    spec("next_charge_at", t::datetime),
    // Paused and cancelled by a person on the card (order.pause / resume / cancel); the
    // provider reports past due.
    spec("recurring_state", t::enumeration)
        .one_of("active|past_due|paused|cancelled")
        .written_by(role_bit::admin | role_bit::manager | role_bit::integration),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec order_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_order() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "order";
        k.fields = fields_of(order_fields);
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"pause", {}, verb::change, pause, {role::admin, role::manager}},
            {"resume", {}, verb::change, resume, {role::admin, role::manager}},
            // Ending a client's recurring payments is an admin's decision.
            {"cancel_recurring", {}, verb::change, cancel_recurring, {role::admin}},
        };
        k.check = check_order;
        k.access = access_of(order_access);
        return k;
    }();
    return def;
}

}  // namespace cc
