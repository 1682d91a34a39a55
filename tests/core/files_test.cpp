// The upload queue and the player in the card's core: a picked file is checked, queued (offline
// too), kept across a reload, sent one at a time with progress, and ends in the op that carries
// it (a call's recording, a comment's files); failures retry, refusals of the file do not. The
// player and downloads go through ticket URLs of our server only.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/files.hpp"
#include "fake_host.hpp"

using namespace cc;

namespace {

const std::string file_id(64, 'a');


// A manager's card that pulled client c1 with one call, and is live (a long poll waiting).
fake_host card_with_call() {
    fake_host h;
    h.boot("dev-a");
    h.settle();
    h.take(request_id::me);
    h.dispatch(fetch_done{request_id::me, 200, json{{"name", "Boris"}, {"role", "manager"}}.dump()});
    h.take(request_id::pull);
    record call;
    call.kind = "call";
    call.id = "call:x:1";
    call.client_id = "c1";
    call.fields = {{"direction", "incoming"}, {"phone", "+79001234567"}, {"started_at", 1}, {"took_place", true}};
    call.version = 1;
    h.dispatch(fetch_done{request_id::pull, 200,
                          one_pull_page(json::array({{{"version", 1}, {"client", {{"id", "c1"}, {"name", "Ivan"}}}},
                                            {{"version", 1}, {"record", call}}}), 1).dump()});
    h.settle();
    h.requests.clear();
    return h;
}

file_picked wav(const std::string& name = "call.wav", std::size_t size = 1000) {
    return file_picked{"c1", "call:x:1", "recording", name, "audio/wav", std::string(size, 'x')};
}

std::string answer(std::int64_t size = 1000) {
    return json{{"id", file_id}, {"size", size}, {"type", "audio/wav"}, {"name", "call.wav"}}.dump();
}

const upload& only(const fake_host& h) {
    REQUIRE(h.m.uploads.uploads.size() == 1);
    return h.m.uploads.uploads[0];
}

}  // namespace

TEST_CASE("a field takes only its types and sizes; a refused file changes nothing") {
    CHECK(upload_type("recording", "a.MP3", "") == std::optional<std::string>("audio/mpeg"));
    CHECK(upload_type("recording", "a.m4a", "audio/x-m4a") == std::optional<std::string>("audio/mp4"));
    CHECK_FALSE(upload_type("recording", "a.pdf", "application/pdf"));
    CHECK(upload_type("files", "a.pdf", "") == std::optional<std::string>("application/pdf"));
    CHECK(upload_type("files", "scan", "image/png") == std::optional<std::string>("image/png"));
    CHECK_FALSE(upload_type("files", "page.html", "text/html"));
    CHECK_FALSE(upload_type("files", "run.exe", "application/octet-stream"));
    CHECK(check_upload("files", "big.pdf", "", max_upload_bytes + 1)->code == "err.file_too_large");
    CHECK(check_upload("files", "empty.txt", "", 0)->code == "err.file_empty");
    CHECK(check_upload("recording", "a.ogg", "", max_upload_bytes) == std::nullopt);

    fake_host h = card_with_call();
    h.dispatch(file_picked{"c1", "call:x:1", "recording", "notes.pdf", "application/pdf", "%PDF-1.4"});
    CHECK(h.m.uploads.uploads.empty());
    CHECK(h.in_flight.empty());
    REQUIRE(h.m.refused);
    CHECK(h.m.refused->why.code == "err.file_type");
    CHECK(h.m.refused->why.detail.find("mp3") != std::string::npos);
}

TEST_CASE("the file picker is asked for with the field's types") {
    fake_host h = card_with_call();
    h.dispatch(file_pick_requested{"c1", "call:x:1", "recording"});
    REQUIRE(h.picks.size() == 1);
    CHECK(h.picks[0].record_id == "call:x:1");
    CHECK(h.picks[0].accept.find(".wav") != std::string::npos);
    CHECK(h.picks[0].accept.find(".pdf") == std::string::npos);
}

