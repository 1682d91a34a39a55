// webinar.cpp — webinar attendance (Leeloo.ai Webinars; GetCourse "Вебинары": the webinar and its
// launch number, when the client first came in, how long they watched). Reported by the webinar
// platform through POST /api/v1/integrations/events; a repeated report of the same visit
// updates it (time watched grows), never adds a second one.
#include "core/schema/kind.hpp"

namespace cc {

using t = field_type;

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec webinar_fields[] = {
    spec("webinar", t::text, 200).needed().searched(),
    spec("launch", t::number).between(1, 1000000),
    spec("first_entry_at", t::datetime).needed(),
    spec("left_at", t::datetime),
    spec("watched_s", t::number).between(0, 7 * 24 * 60 * 60).needed().defaults_to_number(0),
    spec("url", t::url, 2048),  // the recording or the room
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec webinar_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_webinar() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "webinar";
        k.fields = fields_of(webinar_fields);
        k.rule = conflict_rule::append_only;
        k.access = access_of(webinar_access);
        return k;
    }();
    return def;
}

}  // namespace cc
