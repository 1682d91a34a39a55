// registration.cpp — the client's registration link (MVP Project "Ссылка на регистрацию"): one per
// client, made on the card and sent to the client. Its code is the record's id, which no one can
// guess or choose (record.hpp). When the client registers by it, the integration reports it
// (POST /api/v1/integrations/events, "registration"): the registration date and the player id
// are set here, and a purchase adds a sale (sale.cpp) and a notice for the manager.
#include "core/schema/kind.hpp"

namespace cc {
namespace {

std::optional<error> one_per_client(const record&, const std::vector<const record*>& others) {
    if (!others.empty()) return error{"err.registration_exists", "", others.front()->id};
    return std::nullopt;
}

}  // namespace

const kind_def& kind_registration() {
    using t = field_type;
    static const kind_def def = [] {
        kind_def k;
        k.name = "registration";
        k.fields = {
            field("sent_at", t::datetime),          // when a manager last sent it
            field("sent_via", t::text, 100),        // "email", "copied", a channel's name
            field("registered_at", t::datetime).written_by({role::integration}),
            field("player_id", t::text, 64).written_by({role::integration}).searched(),
            field("source", t::text, 64).written_by({role::integration}),
        };
        k.rule = conflict_rule::field_lww;
        k.across = one_per_client;
        k.access = {
            {verb::read, {role::admin, role::manager}},
            {verb::create, {role::admin, role::manager}},
            {verb::change, {role::admin, role::manager, role::integration}},
            {verb::remove, {role::admin}},  // an admin withdraws a link; a new one can be made
            {verb::restore, {role::admin}},
        };
        return k;
    }();
    return def;
}

}  // namespace cc
