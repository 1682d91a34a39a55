// Records over the schema: each kind's validation and mutators, and the policy, as a user (or a
// hostile client) would meet them through ops.
#include <doctest/doctest.h>

#include "core/codec.hpp"
#include "core/kinds/comment.hpp"
#include "core/policy.hpp"
#include "core/record_apply.hpp"
#include "core/schema/kind.hpp"

using namespace cc;

namespace {

constexpr std::int64_t t0 = 1767225600000;  // 2026-01-01T00:00:00Z

op record_op(const std::string& kind, const std::string& record, json payload, std::string actor = "Boris",
           std::int64_t at = t0, std::string id = "dev:1") {
    op o;
    o.id = id;
    o.device = "dev";
    o.seq = 1;
    o.client_id = "c1";
    o.kind = kind;
    o.record_id = record;
    o.payload = std::move(payload);
    o.actor = std::move(actor);
    o.at = at;
    return o;
}

record accepted(const std::variant<record_applied, error>& r) {
    if (auto* e = std::get_if<error>(&r)) FAIL("refused: " << e->code << " " << e->field << " " << e->detail);
    return std::get<record_applied>(r).after;
}
error refused(const std::variant<record_applied, error>& r) {
    REQUIRE_MESSAGE(std::holds_alternative<error>(r), "the op was applied");
    return std::get<error>(r);
}

record a_task(json extra = json::object()) {
    json p = {{"title", "Call about the contract"}, {"assignee", "Boris"}, {"due_at", t0 + 3600000}, {"due_tz", "Europe/Moscow"}};
    p.update(extra);
    return accepted(apply_record(nullptr, record_op("task.create", "task:dev:1", p)));
}

}  // namespace

TEST_CASE("every kind is in the registry, found by name; the client is the root kind") {
    REQUIRE(find_kind("task") != nullptr);
    REQUIRE(find_kind("call") != nullptr);
    REQUIRE(find_kind("comment") != nullptr);
    REQUIRE(find_kind("client") != nullptr);
    CHECK(find_kind("client")->root);
    CHECK(find_kind("nothing") == nullptr);
    for (const kind_def* k : record_kinds()) CHECK_FALSE(k->root);
    op o = record_op("task.set", "task:x", {});
    CHECK(target_kind(o) == "task");
    o.kind = "item.add";
    CHECK(target_kind(o) == "client");
    o.kind = "bogus.set";
    CHECK(target_kind(o).empty());
}

TEST_CASE("creating a task fills the defaults a manager expects and logs each field") {
    const auto r = apply_record(nullptr, record_op("task.create", "task:dev:1",
                                                 {{"title", "Call back"}, {"assignee", "Boris"}, {"due_at", t0 + 3600000}}));
    const record task = accepted(r);
    CHECK(task.kind == "task");
    CHECK(task.client_id == "c1");
    CHECK(task.text("type") == "call");
    CHECK(task.text("status") == "open");
    CHECK(task.created_by == "Boris");
    CHECK(task.created_at == t0);
    const auto& changes = std::get<record_applied>(r).changes;
    bool title = false;
    for (const auto& c : changes) title = title || (c.field == "title" && c.old_value.empty() && c.new_value == "Call back");
    CHECK(title);
}

TEST_CASE("a task create is refused for a bad field, and nothing is made") {
    const json base = {{"title", "Call"}, {"assignee", "Boris"}};
    auto with = [&](json extra) {
        json p = base;
        p.update(extra);
        return apply_record(nullptr, record_op("task.create", "task:dev:1", p));
    };
    CHECK(refused(with({{"title", "   "}})).code == "err.required");
    CHECK(refused(with({{"title", std::string(201, 'x')}})).code == "err.too_long");
    CHECK(refused(with({{"type", "party"}})).code == "err.bad_value");
    CHECK(refused(with({{"due_at", "tomorrow"}})).code == "err.bad_value");
    CHECK(refused(with({{"due_date", "2026-02-30"}})).code == "err.bad_value");
    CHECK(refused(with({{"due_tz", "Mars/Olympus"}})).field == "due_tz");
    CHECK(refused(with({{"link", "javascript:alert(1)"}})).field == "link");
    CHECK(refused(with({{"reminders", {5, 15, 30, 60}}})).code == "err.too_many");
    CHECK(refused(with({{"reminders", {15}}})).code == "err.reminder_without_due");
    CHECK(refused(with({{"due_at", t0}, {"due_date", "2026-01-02"}})).field == "due_date");
    CHECK(refused(with({{"status", "done"}})).code == "err.system_field");
    CHECK(refused(with({{"color", "red"}})).code == "err.unknown_field");
    // The id is derived from the op's: a client cannot pick another record's id.
    CHECK(refused(apply_record(nullptr, record_op("task.create", "task:someone-else:7", base))).code == "err.record_id_mismatch");
    json no_title = base;
    no_title.erase("title");
    CHECK(refused(apply_record(nullptr, record_op("task.create", "task:dev:1", no_title))).code == "err.required");
}

