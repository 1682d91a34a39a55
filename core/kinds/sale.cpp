// sale.cpp — sales (MVP Project: the "+" next to the sale date adds a sale by hand with the
// player id and the amount; a registration by the card's link that ends in a purchase adds one
// from the integration). The card sums them per currency, counts them and shows the last sale
// date (core/money_totals.hpp).
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {

using t = field_type;

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec sale_fields[] = {
    spec("player_id", t::text, 64).searched(),
    spec("amount", t::money).between(1, money_limit).needed(),
    spec("currency", t::currency).needed(),
    spec("sold_at", t::datetime).needed(),
    spec("note", t::text, 300),
    // How the card learnt of it: typed by a manager, or reported by an integration after
    // a registration by the link.
    spec("via", t::enumeration).one_of("manual|registration_link|integration").needed()
        .defaults_to("manual").written_by(role_bit::integration),
    spec("registration", t::reference, 160).written_by(role_bit::integration),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec sale_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_sale() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "sale";
        k.fields = fields_of(sale_fields);
        // A sale happened once; a mistyped one is corrected by an admin.
        k.rule = conflict_rule::append_only;
        k.access = access_of(sale_access);
        k.notify_on_arrival = [](const record& r) { return r.text("via") == "registration_link"; };
        return k;
    }();
    return def;
}

}  // namespace cc
