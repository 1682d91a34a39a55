// visit.cpp — page visits (GetCourse "История посещений страниц", Leeloo.ai's log "Посещение
// сайта"): which page, when, for how long, from where. Reported by the site tracker through
// POST /api/v1/integrations/events; the card shows the latest ones.
#include "core/schema/kind.hpp"

namespace cc {

const kind_def& kind_visit() {
    using t = field_type;
    static const kind_def def = [] {
        kind_def k;
        k.name = "visit";
        k.fields = {
            field("url", t::url, 2048).needed(),
            field("title", t::text, 300),
            field("visited_at", t::datetime).needed(),
            field("duration_s", t::number).between(0, 24 * 60 * 60),
            field("referrer", t::url, 2048),
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