TEST_CASE("rescheduling logs the old due time and the new one") {
    const record task = a_task();
    const auto r = apply_record(&task, record_op("task.set", task.id, {{"due_at", t0 + 7200000}}, "Vera", t0 + 10, "dev:2"));
    const record after = accepted(r);
    CHECK(after.number("due_at") == t0 + 7200000);
    CHECK(after.updated_by == "Vera");
    const auto& changes = std::get<record_applied>(r).changes;
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field == "due_at");
    CHECK(changes[0].old_value == std::to_string(t0 + 3600000));
    CHECK(changes[0].new_value == std::to_string(t0 + 7200000));
    // Moving to an all-day date clears the instant in the same op.
    const record all_day = accepted(apply_record(&after, record_op("task.set", task.id, {{"due_at", nullptr}, {"due_date", "2026-01-05"}})));
    CHECK(all_day.get("due_at").is_null());
    CHECK(all_day.text("due_date") == "2026-01-05");
}

TEST_CASE("completing a call asks for its result; a cancelled one does not; a closed task stays closed") {
    const record task = a_task();
    CHECK(refused(apply_record(&task, record_op("task.complete", task.id, {{"status", "done"}}))).code == "err.result_required");
    CHECK(refused(apply_record(&task, record_op("task.set", task.id, {{"status", "done"}}))).code == "err.system_field");
    const record done = accepted(apply_record(&task, record_op("task.complete", task.id, {{"status", "done"}, {"result", "Agreed on a demo"}}, "Boris", t0 + 5)));
    CHECK(done.text("status") == "done");
    CHECK(done.text("result") == "Agreed on a demo");
    CHECK(done.number("closed_at") == t0 + 5);
    CHECK(done.text("closed_by") == "Boris");
    CHECK(refused(apply_record(&done, record_op("task.complete", task.id, {{"status", "cancelled"}}))).code == "err.task_closed");
    const record cancelled = accepted(apply_record(&task, record_op("task.complete", task.id, {{"status", "cancelled"}})));
    CHECK(cancelled.text("status") == "cancelled");
    const record email = a_task({{"type", "email"}});
    CHECK(accepted(apply_record(&email, record_op("task.complete", email.id, {{"status", "done"}}))).text("status") == "done");
    const record reopened = accepted(apply_record(&done, record_op("task.reopen", task.id, json::object())));
    CHECK(reopened.text("status") == "open");
    CHECK(reopened.get("closed_at").is_null());
    CHECK(refused(apply_record(&done, record_op("task.complete", task.id, {{"status", "open"}}))).code == "err.bad_value");
    CHECK(refused(apply_record(&done, record_op("task.reopen", task.id, {{"why", 1}}))).code == "err.unknown_field");
}

TEST_CASE("a deleted task takes no edits until it is restored") {
    const record task = a_task();
    const record gone = accepted(apply_record(&task, record_op("task.delete", task.id, json::object())));
    CHECK(gone.deleted);
    CHECK(refused(apply_record(&gone, record_op("task.set", task.id, {{"title", "x"}}))).code == "err.record_deleted");
    CHECK(refused(apply_record(&gone, record_op("task.delete", task.id, json::object()))).code == "err.record_deleted");
    CHECK_FALSE(accepted(apply_record(&gone, record_op("task.restore", task.id, json::object()))).deleted);
    CHECK(refused(apply_record(nullptr, record_op("task.set", "task:none", {{"title", "x"}}))).code == "err.record_not_found");
    // A record belongs to one client: an op naming another client is refused.
    op other = record_op("task.set", task.id, {{"title", "x"}});
    other.client_id = "c2";
    CHECK(refused(apply_record(&task, other)).field == "client_id");
}

TEST_CASE("a call that did not take place says why; 'other' says it in words") {
    const json base = {{"phone", "+7 912 345-67-89"}, {"started_at", t0}, {"manager", "Boris"}};
    auto create = [&](json extra) {
        json p = base;
        p.update(extra);
        return apply_record(nullptr, record_op("call.create", "call:dev:1", p));
    };
    const record ok = accepted(create({{"duration_s", 125}}));
    CHECK(ok.flag("took_place"));
    CHECK(ok.text("direction") == "outgoing");
    CHECK(refused(create({{"took_place", false}})).field == "reason");
    CHECK(accepted(create({{"took_place", false}, {"reason", "busy"}})).text("reason") == "busy");
    CHECK(refused(create({{"took_place", false}, {"reason", "other"}})).field == "reason_text");
    CHECK(accepted(create({{"took_place", false}, {"reason", "other"}, {"reason_text", "secretary"}})).text("reason_text") == "secretary");
    CHECK(refused(create({{"reason", "busy"}})).field == "reason");
    CHECK(refused(create({{"phone", "12"}})).field == "phone");
    CHECK(refused(create({{"duration_s", -1}})).code == "err.out_of_range");
    CHECK(refused(create({{"recording", {{"id", "abc"}, {"name", "a.mp3"}, {"size", 1}, {"type", "audio/mpeg"}}}})).field == "recording");
    const json file = {{"id", std::string(64, 'a')}, {"name", "call.mp3"}, {"size", 1234}, {"type", "audio/mpeg"}};
    const record with_rec = accepted(apply_record(&ok, record_op("call.set", ok.id, {{"recording", file}})));
    CHECK(with_rec.get("recording")["name"] == "call.mp3");
}

