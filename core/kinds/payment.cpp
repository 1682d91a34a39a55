// payment.cpp — payments and refunds (Leeloo.ai Order History: payment statuses, the provider's
// error code on a failed payment, manual payments confirmed by someone else, a manager assigned
// to a payment; GetCourse "money brought"). A payment reported by a provider carries its
// `source` and counts at once; a manual payment added on the card has none and counts only
// after someone allowed to (an admin, not its author) confirmed it (payment.confirm). Totals:
// core/money_totals.hpp.
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

bool manual(const record& r) { return r.text("source").empty(); }

std::optional<error> confirm(mutation& m) {
    if (!manual(m.before)) return error{"err.not_manual", "", m.before.text("source")};
    if (!m.before.get("confirmed_at").is_null()) return error{"err.already_confirmed", "", m.before.text("confirmed_by")};
    if (m.o.actor == m.before.created_by) return error{"err.own_payment", "", m.o.actor};
    if (m.before.text("status") != "succeeded") return error{"err.bad_state", "status", m.before.text("status")};
    m.after.fields["confirmed_by"] = m.o.actor;
    m.after.fields["confirmed_at"] = m.o.at;
    return std::nullopt;
}

std::optional<error> assign(mutation& m) {
    m.after.fields["assignee"] = m.o.payload.at("assignee");
    return std::nullopt;
}

// A provider's error code belongs to a failed payment only.
std::optional<error> check_payment(const record& r) {
    if (!r.get("error_code").is_null() && r.text("status") != "failed") return error{"err.bad_value", "error_code", "status"};
    return std::nullopt;
}

// What a confirmation vouched for does not change under it; and a payment a provider reported
// (it has a `source`) is the provider's account of what happened: only an integration corrects
// it, while a person may still assign it and comment on it.
std::optional<error> keep_vouched(const record& before, const record& after, const op& o) {
    if (!manual(before) && o.by != role::integration)
        for (const char* key : {"order", "type", "amount", "currency", "method", "status", "error_code", "error_text", "paid_at"})
            if (before.get(key) != after.get(key)) return error{"err.provider_payment", key, before.text("source")};
    if (before.get("confirmed_at").is_null()) return std::nullopt;
    for (const char* key : {"amount", "currency", "type", "status", "paid_at", "order"})
        if (before.get(key) != after.get(key)) return error{"err.confirmed_payment", key, before.text("confirmed_by")};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec payment_fields[] = {
    spec("order", t::reference, 160),                   // the order's record id, if any
    spec("type", t::enumeration).one_of("payment|refund").needed().defaults_to("payment"),
    spec("amount", t::money).between(1, money_limit).needed(),
    spec("currency", t::currency).needed(),
    spec("method", t::enumeration)
        .one_of("card|bank_transfer|cash|sbp|wallet|installments|other")
        .needed()
        .defaults_to("card"),
    spec("status", t::enumeration).one_of("succeeded|pending|failed").needed().defaults_to("succeeded"),
    spec("error_code", t::text, 32),                    // the provider's code: "51", "insufficient_funds"
    spec("error_text", t::text, 300),                   // the provider's own words, if it sent any
    spec("paid_at", t::datetime).needed(),
    spec("comment", t::long_text, 1000),
    spec("assignee", t::reference, 128).system_only(),  // payment.assign
    spec("confirmed_by", t::reference, 128).system_only(),
    spec("confirmed_at", t::datetime).system_only(),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec payment_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_payment() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "payment";
        k.fields = fields_of(payment_fields);
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"confirm", {}, verb::change, confirm, {role::admin}},
            {"assign", {field("assignee", t::reference, 128).needed()}, verb::change, assign, {role::admin, role::manager}},
        };
        k.check = check_payment;
        k.transition = keep_vouched;
        k.access = access_of(payment_access);
        return k;
    }();
    return def;
}

}  // namespace cc
