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

const kind_def& kind_membership() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "membership";
        k.fields = {
            field("product", t::text, 200).needed().searched(),  // "Course «Sales 101», tariff Pro"
            field("state", t::enumeration).one_of({"active", "revoked"}).needed().defaults_to("active")
                .written_by({role::integration}),
            field("granted_at", t::datetime).needed(),
            field("expires_at", t::datetime),
            field("revoked_at", t::datetime).written_by({role::integration}),
            field("order", t::reference, 160),
            field("external_id", t::text, 128).written_by({role::integration}),
            field("source", t::text, 64).written_by({role::integration}),
        };
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"revoke", {}, verb::change, revoke},
            {"grant", {}, verb::change, grant},
        };
        k.access = {
            {verb::read, {role::admin, role::manager}},
            {verb::create, {role::admin, role::integration}},
            {verb::change, {role::admin, role::integration}},
            {verb::remove, {role::admin}},
            {verb::restore, {role::admin}},
        };
        return k;
    }();
    return def;
}

}  // namespace cc
