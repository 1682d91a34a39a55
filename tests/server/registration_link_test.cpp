// The clients' registration link address (--registration-link): checked when the server starts,
// and handed to the card by /api/v1/me so the card's "Copy" and "Send" give a working address.
#include <doctest/doctest.h>

#include <memory>

#include "options.hpp"
#include "sqlite_store.hpp"
#include "sync_service.hpp"

TEST_CASE("--registration-link takes an http(s) address with {code}; /me hands it to the card") {
    cc::server::options o;
    const char* good[] = {"clientcard-server", "--registration-link", "https://school.example/register?ref={code}"};
    REQUIRE_FALSE(cc::server::parse_options(3, good, o));
    CHECK(o.registration_link == "https://school.example/register?ref={code}");
    for (const char* bad : {"https://school.example/register", "javascript:alert('{code}')", "ftp://x/{code}"}) {
        cc::server::options refused;
        const char* args[] = {"clientcard-server", "--registration-link", bad};
        const auto why = cc::server::parse_options(3, args, refused);
        REQUIRE(why);
        CHECK(why->find("--registration-link") != std::string::npos);
    }

    auto store = std::make_unique<cc::server::sqlite_store>(":memory:", cc::server::sqlite_options{false});
    cc::server::sync_service sync(*store);
    const cc::server::user boris{"Boris", cc::server::user_role::manager};
    CHECK_FALSE(sync.me(boris).body.contains("registration_link"));  // the card falls back to its own
    sync.set_registration_link(o.registration_link);
    CHECK(sync.me(boris).body["registration_link"] == "https://school.example/register?ref={code}");
}
