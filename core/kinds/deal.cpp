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

// The stages of the built-in pipeline, in order; won and lost close a deal.
const std::vector<std::string>& deal_stages() {
    static const std::vector<std::string> stages = {"new", "contacted", "qualified", "negotiation", "invoice", "won", "lost"};
    return stages;
}

}  // namespace

const kind_def& kind_deal() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "deal";
        k.fields = {
            field("title", t::text, 200).needed().searched(),
            field("pipeline", t::text, 100).needed().defaults_to("Sales"),
            field("stage", t::enumeration).one_of(deal_stages()).needed().defaults_to("new"),
            field("amount", t::money).between(0, money_limit),
            field("currency", t::currency),
            field("support_line", t::text, 100),                 // "First line", "VIP"
            field("channel", t::text, 100),                      // "Telegram", "WhatsApp", "Site"
            field("manager", t::reference, 128),
            field("lost_reason", t::text, 300),
            field("external_id", t::text, 128).written_by({role::integration}),
            field("source", t::text, 64).written_by({role::integration}),
        };
        k.rule = conflict_rule::field_lww;
        k.check = check_deal;
        k.access = {
            {verb::read, {role::admin, role::manager}},
            {verb::create, {role::admin, role::manager, role::integration}},
            {verb::change, {role::admin, role::manager, role::integration}},
            {verb::remove, {role::admin}},
            {verb::restore, {role::admin}},
        };
        return k;
    }();
    return def;
}

}  // namespace cc
