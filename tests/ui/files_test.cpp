// Files in the card: the player of a call's recording (play, position/duration as the host
// reports it, speed, pause), the upload rows (queued offline, a progress bar, a refusal that
// offers no retry, a failure that does), a picked file the card refuses, and "Download".
#include <doctest/doctest.h>

#include "harness.hpp"
#include "ui/strings.hpp"

using namespace uitest;

namespace {

const std::string file_id(64, 'b');

// A client with one call carrying `fields`, its panel open in the Calls tab.
std::string open_call(harness& h, cc::json extra = cc::json::object()) {
    std::string id = h.create("Anna Smirnova");
    h.m.signed_in = true;
    cc::json fields = {{"direction", "incoming"}, {"phone", "+79123456789"}, {"started_at", h.now - 60000},
                       {"duration_s", 10}, {"took_place", true}};
    fields.update(extra);
    h.put_record("call", "call:x:1", id, fields);
    h.frames(2);
    h.click("tab", "Calls");
    h.frames(1);
    const ui::sem_node* row = nullptr;
    for (const ui::sem_node* n : h.all("listitem"))
        if (n->label.rfind("Incoming", 0) == 0) row = n;
    REQUIRE_MESSAGE(row, h.dump());
    h.click_at(row->x + 4, row->y + row->h - 4);
    h.frames(2);
    return id;
}

}  // namespace

TEST_CASE("the player: Play asks for the recording; position, duration, speed and pause follow the host") {
    harness h;
    open_call(h, {{"recording", {{"id", file_id}, {"name", "call.mp3"}, {"size", 48213}, {"type", "audio/mpeg"}}}});
    REQUIRE_MESSAGE(h.has("button", "Play"), h.dump());
    CHECK(h.find("slider", "Position")->value == "0:00 / -:--");
    CHECK(h.has("button", "Download call.mp3"));
    CHECK(h.find("radio", "Speed 1×")->selected);

    auto out = h.click("button", "Play");
    const cc::playback_requested* play = first_of<cc::playback_requested>(out);
    REQUIRE(play);
    CHECK(play->file_id == file_id);
    CHECK(play->record_id == "call:x:1");
    REQUIRE(h.last_request(cc::request_id::play_ticket));
    h.dispatch(cc::fetch_done{cc::request_id::play_ticket, 200,
                              cc::json{{"url", "/api/v1/files/" + file_id + "?ticket=1.ab"}}.dump(), file_id});
    h.dispatch(cc::media_reported{file_id, 3.2, 92.5, true, false, ""});
    h.frames(1);
    CHECK(h.find("slider", "Position")->value == "0:03 / 1:32");
    CHECK(h.has("button", "Pause"));

    out = h.click("radio", "Speed 1.5×");
    const cc::playback_rate_changed* rate = first_of<cc::playback_rate_changed>(out);
    REQUIRE(rate);
    CHECK(rate->rate == 1.5);
    h.frames(1);
    CHECK(h.find("radio", "Speed 1.5×")->selected);

    out = h.click("button", "Pause");
    CHECK(first_of<cc::playback_paused>(out));
    h.frames(1);
    CHECK(h.has("button", "Play"));

    h.m.lang = cc::locale::ru;
    h.frames(1);
    CHECK(h.has("button", "Слушать"));
    CHECK(h.has("slider", "Позиция"));
}

