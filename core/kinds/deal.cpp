// deal.cpp — deals (MVP Project "Информация о сделке": the funnel stage, the support line, the
// channel it came through). Each stage change is an entry in the client's log, from → to with
// who and when (the card lists them under the deal); a lost deal says why.
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

std::optional<error> check_deal(const record& r) {
    if (r.text("stage") == "lost" && r.text("lost_reason").find_first_not_of(" \t") == std::string::npos)
        return error{"err.lost_reason_required", "lost_reason", ""};
    if (!r.get("amount").is_null() && r.get("currency").is_null()) return error{"err.required", "currency", ""};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec deal_fields[] = {
    spec("title", t::text, 200).needed().searched(),
    spec("pipeline", t::text, 100).needed().defaults_to("Sales"),
    // The built-in pipeline's stages, in order; won and lost close a deal.
    spec("stage", t::enumeration).one_of("new|contacted|qualified|negotiation|invoice|won|lost").needed().defaults_to("new"),
    spec("amount", t::money).between(0, money_limit),
    spec("currency", t::currency),
    spec("support_line", t::text, 100),                 // "First line", "VIP"
    spec("channel", t::text, 100),                      // "Telegram", "WhatsApp", "Site"
    spec("manager", t::reference, 128),
    spec("lost_reason", t::text, 300),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec deal_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_deal() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "deal";
        k.fields = fields_of(deal_fields);
        k.rule = conflict_rule::field_lww;
        k.check = check_deal;
        k.access = access_of(deal_access);
        return k;
    }();
    return def;
}

}  // namespace cc