TEST_CASE("a comment's author may correct it for 15 minutes, nobody else, never deleted") {
    const record c = accepted(apply_record(nullptr, record_op("comment.create", "comment:dev:1", {{"text", "See https://example.com"}})));
    CHECK(c.created_by == "Boris");
    CHECK(refused(apply_record(nullptr, record_op("comment.create", "comment:dev:1", {{"text", "  "}}))).code == "err.required");
    const auto fixed = apply_record(&c, record_op("comment.edit", c.id, {{"text", "See https://example.org"}}, "Boris", t0 + 60000));
    const record edited = accepted(fixed);
    CHECK(edited.text("text") == "See https://example.org");
    CHECK(edited.number("edited_at") == t0 + 60000);
    // The original stays in the log: old -> new.
    CHECK(std::get<record_applied>(fixed).changes[0].old_value == "See https://example.com");
    CHECK(refused(apply_record(&c, record_op("comment.edit", c.id, {{"text", "mine now"}}, "Vera", t0 + 1000))).code == "err.not_author");
    CHECK(refused(apply_record(&c, record_op("comment.edit", c.id, {{"text", "late"}}, "Boris", t0 + comment_edit_window_ms + 1))).code ==
          "err.edit_window_closed");
    CHECK(accepted(apply_record(&c, record_op("comment.edit", c.id, {{"text", "just in time"}}, "Boris", t0 + comment_edit_window_ms)))
              .text("text") == "just in time");
    CHECK(refused(apply_record(&c, record_op("comment.set", c.id, {{"text", "x"}}))).code == "err.append_only");
    CHECK(refused(apply_record(&c, record_op("comment.edit", c.id, {{"text", "x"}, {"edited_at", t0}}))).code == "err.unknown_field");
}

TEST_CASE("the policy: managers work, admins also delete and restore, integrations only write calls") {
    CHECK(allowed(role::manager, verb::create, "task"));
    CHECK(allowed(role::manager, verb::change, "task"));
    CHECK_FALSE(allowed(role::manager, verb::remove, "task"));
    CHECK(allowed(role::admin, verb::remove, "task"));
    CHECK_FALSE(allowed(role::manager, verb::remove, "client"));
    CHECK_FALSE(allowed(role::admin, verb::remove, "comment"));
    CHECK(allowed(role::integration, verb::create, "call"));
    CHECK_FALSE(allowed(role::integration, verb::read, "call"));
    CHECK_FALSE(allowed(role::integration, verb::change, "client"));
    CHECK_FALSE(allowed(role::manager, verb::change, "call", "external_id"));
    CHECK(allowed(role::integration, verb::change, "call", "external_id"));
    CHECK(allowed(role::manager, verb::change, "call", "note"));
    CHECK_FALSE(allowed(role::admin, verb::read, "no-such-kind"));

    const auto d = check_op_allowed(role::manager, "Boris", record_op("client.delete", "", json::object()));
    REQUIRE(d.has_value());
    CHECK(d->why.code == "err.forbidden");
    CHECK(d->message == "only an admin may delete a client; Boris is a manager");
    CHECK_FALSE(check_op_allowed(role::admin, "Anna", record_op("client.delete", "", json::object())));
    const auto field = check_op_allowed(role::manager, "Boris", record_op("call.create", "call:dev:1", {{"external_id", "x"}}));
    REQUIRE(field.has_value());
    CHECK(field->why.field == "external_id");
    CHECK(check_op_allowed(role::admin, "Anna", record_op("comment.delete", "comment:x", json::object()))->message ==
          "nobody may delete a comment; Anna is an admin");
    CHECK(verb_of(record_op("task.complete", "t", json::object())) == verb::change);
    CHECK(verb_of(record_op("task.delete", "t", json::object())) == verb::remove);
    CHECK(role_from("integration") == role::integration);
    CHECK_FALSE(role_from("root").has_value());
}

TEST_CASE("a record and an op on it survive the wire") {
    const record task = a_task();
    const record back = json(task).get<record>();
    CHECK(back.id == task.id);
    CHECK(back.fields == task.fields);
    CHECK(back.created_by == "Boris");
    const op o = record_op("task.set", task.id, {{"title", "x"}});
    const op o2 = json(o).get<op>();
    CHECK(o2.record_id == task.id);
    CHECK_FALSE(o2.defect.has_value());
    json bad = o;
    bad["record"] = 5;
    CHECK(bad.get<op>().defect->field == "record");
    CHECK_THROWS(json({{"kind", "task"}, {"id", "x"}, {"client_id", "c"}, {"fields", json::array()}}).get<record>());
}
