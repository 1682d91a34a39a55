// subscription.cpp — funnel subscriptions (Leeloo.ai Subscription History): per channel, the
// tunnels the client is in and the block they are at. Subscribing at a chosen block is a create;
// the funnel engine (or a manager) moves the client to another block (subscription.move); a
// manager unsubscribes from a tunnel (subscription.unsubscribe), or from every tunnel of a
// channel (one unsubscribe per tunnel). The history of blocks is the record's log.
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

bool active(const record& r) { return r.text("state") == "active"; }

std::optional<error> move(mutation& m) {
    if (!active(m.before)) return error{"err.unsubscribed", "block", m.before.text("tunnel")};
    m.after.fields["block"] = m.o.payload.at("block");
    return std::nullopt;
}

std::optional<error> unsubscribe(mutation& m) {
    if (!active(m.before)) return error{"err.unsubscribed", "", m.before.text("tunnel")};
    m.after.fields["state"] = "unsubscribed";
    m.after.fields["unsubscribed_at"] = m.o.at;
    m.after.fields["unsubscribed_by"] = m.o.actor;
    return std::nullopt;
}

// In one tunnel of one channel once at a time.
std::optional<error> once_per_tunnel(const record& after, const std::vector<const record*>& others) {
    if (!active(after)) return std::nullopt;
    for (const record* r : others)
        if (active(*r) && r->get("channel") == after.get("channel") && r->get("tunnel") == after.get("tunnel"))
            return error{"err.already_subscribed", "tunnel", after.text("tunnel").substr(0, 60)};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec subscription_fields[] = {
    spec("channel", t::text, 100).needed(),             // "Telegram · @school_bot"
    spec("tunnel", t::text, 200).needed().searched(),   // "Webinar warm-up"
    spec("block", t::text, 200).needed(),               // "Day 2: case study"
    spec("state", t::enumeration).one_of("active|unsubscribed").needed().defaults_to("active").system_only(),
    spec("unsubscribed_at", t::datetime).system_only(),
    spec("unsubscribed_by", t::reference, 128).system_only(),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec subscription_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_subscription() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "subscription";
        k.fields = fields_of(subscription_fields);
        k.rule = conflict_rule::field_lww;
        k.generic_set = false;  // subscribed, moved, unsubscribed: each its own action in the log
        k.mutators = {
            {"move", {field("block", t::text, 200).needed()}, verb::change, move},
            {"unsubscribe", {}, verb::change, unsubscribe},
        };
        k.across = once_per_tunnel;
        k.access = access_of(subscription_access);
        return k;
    }();
    return def;
}

}  // namespace cc