TEST_CASE("upload rows: queued offline, a progress bar while sending, a refusal without retry") {
    harness h;
    std::string id = open_call(h);
    auto out = h.click("button", "Attach recording");
    const cc::file_pick_requested* pick = first_of<cc::file_pick_requested>(out);
    REQUIRE(pick);
    CHECK(pick->record_id == "call:x:1");
    CHECK(pick->field == "recording");

    // A file the card refuses: a clear message, nothing queued.
    h.dispatch(cc::file_picked{id, "call:x:1", "recording", "contract.pdf", "application/pdf", "%PDF-1.4"});
    h.frames(1);
    CHECK(h.m.uploads.uploads.empty());
    const ui::sem_node* msg = h.find("alert", "This type of file cannot be attached here; allowed: mp3, wav, ogg, m4a");
    REQUIRE_MESSAGE(msg, h.dump());

    h.dispatch(cc::connectivity_changed{false});
    h.dispatch(cc::file_picked{id, "call:x:1", "recording", "call.wav", "audio/wav", std::string(2048, 'x')});
    h.frames(1);
    CHECK(h.has("text", "call.wav (2.0 KB)"));
    CHECK(h.has("status", "Will upload when online"));

    h.dispatch(cc::connectivity_changed{true});
    const cc::http_request* up = h.last_request(cc::request_id::upload);
    REQUIRE(up);
    const std::string key = up->key;
    h.dispatch(cc::upload_progress{key, 1024, 2048});
    h.frames(1);
    const ui::sem_node* bar = h.find("progressbar", "call.wav");
    REQUIRE_MESSAGE(bar, h.dump());
    CHECK(bar->value == "50%");

    h.dispatch(cc::fetch_done{cc::request_id::upload, 415,
                              R"({"error":{"code":"err.unsupported_type","message":"no"}})", key});
    h.frames(1);
    CHECK(h.has("alert", "Refused: The server does not take this file: its contents are not of its type"));
    CHECK_FALSE(h.has("button", "Retry"));
    out = h.click("button", "Remove");
    CHECK(first_of<cc::upload_removed>(out));
    h.frames(1);
    CHECK_FALSE(h.has("text", "call.wav (2.0 KB)"));
}

TEST_CASE("an upload that failed offline offers Retry; comment files list with Download") {
    harness h;
    std::string id = open_call(h);
    h.dispatch(cc::file_picked{id, "call:x:1", "recording", "call.ogg", "", std::string(100, 'x')});
    const cc::http_request* up = h.last_request(cc::request_id::upload);
    REQUIRE(up);
    h.dispatch(cc::fetch_done{cc::request_id::upload, 0, "", up->key});
    h.frames(1);
    CHECK(h.has("alert", "Not uploaded: Server is not reachable"));
    auto out = h.click("button", "Retry");
    CHECK(first_of<cc::upload_retried>(out));

    h.put_record("comment", "comment:x:2", id,
                 {{"text", "Prices"}, {"files", {{{"id", file_id}, {"name", "price.pdf"}, {"size", 3 << 20}, {"type", "application/pdf"}}}}});
    h.frames(1);
    h.click("tab", "Comments");
    h.frames(2);
    CHECK(h.has("text", "price.pdf (3.0 MB)"));
    out = h.click("button", "Download price.pdf");
    const cc::file_open_requested* open = first_of<cc::file_open_requested>(out);
    REQUIRE(open);
    CHECK(open->file_id == file_id);
    CHECK(h.has("button", "Attach file"));
}

TEST_CASE("the files wording is there in English and Russian") {
    const char* keys[] = {"file.queued", "file.queued_offline", "file.uploaded", "file.failed", "file.refused",
                          "file.retry", "file.remove", "file.download", "file.attach", "file.attach_recording",
                          "file.replace_recording", "file.waiting", "player.play", "player.pause",
                          "player.position", "player.speed", "player.loading", "err.file_type",
                          "err.file_too_large", "err.file_empty", "err.file_unreadable", "err.too_many_files",
                          "err.upload_other_tab", "err.unsupported_type", "err.playback_failed", "err.storage"};
    for (const char* key : keys) {
        CAPTURE(key);
        CHECK(ui::tr_has(key));
        CHECK(std::string(ui::tr(cc::locale::ru, key)) != ui::tr(cc::locale::en, key));
    }
    // Sizes read in the user's language.
    CHECK(ui::tr_fill(cc::locale::ru, "file.size.mb", {{"{n}", "2.5"}}) == "2.5 МБ");
}
