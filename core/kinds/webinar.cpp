// webinar.cpp — webinar attendance (Leeloo.ai Webinars; GetCourse "Вебинары": the webinar and its
// launch number, when the client first came in, how long they watched). Reported by the webinar
// platform through POST /api/v1/integrations/events; a repeated report of the same visit
// updates it (time watched grows), never adds a second one.
#include "core/schema/kind.hpp"

namespace cc {

const kind_def& kind_webinar() {
    using t = field_type;
    static const kind_def def = [] {
        kind_def k;
        k.name = "webinar";
        k.fields = {
            field("webinar", t::text, 200).needed().searched(),
            field("launch", t::number).between(1, 1000000),
            field("first_entry_at", t::datetime).needed(),
            field("left_at", t::datetime),
            field("watched_s", t::number).between(0, 7 * 24 * 60 * 60).needed().defaults_to(0),
            field("url", t::url, 2048),  // the recording or the room
            field("external_id", t::text, 128).written_by({role::integration}),
            field("source", t::text, 64).written_by({role::integration}),
        };
        k.rule = conflict_rule::append_only;
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
