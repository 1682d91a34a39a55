// client.cpp — the root kind. The client's fields, lists, tags and custom values have their own
// typed apply (apply.cpp, client.hpp); what the schema holds here is the client's policy rows and
// its scalar fields as the log and the policy name them.
#include "core/schema/kind.hpp"

namespace cc {

using t = field_type;

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec client_fields[] = {
    spec("name", t::text, 200).needed().searched(), spec("nickname", t::text).searched(),
    spec("avatar_url", t::url, 2048), spec("gender", t::enumeration).one_of("unknown|male|female"),
    spec("country", t::text), spec("city", t::text), spec("time_zone", t::time_zone, 64),
    spec("language", t::text, 8), spec("company", t::text).searched(), spec("position", t::text),
    spec("note", t::long_text, 1000), spec("spammer", t::boolean), spec("vip", t::boolean),
};

constexpr access_spec client_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager},
    {verb::change, role_bit::admin | role_bit::manager},
    // A manager may not delete a client, or bring a deleted one back: an admin decides.
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_client() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "client";
        k.root = true;
        k.fields = fields_of(client_fields);
        k.access = access_of(client_access);
        return k;
    }();
    return def;
}

}  // namespace cc