TEST_CASE("a recording picked offline is queued, survives a reload, and is sent with progress once online") {
    fake_host h = card_with_call();
    h.dispatch(connectivity_changed{false});
    h.dispatch(wav());
    CHECK(only(h).state == upload_state::queued);
    CHECK_FALSE(h.has(request_id::upload));
    h.settle();
    CHECK(h.disk.count("uploads/" + only(h).key));
    CHECK(h.disk.count(uploads_path));

    fake_host r;  // the page is reloaded while offline
    r.disk = h.disk;
    r.m.online = false;
    r.boot("other");
    r.settle();
    REQUIRE(r.m.uploads.uploads.size() == 1);
    CHECK(r.m.uploads.uploads[0].name == "call.wav");
    CHECK(r.m.uploads.uploads[0].state == upload_state::queued);
    CHECK_FALSE(r.has(request_id::upload));

    r.dispatch(connectivity_changed{true});
    const http_request up = r.take(request_id::upload);
    CHECK(up.method == "POST");
    CHECK(up.url == "/api/v1/files");
    CHECK(up.body_file == "uploads/" + r.m.uploads.uploads[0].key);
    CHECK(up.content_type == "audio/wav");
    CHECK(up.file_name == "call.wav");
    CHECK(r.m.uploads.uploads[0].state == upload_state::uploading);

    r.dispatch(upload_progress{up.key, 400, 1000});
    CHECK(r.m.uploads.uploads[0].sent == 400);

    r.dispatch(fetch_done{request_id::upload, 201, answer(), up.key});
    CHECK(r.m.uploads.uploads.empty());  // done: the op carries it now
    const record* call = r.m.store.find_record("call:x:1");
    REQUIRE(call);
    CHECK(call->get("recording")["id"] == file_id);
    CHECK(call->get("recording")["name"] == "call.wav");
    CHECK(r.m.journal.back().op.kind == "call.set");
    r.settle();
    CHECK_FALSE(r.disk.count("uploads/" + up.key));  // the bytes are gone from the store
}

TEST_CASE("an upload that fails offline or with 5xx retries by itself; 413 and 415 do not") {
    fake_host h = card_with_call();
    h.dispatch(wav());
    h.settle();
    http_request up = h.take(request_id::upload);
    h.dispatch(fetch_done{request_id::upload, 0, "", up.key});
    CHECK(only(h).state == upload_state::failed);
    CHECK(only(h).reason->code == "err.server_down");
    CHECK_FALSE(only(h).final);
    REQUIRE_FALSE(h.timers.empty());
    CHECK(h.timers.back().id == timer_id::upload_retry);

    h.dispatch(timer_fired{timer_id::upload_retry});
    up = h.take(request_id::upload);
    h.dispatch(fetch_done{request_id::upload, 503, R"({"error":{"code":"err.busy","message":"busy"}})", up.key});
    CHECK(only(h).state == upload_state::failed);
    h.dispatch(timer_fired{timer_id::upload_retry});
    up = h.take(request_id::upload);
    CHECK(only(h).attempts == 3);

    // The server refuses the file itself: a message, no timer, no request until the user asks.
    h.timers.clear();
    h.dispatch(fetch_done{request_id::upload, 413, R"({"error":{"code":"err.too_large","message":"too large"}})", up.key});
    CHECK(only(h).state == upload_state::failed);
    CHECK(only(h).final);
    CHECK(only(h).reason->code == "err.file_too_large");
    CHECK(h.timers.empty());
    h.dispatch(timer_fired{timer_id::upload_retry});
    h.dispatch(connectivity_changed{true});
    CHECK_FALSE(h.has(request_id::upload));

    // "Retry" by hand goes again; "Remove" drops it and its bytes.
    h.dispatch(upload_retried{only(h).key});
    up = h.take(request_id::upload);
    h.dispatch(fetch_done{request_id::upload, 415, R"({"error":{"code":"err.unsupported_type","message":"no"}})", up.key});
    const std::string key = only(h).key;
    h.dispatch(upload_removed{key});
    CHECK(h.m.uploads.uploads.empty());
    h.settle();
    CHECK_FALSE(h.disk.count("uploads/" + key));
    CHECK(h.m.store.find_record("call:x:1")->get("recording").is_null());
}

TEST_CASE("uploads go one at a time") {
    fake_host h = card_with_call();
    h.dispatch(file_picked{"c1", "", "files", "a.txt", "text/plain", "hello"});
    h.dispatch(file_picked{"c1", "", "files", "b.txt", "text/plain", "world"});
    h.settle();
    CHECK(h.tagged(request_id::upload).size() == 1);
    const http_request first = h.take(request_id::upload);
    h.dispatch(fetch_done{request_id::upload, 201, json{{"id", file_id}, {"size", 5}, {"type", "text/plain; charset=utf-8"}}.dump(), first.key});
    h.settle();
    CHECK(h.tagged(request_id::upload).size() == 1);
}

TEST_CASE("a comment sent with files waits for them, then is one op with its files") {
    fake_host h = card_with_call();
    h.dispatch(connectivity_changed{false});
    h.dispatch(file_picked{"c1", "", "files", "price.pdf", "application/pdf", "%PDF-1.4 ..."});
    h.settle();
    CHECK(uploads_of(h.m, "c1", "", "files").size() == 1);
    h.dispatch(comment_posted{"c1", "Prices attached", "comments/new"});
    CHECK(h.m.store.records_of("c1", "comment").empty());  // not posted before its files
    CHECK(uploads_of(h.m, "c1", "", "files").empty());     // the box is empty again
    REQUIRE(h.m.uploads.posts.size() == 1);
    h.settle();

    fake_host r;  // survives a reload too
    r.disk = h.disk;
    r.boot("other");
    r.settle();
    REQUIRE(r.m.uploads.posts.size() == 1);
    r.dispatch(connectivity_changed{true});
    const http_request up = r.take(request_id::upload);
    r.dispatch(fetch_done{request_id::upload, 201, json{{"id", file_id}, {"size", 12}, {"type", "application/pdf"}}.dump(), up.key});
    const auto comments = r.m.store.records_of("c1", "comment");
    REQUIRE(comments.size() == 1);
    CHECK(comments[0]->text("text") == "Prices attached");
    CHECK(comments[0]->get("files")[0]["name"] == "price.pdf");
    CHECK(comments[0]->get("files")[0]["id"] == file_id);
    CHECK(r.m.uploads.posts.empty());
    CHECK(r.m.uploads.uploads.empty());
}

