// The semantic tree and its JSON: what the host hands to JavaScript must parse, keep Cyrillic,
// and never let a label break out of its string.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "ui/semantic.hpp"

using namespace uitest;

TEST_CASE("json_escape: quotes, backslashes, control characters, UTF-8 kept, bad bytes replaced") {
    CHECK(ui::json_escape("a\"b\\c") == "a\\\"b\\\\c");
    CHECK(ui::json_escape("line\nnext\ttab\r") == "line\\nnext\\ttab\\r");
    CHECK(ui::json_escape(std::string("\x01\x1f\x7f", 3)) == "\\u0001\\u001f\\u007f");
    CHECK(ui::json_escape(std::string("nul\0x", 5)) == "nul\\u0000x");
    CHECK(ui::json_escape("Иван — ёж 😀") == "Иван — ёж 😀");
    CHECK(ui::json_escape("\xff" "a\xc3") == "\\ufffda\\ufffd");        // stray and truncated
    CHECK(ui::json_escape("\xc0\xaf") == "\\ufffd\\ufffd");              // overlong '/'
    CHECK(ui::json_escape("\xed\xa0\x80") == "\\ufffd\\ufffd\\ufffd");   // a UTF-16 surrogate
    CHECK(ui::json_escape("\xe2\x80\xa8") == "\\u2028");
}

TEST_CASE("the tree of a frame is valid JSON with every widget, labels without ## ids") {
    harness h;
    std::string id = h.create("Quote \" and \\ and {} ##not-an-id");
    h.frames(2);
    auto tree = nlohmann::json::parse(ui::sem_json());
    REQUIRE(tree.is_array());
    REQUIRE(tree.size() == ui::sem_nodes().size());
    bool found_row = false;
    for (const auto& n : tree) {
        CHECK(n.contains("role"));
        CHECK(n.contains("label"));
        CHECK(n["w"].get<double>() >= 0);
        std::string label = n["label"];
        if (n["role"] == "listitem") {
            found_row = true;
            CHECK(label == "Quote \" and \\ and {} ##not-an-id");
            CHECK(n["selected"] == true);
        } else if (n["role"] == "button" || n["role"] == "tab") {
            CHECK(label.find("##") == std::string::npos);
        }
    }
    CHECK(found_row);
    // The top bar comes first in reading order although it is drawn last.
    CHECK(tree[0]["role"] == "heading");
    CHECK(tree[0]["label"] == "ClientCard");
}

TEST_CASE("sem_end_frame without a begin keeps the last frame (a host may call both too)") {
    harness h;
    h.create("Anna");
    h.frames(1);
    std::size_t n = ui::sem_nodes().size();
    REQUIRE(n > 0);
    ui::sem_end_frame();
    CHECK(ui::sem_nodes().size() == n);
    // The browser host's order: begin, draw_app (which begins and ends), end.
    ImGui::NewFrame();
    ui::sem_begin_frame();
    ui::draw_app(h.m, h.s);
    ui::sem_end_frame();
    ImGui::Render();
    CHECK(ui::sem_nodes().size() == n);
}
