// membership.cpp — memberships (Leeloo.ai's log "Мембершип"; GetCourse's access to a course):
// access to a product granted, usually by a paid order, and revoked. Written by the shop or the
// school platform through POST /api/v1/integrations/events, or by an admin on the card.
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

std::optional<error> revoke(mutation& m) {
    if (m.before.text("state") != "active") return error{"err.bad_state", "state", m.before.text("state")};
    m.after.fields["state"] = "revoked";
    m.after.fields["revoked_at"] = m.o.at;
    return std::nullopt;
}

std::optional<error> grant(mutation& m) {
    if (m.before.text("state") == "active") return error{"err.bad_state", "state", "active"};
    m.after.fields["state"] = "active";
    m.after.fields["granted_at"] = m.o.at;
    m.after.fields.erase("revoked_at");
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec membership_fields[] = {
    spec("product", t::text, 200).needed().searched(),  // "Course «Sales 101», tariff Pro"
    spec("state", t::enumeration).one_of("active|revoked").needed().defaults_to("active")
        .written_by(role_bit::integration),
    spec("granted_at", t::datetime).needed(),
    spec("expires_at", t::datetime),
    spec("revoked_at", t::datetime).written_by(role_bit::integration),
    spec("order", t::reference, 160),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec membership_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_membership() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "membership";
        k.fields = fields_of(membership_fields);
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"revoke", {}, verb::change, revoke},
            {"grant", {}, verb::change, grant},
        };
        k.access = access_of(membership_access);
        return k;
    }();
    return def;
}

}  // namespace cc