TEST_CASE("the player asks for a ticket, loads our server's URL only, and follows what the host reports") {
    fake_host h = card_with_call();
    h.dispatch(playback_requested{"call:x:1", file_id});
    CHECK(h.m.player.loading);
    http_request t = h.take(request_id::play_ticket);
    CHECK(t.url == "/api/v1/files/" + file_id + "/ticket");
    // A ticket that points anywhere else is never loaded.
    h.dispatch(fetch_done{request_id::play_ticket, 200, json{{"url", "https://evil.example/x.mp3"}}.dump(), file_id});
    CHECK(h.media.empty());
    CHECK(h.m.player.failed);

    h.dispatch(playback_requested{"call:x:1", file_id});
    t = h.take(request_id::play_ticket);
    const std::string url = "/api/v1/files/" + file_id + "?ticket=1.abc";
    h.dispatch(fetch_done{request_id::play_ticket, 200, json{{"url", url}, {"expires_at", 1}}.dump(), file_id});
    REQUIRE(h.media.size() == 1);
    CHECK(h.media[0].command == media_control::what::load);
    CHECK(h.media[0].url == url);
    h.dispatch(media_reported{file_id, 1.5, 10, true, false, ""});
    CHECK(h.m.player.playing);
    CHECK(h.m.player.position_s == 1.5);
    CHECK(h.m.player.duration_s == 10);

    h.dispatch(playback_rate_changed{1.5});
    CHECK(h.media.back().command == media_control::what::rate);
    CHECK(h.media.back().value == 1.5);
    h.dispatch(playback_rate_changed{3});  // not one of the speeds offered
    CHECK(h.m.player.rate == 1.5);
    h.dispatch(playback_seeked{7});
    CHECK(h.media.back().command == media_control::what::seek);
    CHECK(h.m.player.position_s == 7);
    h.dispatch(playback_paused{});
    CHECK(h.media.back().command == media_control::what::pause);
    CHECK_FALSE(h.m.player.playing);
    h.dispatch(playback_requested{"call:x:1", file_id});  // loaded: plays on, no new ticket
    CHECK(h.media.back().command == media_control::what::play);
    CHECK_FALSE(h.has(request_id::play_ticket));
}

TEST_CASE("Download opens a ticket URL of our server") {
    fake_host h = card_with_call();
    h.dispatch(file_open_requested{file_id});
    h.take(request_id::open_ticket);
    h.dispatch(fetch_done{request_id::open_ticket, 200,
                          json{{"url", "/api/v1/files/" + file_id + "?ticket=9.ff"}}.dump(), file_id});
    REQUIRE(h.downloads.size() == 1);
    CHECK(h.downloads[0].url == "/api/v1/files/" + file_id + "?ticket=9.ff");
}

TEST_CASE("a recording the telephony attached later arrives with a pull and plays") {
    fake_host h = card_with_call();
    record call = *h.m.store.find_record("call:x:1");
    call.fields["recording"] = {{"id", file_id}, {"name", "tel-42.mp3"}, {"size", 48213}, {"type", "audio/mpeg"}};
    call.version = 2;
    h.dispatch(fetch_done{request_id::pull_wait, 200, one_pull_page(json::array({{{"version", 2}, {"record", call}}}), 2).dump()});
    const record* pulled = h.m.store.find_record("call:x:1");
    REQUIRE(pulled);
    CHECK(pulled->get("recording")["name"] == "tel-42.mp3");
    h.dispatch(playback_requested{pulled->id, pulled->get("recording")["id"]});
    CHECK(h.take(request_id::play_ticket).url == "/api/v1/files/" + file_id + "/ticket");
}

TEST_CASE("an upload answered 401 waits for a token instead of being sent again and again") {
    fake_host h = card_with_call();
    h.dispatch(wav());
    h.settle();
    const http_request up = h.take(request_id::upload);
    h.dispatch(fetch_done{request_id::upload, 401, R"({"error":{"code":"err.unauthorized","message":"no"}})", up.key});
    CHECK_FALSE(h.has(request_id::upload));
    CHECK(only(h).state == upload_state::queued);
    CHECK_FALSE(h.m.signed_in);
    h.dispatch(token_entered{"new-token"});
    CHECK(h.has(request_id::upload));
}
