// json_limits_test.cpp — bounded JSON reading: deep or large texts are refused before parsing.
#include <doctest/doctest.h>

#include <string>

#include "core/json_limits.hpp"

TEST_CASE("nesting depth is counted outside strings") {
    CHECK(cc::json_nesting_depth("1") == 0);
    CHECK(cc::json_nesting_depth("[[1],{\"a\":[2]}]") == 3);
    CHECK(cc::json_nesting_depth("{\"a\":\"[[[[{{{\"}") == 1);
    CHECK(cc::json_nesting_depth("[\"\\\"[[[\"]") == 1);  // an escaped quote does not end the string
}

TEST_CASE("a 60,000-level array is refused without recursion, with a message") {
    std::string deep(60000, '[');
    deep += std::string(60000, ']');
    std::string why;
    auto doc = cc::parse_bounded(deep, {1u << 20, 64}, why);
    CHECK_FALSE(doc);
    CHECK(why.find("deeper than 64") != std::string::npos);
}

TEST_CASE("texts within the limits parse; too large or malformed ones say why") {
    std::string why;
    auto ok = cc::parse_bounded("{\"ops\":[{\"id\":\"d:1\"}]}", {}, why);
    REQUIRE(ok);
    CHECK((*ok)["ops"][0]["id"] == "d:1");

    CHECK_FALSE(cc::parse_bounded(std::string(100, ' ') + "1", {50, 64}, why));
    CHECK(why.find("at most 50") != std::string::npos);

    CHECK_FALSE(cc::parse_bounded("{\"a\":", {}, why));
    CHECK(why.find("not valid JSON") != std::string::npos);
}
