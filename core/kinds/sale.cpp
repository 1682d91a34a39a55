// sale.cpp — sales (MVP Project: the "+" next to the sale date adds a sale by hand with the
// player id and the amount; a registration by the card's link that ends in a purchase adds one
// from the integration). The card sums them per currency, counts them and shows the last sale
// date (core/money_totals.hpp).
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {

const kind_def& kind_sale() {
    using t = field_type;
    static const kind_def def = [] {
        kind_def k;
        k.name = "sale";
        k.fields = {
            field("player_id", t::text, 64).searched(),
            field("amount", t::money).between(1, money_limit).needed(),
            field("currency", t::currency).needed(),
            field("sold_at", t::datetime).needed(),
            field("note", t::text, 300),
            // How the card learnt of it: typed by a manager, or reported by an integration after
            // a registration by the link.
            field("via", t::enumeration).one_of({"manual", "registration_link", "integration"}).needed()
                .defaults_to("manual").written_by({role::integration}),
            field("registration", t::reference, 160).written_by({role::integration}),
            field("external_id", t::text, 128).written_by({role::integration}),
            field("source", t::text, 64).written_by({role::integration}),
        };
        // A sale happened once; a mistyped one is corrected by an admin.
        k.rule = conflict_rule::append_only;
        k.access = {
            {verb::read, {role::admin, role::manager}},
            {verb::create, {role::admin, role::manager, role::integration}},
            {verb::change, {role::admin, role::integration}},
            {verb::remove, {role::admin}},
            {verb::restore, {role::admin}},
        };
        return k;
    }();
    return def;
}

}  // namespace cc
