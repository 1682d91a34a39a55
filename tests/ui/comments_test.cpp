// Comments: links open only for http, https, mailto, tel and bare domains; the author may
// correct a comment for 15 minutes, nobody else ever, nobody deletes; writing one with
// Ctrl+Enter; the pinned note stays on top; files are listed.
#include <doctest/doctest.h>

#include "harness.hpp"
#include "ui/kit/rich_text.hpp"
#include "tests/test_time.hpp"

using namespace uitest;

namespace {
}

TEST_CASE("a comment's example.com opens as https; javascript: stays text") {
    harness h;
    std::string id = h.create("Anna");
    h.put_record("comment", "comment:1", id, {{"text", "see example.com and javascript:alert(1)"}}, "Boris", h.now - 2 * minute);
    h.frames(2);
    h.click("tab", "Comments");
    h.frames(2);
    CHECK_MESSAGE(h.has("text", "see example.com and javascript:alert(1)"), h.dump());
    const ui::sem_node* l = h.find("link", "example.com");
    REQUIRE(l);
    CHECK(l->value == "https://example.com");
    for (const ui::sem_node* n : h.all("link")) CHECK(n->label.find("javascript") == std::string::npos);
    auto out = h.click("link", "example.com");
    const cc::link_requested* asked = first_of<cc::link_requested>(out);
    REQUIRE(asked);
    CHECK(asked->url == "https://example.com");
    REQUIRE(!h.links.empty());
    CHECK(h.links.back().url == "https://example.com");
    // Nobody deletes a comment.
    CHECK_FALSE(h.has("button", "Delete"));
}

TEST_CASE("the author sees Edit for 15 minutes, then not; another user never") {
    harness h;
    std::string id = h.create("Anna");
    const std::string mine = h.add_record(id, "comment.create", {{"text", "Agreed: 10% discount"}});
    h.now += 4 * minute;
    h.put_record("comment", "comment:theirs", id, {{"text", "Client prefers email"}}, "Vera", h.now);
    h.now += minute;  // mine is 5 minutes old, Vera's 1
    h.frames(2);
    h.click("tab", "Comments");
    h.frames(1);
    REQUIRE_MESSAGE(h.all("button").size() > 0, h.dump());
    int edit_buttons = 0;
    for (const ui::sem_node* n : h.all("button")) edit_buttons += n->label == "Edit";
    CHECK(edit_buttons == 1);
    h.click("button", "Edit");
    h.frames(1);
    CHECK(h.find("textbox", "Correct the comment")->value == "Agreed: 10% discount");
    h.click("textbox", "Correct the comment");
    h.select_all();
    h.type("Agreed: 15% discount");
    auto out = h.click("button", "Save");
    auto sent = edits(out, "comment.edit");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].record_id == mine);
    CHECK(sent[0].payload == cc::json{{"text", "Agreed: 15% discount"}});
    h.frames(2);
    CHECK(h.has("text", "Agreed: 15% discount"));  // corrected, and marked so
    CHECK(h.has("status", "edited"));
    // Sixteen minutes after posting the window is closed.
    h.now += 11 * minute;
    h.frames(2);
    CHECK_FALSE(h.has("button", "Edit"));
    // Signed in as someone else, my comment is theirs to read only.
    h.now -= 11 * minute;
    h.m.user_name = "Vera";
    h.m.user_role = "manager";
    h.frames(2);
    edit_buttons = 0;
    for (const ui::sem_node* n : h.all("button")) edit_buttons += n->label == "Edit";
    CHECK(edit_buttons == 1);  // Vera's own comment, a minute old
}

TEST_CASE("writing a comment: Ctrl+Enter sends the comment (comment.create); edited and pending are marked; files listed") {
    harness h;
    std::string id = h.create("Anna");
    auto& r = h.put_record("comment", "comment:e", id, {{"text", "Call after 18:00 Moscow time"}}, "Boris", h.now - 30 * minute);
    r.fields["edited_at"] = h.now - 20 * minute;
    r.fields["files"] = cc::json::array({{{"id", std::string(64, 'b')}, {"name", "contract.pdf"}, {"size", 24576}, {"type", "application/pdf"}}});
    h.frames(2);
    h.click("tab", "Comments");
    h.frames(1);
    CHECK(h.has("status", "edited"));
    CHECK(h.has("text", "contract.pdf (24 KB)"));
    CHECK(h.has("textbox", "Pinned note"));  // the note stays on top
    h.click("textbox", "New comment");
    h.type("Sent the contract, see https://docs.example.com/c/1");
    auto typed = h.frames(1);
    CHECK(edits(typed, "comment.create").empty());
    auto out = h.press(key_enter, true);
    // The box sends the comment with whatever files it holds (none here): the core posts it at once.
    const cc::comment_posted* sent = first_of<cc::comment_posted>(out);
    REQUIRE_MESSAGE(sent, h.dump());
    CHECK(sent->client_id == id);
    CHECK(sent->text == "Sent the contract, see https://docs.example.com/c/1");
    CHECK(h.m.journal.back().op.kind == "comment.create");
    CHECK(h.m.journal.back().op.payload == cc::json{{"text", "Sent the contract, see https://docs.example.com/c/1"}});
    h.frames(2);
    CHECK(h.has("link", "https://docs.example.com/c/1"));  // the new comment, newest last
    CHECK(h.has("status", "Not synced yet"));
    CHECK(h.find("textbox", "New comment")->value.empty());
    // A comment past the limit is refused at the box.
    h.click("textbox", "New comment");
    h.type(std::string(4001, 'x').c_str());
    out = h.click("button", "Send");
    CHECK(edits(out, "comment.create").empty());
    h.frames(1);
    CHECK(h.has("alert", "Too long: at most 4000 characters"));
}

TEST_CASE("split_links: http, https, mailto, tel and bare domains link; other schemes stay text") {
    auto links = [](std::string_view s) {
        std::vector<std::string> out;
        std::string back;
        for (const auto& p : ui::split_links(s)) {
            back += p.text;
            if (!p.url.empty()) out.push_back(p.text + "=" + p.url);
        }
        CHECK(back == s);  // nothing lost
        return out;
    };
    CHECK(links("see example.com and javascript:alert(1)") == std::vector<std::string>{"example.com=https://example.com"});
    CHECK(links("(https://shop.ru/a?b=1), mailto:a@b.ru tel:+79123456789.") ==
          std::vector<std::string>{"https://shop.ru/a?b=1=https://shop.ru/a?b=1", "mailto:a@b.ru=mailto:a@b.ru",
                                   "tel:+79123456789=tel:+79123456789"});
    CHECK(links("write anna@example.com") == std::vector<std::string>{"anna@example.com=mailto:anna@example.com"});
    CHECK(links("file:///etc/passwd data:text/html,x e.g. 3.14 v1.2 ftp://x.org").empty());
    CHECK(links("www.site.org:8080/path") == std::vector<std::string>{"www.site.org:8080/path=https://www.site.org:8080/path"});
    CHECK(links("").empty());
}
