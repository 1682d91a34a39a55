// money_policy_test.cpp — the money kinds' rules as the server enforces them on pushed ops
// (docs/records.md "The policy"): a manual payment is confirmed by an admin who did not add it;
// only an admin unlocks a sales plan entry; and the rules across a client's records run on what
// the server holds (a debit below zero, a key used twice, a second registration link), whatever
// the card that pushed knew.
#include <doctest/doctest.h>

#include "core/codec.hpp"
#include "core/money_totals.hpp"
#include "test_support.hpp"

using namespace cc_test;

namespace {

constexpr std::int64_t paid_2026 = 1767225600000;  // 2026-01-01T00:00:00Z
const std::string second_admin_token = "olga-admin-token";

json result_of(const json& push_answer) { return push_answer["results"][0]; }

}  // namespace

TEST_CASE("money policy: payment.confirm by its author is refused, by a manager forbidden, by another admin applied") {
    record_server s(10, {"--user", "Olga:admin:" + second_admin_token});
    auto olga = s.server->client(second_admin_token);
    json added = s.push(*s.admin, "dev-anna", {make_record_op("dev-anna", 1, "c-000001", "payment.create", "",
                                                              {{"amount", 150000}, {"currency", "RUB"}, {"method", "cash"},
                                                               {"paid_at", paid_2026}, {"comment", "Paid at the office"}})});
    REQUIRE(result_of(added)["status"] == "applied");
    const std::string id = "payment:dev-anna:1";
    auto counts = [&] { return cc::payment_counts(change_for(s.pull(*s.admin), id)["record"].get<cc::record>()); };
    CHECK_FALSE(counts());  // manual and unconfirmed: out of the totals

    json own = s.push(*s.admin, "dev-anna", {make_record_op("dev-anna", 2, "c-000001", "payment.confirm", id, json::object())});
    CHECK(result_of(own)["status"] == "rejected");
    CHECK(result_of(own)["error"]["code"] == "err.own_payment");

    json boris = s.push(*s.manager, "dev-boris", {make_record_op("dev-boris", 1, "c-000001", "payment.confirm", id, json::object())});
    CHECK(result_of(boris)["status"] == "rejected");
    CHECK(result_of(boris)["error"]["code"] == "err.forbidden");
    CHECK_FALSE(counts());

    json by_olga = s.push(*olga, "dev-olga", {make_record_op("dev-olga", 1, "c-000001", "payment.confirm", id, json::object())});
    REQUIRE(result_of(by_olga)["status"] == "applied");
    json payment = change_for(s.pull(*s.admin), id)["record"];
    CHECK(payment["fields"]["confirmed_by"] == "Olga");
    CHECK(counts());
}

TEST_CASE("money policy: plan.unlock by a manager is forbidden, by an admin applied") {
    record_server s;
    json made = s.push(*s.manager, "dev-boris",
                       {make_record_op("dev-boris", 1, "c-000002", "plan.create", "",
                                       {{"plan", "Март: продажи курса"}, {"amount", 5000000}, {"currency", "RUB"}}),
                        make_record_op("dev-boris", 2, "c-000002", "plan.lock", "plan:dev-boris:1", {{"manager", "Boris"}})});
    REQUIRE(made["results"][1]["status"] == "applied");
    const std::string id = "plan:dev-boris:1";
    json by_boris = s.push(*s.manager, "dev-boris", {make_record_op("dev-boris", 3, "c-000002", "plan.unlock", id, json::object())});
    CHECK(result_of(by_boris)["status"] == "rejected");
    CHECK(result_of(by_boris)["error"]["code"] == "err.forbidden");
    CHECK(change_for(s.pull(*s.admin), id)["record"]["fields"]["locked_by"] == "Boris");

    json by_anna = s.push(*s.admin, "dev-anna", {make_record_op("dev-anna", 1, "c-000002", "plan.unlock", id, json::object())});
    REQUIRE(result_of(by_anna)["status"] == "applied");
    CHECK_FALSE(change_for(s.pull(*s.admin), id)["record"]["fields"].contains("locked_by"));
}

TEST_CASE("money policy: the server refuses a debit below zero with the balance, a key twice, a second link") {
    record_server s;
    json credit = s.push(*s.manager, "dev-boris",
                         {make_record_op("dev-boris", 1, "c-000003", "balance.create", "",
                                         {{"account", "bonus"}, {"amount", 10000}, {"currency", "RUB"},
                                          {"reason", "Bonus for a review"}, {"key", "review-1"}})});
    REQUIRE(result_of(credit)["status"] == "applied");
    // Vera's card had not pulled the credit's neighbours: the server decides on what it holds.
    json debit = s.push(*s.manager2, "dev-vera",
                        {make_record_op("dev-vera", 1, "c-000003", "balance.create", "",
                                        {{"account", "bonus"}, {"amount", -25000}, {"currency", "RUB"}, {"reason", "Spent"}})});
    CHECK(result_of(debit)["status"] == "rejected");
    CHECK(result_of(debit)["error"]["code"] == "err.overdraft");
    CHECK(result_of(debit)["error"]["message"].get<std::string>().find("10000") != std::string::npos);

    json twice = s.push(*s.manager2, "dev-vera",
                        {make_record_op("dev-vera", 2, "c-000003", "balance.create", "",
                                        {{"account", "bonus"}, {"amount", 500}, {"currency", "RUB"}, {"reason", "Again"},
                                         {"key", "review-1"}})});
    CHECK(result_of(twice)["error"]["code"] == "err.duplicate_key");

    json link1 = s.push(*s.manager, "dev-boris", {make_record_op("dev-boris", 2, "c-000003", "registration.create", "", json::object())});
    REQUIRE(result_of(link1)["status"] == "applied");
    json link2 = s.push(*s.manager2, "dev-vera", {make_record_op("dev-vera", 3, "c-000003", "registration.create", "", json::object())});
    CHECK(result_of(link2)["error"]["code"] == "err.registration_exists");
}
