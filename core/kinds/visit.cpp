// visit.cpp — page visits (GetCourse "История посещений страниц", Leeloo.ai's log "Посещение
// сайта"): which page, when, for how long, from where. Reported by the site tracker through
// POST /api/v1/integrations/events; the card shows the latest ones.
#include "core/schema/kind.hpp"

namespace cc {

using t = field_type;

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec visit_fields[] = {
    spec("url", t::url, 2048).needed(),
    spec("title", t::text, 300),
    spec("visited_at", t::datetime).needed(),
    spec("duration_s", t::number).between(0, 24 * 60 * 60),
    spec("referrer", t::url, 2048),
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec visit_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_visit() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "visit";
        k.fields = fields_of(visit_fields);
        k.rule = conflict_rule::append_only;
        k.access = access_of(visit_access);
        return k;
    }();
    return def;
}

}  // namespace cc
