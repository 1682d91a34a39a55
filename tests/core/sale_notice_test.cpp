// The notice of a sale by the registration link: a pull that brings one (not the first download)
// lists it for the manager until dismissed; the list survives a reload (meta.json).
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"

using namespace cc;

namespace {

record notice_sale(const std::string& id, const std::string& via, std::int64_t version) {
    record r;
    r.kind = "sale";
    r.id = id;
    r.client_id = "c1";
    r.fields = {{"amount", 990000}, {"currency", "RUB"}, {"sold_at", 1700000000000}, {"via", via}, {"player_id", "P-9"}};
    r.created_by = r.updated_by = "shop";
    r.created_at = r.updated_at = 1700000000000;
    r.version = version;
    return r;
}

json sale_pull_page(const record& r, std::int64_t version) {
    return one_pull_page(json::array({{{"version", version}, {"record", r}}}), version);
}

}  // namespace

TEST_CASE("a sale by the registration link brought by a pull is a notice until dismissed, across reloads") {
    fake_host h;
    h.boot("dev-a");
    h.settle();
    h.take(request_id::me);
    h.dispatch(fetch_done{request_id::me, 200, R"({"name":"Boris","role":"manager","registration_link":"https://s.example/r/{code}"})"});
    CHECK(h.m.registration_link == "https://s.example/r/{code}");
    // The first download brings an old sale by the link: no notice for it.
    h.take(request_id::pull);
    h.dispatch(fetch_done{request_id::pull, 200,
                          one_pull_page(json::array({{{"version", 1}, {"client", {{"id", "c1"}, {"name", "Ivan"}}}},
                                                     {{"version", 2}, {"record", notice_sale("sale:old", "registration_link", 2)}}}),
                                        2).dump()});
    h.settle();
    CHECK(h.m.sale_notices.empty());
    // Later a manual sale and one by the link arrive: only the latter is a notice.
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, sale_pull_page(notice_sale("sale:manual", "manual", 3), 3).dump()});
    h.settle();
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, sale_pull_page(notice_sale("sale:new", "registration_link", 4), 4).dump()});
    h.settle();
    CHECK(h.m.sale_notices == std::vector<std::string>{"sale:new"});
    // The same record again (a change) adds nothing.
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, sale_pull_page(notice_sale("sale:new", "registration_link", 5), 5).dump()});
    h.settle();
    CHECK(h.m.sale_notices.size() == 1);

    fake_host reload;
    reload.disk = h.disk;
    reload.boot("other");
    CHECK(reload.m.sale_notices == std::vector<std::string>{"sale:new"});
    reload.dispatch(sale_notice_dismissed{"sale:new"});
    reload.settle();
    CHECK(reload.m.sale_notices.empty());

    fake_host again;
    again.disk = reload.disk;
    again.boot("other");
    CHECK(again.m.sale_notices.empty());
}
