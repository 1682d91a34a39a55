// call.cpp — calls (Leeloo.ai Phone Calls tab; GetCourse "Звонки" with its "Состоялся" checkbox
// and reason): logged by hand on the card or pushed by a telephony integration with its own
// external call id (POST /api/v1/integrations/calls), a recording attached later.
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

// A call that did not take place says why; "other" says it in words.
std::optional<error> check_call(const record& r) {
    const bool took_place = r.get("took_place").is_boolean() ? r.get("took_place").get<bool>() : true;
    const std::string reason = r.text("reason");
    if (!took_place && reason.empty()) return error{"err.required", "reason", ""};
    if (took_place && !reason.empty()) return error{"err.bad_value", "reason", "took_place"};
    if (reason == "other" && r.text("reason_text").find_first_not_of(" \t") == std::string::npos)
        return error{"err.required", "reason_text", ""};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec call_fields[] = {
    spec("direction", t::enumeration).one_of("outgoing|incoming").needed().defaults_to("outgoing"),
    spec("phone", t::phone, 64).needed().searched(),
    spec("manager", t::reference, 128),
    spec("started_at", t::datetime).needed(),
    spec("duration_s", t::number).between(0, 24 * 60 * 60).defaults_to_number(0),
    spec("took_place", t::boolean).needed().defaults_to(true),
    spec("reason", t::enumeration)
    .one_of("no_answer|busy|unreachable|wrong_number|voicemail|call_back_later|other"),
    spec("reason_text", t::text, 200),
    spec("note", t::long_text, 2000),
    spec("recording", t::file),
    // Set by the telephony integration only: its id for the call, and its name.
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec call_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::change, role_bit::admin | role_bit::manager | role_bit::integration},
    {verb::remove, role_bit::admin},
    {verb::restore, role_bit::admin},
};

const kind_def& kind_call() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "call";
        k.fields = fields_of(call_fields);
        // A call happened once: two people correcting its note never see a conflict; the later
        // correction of each field wins.
        k.rule = conflict_rule::append_only;
        k.check = check_call;
        k.access = access_of(call_access);
        return k;
    }();
    return def;
}

}  // namespace cc
