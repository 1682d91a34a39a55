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

using t = field_type;

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec registration_fields[] = {
    spec("sent_at", t::datetime),          // when a manager last sent it
    spec("sent_via", t::text, 100),        // "email", "copied", a channel's name
    spec("registered_at", t::datetime).written_by(role_bit::integration),
    spec("player_id", t::text, 64).written_by(role_bit::integration).searched(),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec registration_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},  // an admin withdraws a link; a new one can be made
    {verb::restore, role_bit::admin},
};

const kind_def& kind_registration() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "registration";
        k.fields = fields_of(registration_fields);
        k.rule = conflict_rule::field_lww;
        k.across = one_per_client;
        k.access = access_of(registration_access);
        return k;
    }();
    return def;
}

}  // namespace cc
