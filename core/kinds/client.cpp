// client.cpp — the root kind. The client's fields, lists, tags and custom values have their own
// typed apply (apply.cpp, client.hpp); what the schema holds here is the client's policy rows and
// its scalar fields as the log and the policy name them.
#include "core/schema/kind.hpp"

namespace cc {

const kind_def& kind_client() {
    using t = field_type;
    static const kind_def def = [] {
        kind_def k;
        k.name = "client";
        k.root = true;
        k.fields = {
            field("name", t::text, 200).needed().searched(), field("nickname", t::text).searched(),
            field("avatar_url", t::url, 2048), field("gender", t::enumeration).one_of({"unknown", "male", "female"}),
            field("country", t::text), field("city", t::text), field("time_zone", t::time_zone, 64),
            field("language", t::text, 8), field("company", t::text).searched(), field("position", t::text),
            field("note", t::long_text, 1000), field("spammer", t::boolean), field("vip", t::boolean),
        };
        k.access = {
            {verb::read, {role::admin, role::manager}},
            {verb::create, {role::admin, role::manager}},
            {verb::change, {role::admin, role::manager}},
            // A manager may not delete a client, or bring a deleted one back: an admin decides.
            {verb::remove, {role::admin}},
            {verb::restore, {role::admin}},
        };
        return k;
    }();
    return def;
}

}  // namespace cc
