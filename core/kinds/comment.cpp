// comment.cpp — comments (GetCourse: entries under the pinned note that cannot be deleted or
// changed, with clickable links; Leeloo.ai: comments with files). Append-only: a comment is
// never deleted; its author may correct it for 15 minutes, and the original stays in its log.
#include "core/kinds/comment.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

std::optional<error> edit(mutation& m) {
    if (m.o.actor != m.before.created_by) return error{"err.not_author", "text", m.before.created_by};
    // The server stamps `at` with the time it received the op (an op cannot claim to be early).
    if (m.o.at - m.before.created_at > comment_edit_window_ms) return error{"err.edit_window_closed", "text", "15"};
    m.after.fields["text"] = m.o.payload.at("text");
    m.after.fields["edited_at"] = m.o.at;
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec comment_fields[] = {
    spec("text", t::long_text, 4000).needed().searched(),
    spec("files", t::file_list, 10),
    spec("edited_at", t::datetime).system_only(),
};

constexpr access_spec comment_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager},
    {verb::change, role_bit::admin | role_bit::manager},
    // No remove row: nobody deletes a comment.
};

const kind_def& kind_comment() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "comment";
        k.fields = fields_of(comment_fields);
        k.rule = conflict_rule::append_only;
        k.generic_set = false;  // corrected only by its author, with comment.edit
        k.mutators = {{"edit", {field("text", t::long_text, 4000).needed()}, verb::change, edit}};
        k.access = access_of(comment_access);
        return k;
    }();
    return def;
}

}  // namespace cc
