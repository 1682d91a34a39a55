// blob_store_test.cpp — the file store on its own (tools/server/blob_store.hpp): ids are the
// SHA-256 of the bytes, the layout on disk, one copy per content, nothing half-written after a
// failure, and nothing that is not a complete stored file is ever found.
#include <signal.h>
#include <sys/resource.h>

#include <cctype>
#include <csignal>

#include <doctest/doctest.h>

#include "blob_store.hpp"
#include "test_support.hpp"
#include "users.hpp"

using namespace cc_test;
using cc::server::blob_error;
using cc::server::blob_store;

namespace {

// Regular files under `dir`, `tmp/` included or not.
std::size_t files_under(const fs::path& dir, bool with_tmp = false) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && (with_tmp || e.path().parent_path().filename() != "tmp")) ++n;
    return n;
}

blob_store::put_result put(blob_store& store, const std::string& bytes, const std::string& type = "audio/mpeg",
                           const std::string& who = "Anna", std::size_t piece = 1000) {
    auto up = store.begin_upload();
    for (std::size_t i = 0; i < bytes.size(); i += piece) up->write(std::string_view(bytes).substr(i, piece));
    return store.commit(*up, type, who, 1700000000000);
}

}  // namespace

TEST_CASE("blob store: the id is the SHA-256 of the bytes; layout <dir>/ab/<id> and its record") {
    temp_dir dir;
    blob_store store(dir / "files");
    std::string bytes = "ID3\x04" + std::string(5000, 'x');
    auto r = put(store, bytes);
    CHECK(r.created);
    CHECK(r.meta.id == cc::server::token_hash(bytes));  // the same SHA-256 hex the token hashes use
    CHECK(r.meta.size == bytes.size());
    CHECK(r.meta.type == "audio/mpeg");
    CHECK(r.meta.uploader == "Anna");
    fs::path data = dir / "files" / r.meta.id.substr(0, 2) / r.meta.id;
    CHECK(read_file(data) == bytes);
    json meta = json::parse(read_file(data.string() + ".json"));
    CHECK(meta == json{{"type", "audio/mpeg"}, {"size", bytes.size()}, {"uploader", "Anna"}, {"created_at", 1700000000000}});
    CHECK(fs::is_empty(dir / "files" / "tmp"));
    // Nobody but the server's user may look in: folders 0700, files 0600.
    for (const fs::path& p : {dir / "files", dir / "files" / "tmp", data.parent_path(), data, fs::path(data.string() + ".json")}) {
        INFO(p);
        const fs::perms others = fs::perms::group_all | fs::perms::others_all;
        CHECK((fs::status(p).permissions() & others) == fs::perms::none);
    }
    auto found = store.find(r.meta.id);
    REQUIRE(found);
    CHECK(found->size == bytes.size());
    // Pieces of any size hash the same.
    temp_dir other;
    blob_store store2(other / "files");
    CHECK(put(store2, bytes, "audio/mpeg", "Boris", 1).meta.id == r.meta.id);
}

TEST_CASE("blob store: the same bytes twice are stored once; the first upload's record stays") {
    temp_dir dir;
    blob_store store(dir / "files");
    std::string bytes(3000, 'a');
    auto first = put(store, bytes, "text/plain; charset=utf-8", "Anna");
    auto second = put(store, bytes, "text/csv; charset=utf-8", "Boris");
    CHECK(first.created);
    CHECK_FALSE(second.created);
    CHECK(second.meta.id == first.meta.id);
    CHECK(second.meta.uploader == "Anna");
    CHECK(second.meta.type == "text/plain; charset=utf-8");
    CHECK(files_under(dir / "files", true) == 2);  // the bytes and the record; no temp file left
}

TEST_CASE("blob store: an upload that is never committed leaves nothing; a crash's leftovers go at start") {
    temp_dir dir;
    {
        blob_store store(dir / "files");
        auto up = store.begin_upload();
        up->write("half of something");
        CHECK(files_under(dir / "files", true) == 1);
    }
    CHECK(files_under(dir / "files", true) == 0);
    write_file(dir / "files" / "tmp" / "up-left-by-a-crash", "partial");
    blob_store again(dir / "files");
    CHECK(fs::is_empty(dir / "files" / "tmp"));
}

TEST_CASE("blob store: only complete files are found; malformed ids never touch the disk") {
    temp_dir dir;
    blob_store store(dir / "files");
    auto r = put(store, std::string(100, 'z'), "image/png");
    const std::string id = r.meta.id;
    for (std::string bad : {std::string(""), id.substr(0, 63), id + "0", std::string(64, 'A'), std::string(64, 'g'),
                            "../" + id.substr(3), id.substr(0, 62) + "/.", id.substr(0, 60) + ".json",
                            std::string(63, 'a') + '\0'}) {
        INFO(bad);
        CHECK_FALSE(blob_store::valid_id(bad));
        CHECK_FALSE(store.find(bad));
    }
    std::string upper = id;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != id) CHECK_FALSE(store.find(upper));

    fs::path data = store.data_path(id);
    // Bytes of another size than recorded: not found.
    write_file(data, std::string(99, 'z'));
    CHECK_FALSE(store.find(id));
    // No bytes: not found.
    fs::remove(data);
    CHECK_FALSE(store.find(id));
    // The bytes as a symlink (to a file outside): not found, never followed.
    write_file(dir / "secret.txt", std::string(100, 's'));
    fs::create_symlink(dir / "secret.txt", data);
    CHECK_FALSE(store.find(id));
    fs::remove(data);
    // A record that is not one: not found.
    write_file(data, std::string(100, 'z'));
    CHECK(store.find(id));
    write_file(data.string() + ".json", "{\"type\":\"text/html\",\"size\":100,\"uploader\":\"x\",\"created_at\":1}");
    CHECK_FALSE(store.find(id));  // a type outside the allowlist never reaches a header
    write_file(data.string() + ".json", "not json");
    CHECK_FALSE(store.find(id));
    // A file without its record is completed by the next upload of the same bytes.
    fs::remove(data.string() + ".json");
    auto again = put(store, std::string(100, 'z'), "image/png", "Vera");
    CHECK(again.created);
    CHECK(again.meta.uploader == "Vera");
    CHECK(store.find(id));
}

TEST_CASE("blob store: a write that fails (a file size limit, as a full disk) throws and leaves nothing") {
    temp_dir dir;
    blob_store store(dir / "files");
    // The kernel refuses writes past 64 KiB in this process for a moment (EFBIG); SIGXFSZ would
    // end the process, so it is ignored meanwhile.
    rlimit before{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &before) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 64 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false, full = false;
    try {
        put(store, std::string(200 * 1024, 'q'), "text/plain; charset=utf-8", "Anna", 32 * 1024);
    } catch (const blob_error& e) {
        threw = true;
        full = e.disk_full();
    }
    setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, old_handler);
    CHECK(threw);
    CHECK(full);
    CHECK(files_under(dir / "files", true) == 0);
    CHECK(put(store, std::string(200 * 1024, 'q'), "text/plain; charset=utf-8").created);
}

TEST_CASE("blob store: a folder it cannot use is refused at start") {
    temp_dir dir;
    write_file(dir / "not-a-folder", "x");
    CHECK_THROWS_AS(static_cast<void>(blob_store(dir / "not-a-folder")), blob_error);
    CHECK_THROWS_AS(static_cast<void>(blob_store(dir / "not-a-folder" / "below")), blob_error);
}
