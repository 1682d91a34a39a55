// file_type_test.cpp — what the file store takes (tools/server/file_type.hpp): magic numbers,
// the allowlist of claimed types, the UTF-8 check of text fed in pieces, and the upload's
// X-File-Name (blob_api.hpp).
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "blob_api.hpp"
#include "file_type.hpp"

using namespace cc::server;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int c : b) s += static_cast<char>(c);
    return s;
}

bool text_ok(const std::string& s, std::size_t piece = 1) {
    utf8_text_check check;
    for (std::size_t i = 0; i < s.size(); i += piece) check.feed(std::string_view(s).substr(i, piece));
    return check.complete();
}

}  // namespace

TEST_CASE("magic numbers: each allowed family from its first bytes") {
    CHECK(sniff_magic(std::string("ID3\x04\x00\x00\x00\x00\x00\x10", 10)) == file_family::mp3);
    CHECK(sniff_magic(bytes({0xFF, 0xFB, 0x90, 0x64, 0, 0})) == file_family::mp3);   // MPEG-1 layer III
    CHECK(sniff_magic(bytes({0xFF, 0xF3, 0x48, 0xC4})) == file_family::mp3);         // MPEG-2 layer III
    CHECK(sniff_magic(std::string("RIFF\x24\x08\x00\x00WAVEfmt ", 16)) == file_family::wav);
    CHECK(sniff_magic(std::string("RIFF\x24\x08\x00\x00WEBPVP8 ", 16)) == file_family::webp);
    CHECK(sniff_magic("OggS\x00\x02") == file_family::ogg);
    CHECK(sniff_magic(std::string("\x00\x00\x00\x20" "ftypM4A \x00\x00", 14)) == file_family::mp4_audio);
    CHECK(sniff_magic("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR") == file_family::png);
    CHECK(sniff_magic(bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'})) == file_family::jpeg);
    CHECK(sniff_magic("GIF89a\x01\x00") == file_family::gif);
    CHECK(sniff_magic("GIF87a\x01\x00") == file_family::gif);
    CHECK(sniff_magic("%PDF-1.7\n") == file_family::pdf);
    CHECK(sniff_magic(std::string("PK\x03\x04\x14\x00\x06\x00", 8)) == file_family::office_zip);
}

TEST_CASE("magic numbers: near misses and other formats are unknown") {
    CHECK(sniff_magic("") == file_family::unknown);
    CHECK(sniff_magic("hello, world") == file_family::unknown);
    CHECK(sniff_magic("<!doctype html><script>alert(1)</script>") == file_family::unknown);
    CHECK(sniff_magic("<svg xmlns='http://www.w3.org/2000/svg'/>") == file_family::unknown);
    CHECK(sniff_magic(bytes({0x7F, 'E', 'L', 'F', 2, 1, 1})) == file_family::unknown);
    CHECK(sniff_magic("MZ\x90\x00") == file_family::unknown);
    CHECK(sniff_magic(bytes({0xFF, 0xF1, 0x50, 0x80})) == file_family::unknown);  // AAC ADTS: layer 00
    CHECK(sniff_magic(bytes({0xFF, 0xEB, 0x90, 0x64})) == file_family::unknown);  // reserved MPEG version
    CHECK(sniff_magic(bytes({0xFF, 0xFB, 0xF0, 0x64})) == file_family::unknown);  // bad bitrate index
    CHECK(sniff_magic(bytes({0xFF, 0xFB, 0x9C, 0x64})) == file_family::unknown);  // reserved sample rate
    CHECK(sniff_magic(bytes({0xFF, 0xFB})) == file_family::unknown);              // too short for a frame
    CHECK(sniff_magic(std::string("RIFF\x24\x08\x00\x00" "AVI LIST", 16)) == file_family::unknown);
    CHECK(sniff_magic("RIFF") == file_family::unknown);
    CHECK(sniff_magic("GIF88a") == file_family::unknown);
    CHECK(sniff_magic(std::string("PK\x05\x06", 4)) == file_family::unknown);     // an empty zip
    CHECK(sniff_magic("ID3") == file_family::unknown);                             // no version bytes
    CHECK(sniff_magic(bytes({'I', 'D', '3', 0xFF, 0})) == file_family::unknown);
    // Only the first 12 bytes count: a magic number later in the file is not one.
    CHECK(sniff_magic("hello world %PDF-1.7") == file_family::unknown);
}

TEST_CASE("the allowlist: claimed types, their families and how they are stored") {
    struct row { const char* claimed; file_family family; const char* stored; };
    for (const row& r : {row{"audio/mpeg", file_family::mp3, "audio/mpeg"},
                         row{"audio/mp3", file_family::mp3, "audio/mpeg"},
                         row{"Audio/MPEG; codecs=mp3", file_family::mp3, "audio/mpeg"},
                         row{"audio/x-wav", file_family::wav, "audio/wav"},
                         row{"audio/ogg", file_family::ogg, "audio/ogg"},
                         row{"audio/x-m4a", file_family::mp4_audio, "audio/mp4"},
                         row{"audio/mp4", file_family::mp4_audio, "audio/mp4"},
                         row{"image/png", file_family::png, "image/png"},
                         row{"image/jpg", file_family::jpeg, "image/jpeg"},
                         row{" image/gif ", file_family::gif, "image/gif"},
                         row{"image/webp", file_family::webp, "image/webp"},
                         row{"application/pdf", file_family::pdf, "application/pdf"},
                         row{"text/plain; charset=windows-1251", file_family::text, "text/plain; charset=utf-8"},
                         row{"text/csv", file_family::text, "text/csv; charset=utf-8"},
                         row{"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                             file_family::office_zip,
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                         row{"application/vnd.oasis.opendocument.text", file_family::office_zip,
                             "application/vnd.oasis.opendocument.text"}}) {
        INFO(r.claimed);
        const allowed_type* t = find_allowed_type(r.claimed);
        REQUIRE(t != nullptr);
        CHECK(t->family == r.family);
        CHECK(std::string(t->stored) == r.stored);
    }
    for (const char* refused : {"", "text/html", "image/svg+xml", "application/javascript", "text/javascript",
                                "application/octet-stream", "application/zip", "video/mp4", "audio/aac",
                                "application/x-msdownload", "text/xml", "application/xhtml+xml", "audio",
                                "audio/mpeg2", "text/plainx", "multipart/form-data; boundary=x"}) {
        INFO(refused);
        CHECK(find_allowed_type(refused) == nullptr);
    }
    CHECK(inline_type("audio/mpeg"));
    CHECK(inline_type("image/png"));
    CHECK_FALSE(inline_type("application/pdf"));
    CHECK_FALSE(inline_type("text/plain; charset=utf-8"));
}

TEST_CASE("text: UTF-8 without NUL, checked in pieces of any size") {
    for (std::size_t piece : {1, 2, 3, 7, 1000}) {
        INFO("pieces of " << piece);
        CHECK(text_ok("hello", piece));
        CHECK(text_ok("Привет, мир; ёжик\n", piece));
        CHECK(text_ok("\xEF\xBB\xBF" "BOM first", piece));
        CHECK(text_ok("emoji \xF0\x9F\x98\x80 and \xE2\x82\xAC", piece));
        CHECK(text_ok("\xF4\x8F\xBF\xBF", piece));   // U+10FFFF
        CHECK(text_ok("tab\tand\r\nlines", piece));
        CHECK_FALSE(text_ok(std::string("nul\0inside", 10), piece));
        CHECK_FALSE(text_ok("\xFF\xFE" "utf-16", piece));
        CHECK_FALSE(text_ok("\xC0\xAF", piece));          // overlong '/'
        CHECK_FALSE(text_ok("\xE0\x80\xAF", piece));      // overlong
        CHECK_FALSE(text_ok("\xED\xA0\x80", piece));      // a surrogate
        CHECK_FALSE(text_ok("\xF4\x90\x80\x80", piece));  // above U+10FFFF
        CHECK_FALSE(text_ok("\xF5\x80\x80\x80", piece));
        CHECK_FALSE(text_ok("cut \xD0", piece));          // a sequence cut at the end
        CHECK_FALSE(text_ok("cut \xF0\x9F\x98", piece));
        CHECK_FALSE(text_ok("\x80 lone continuation", piece));
        CHECK_FALSE(text_ok("\xD0 \xB0", piece));         // a continuation that does not continue
    }
}

TEST_CASE("X-File-Name: percent-encoded UTF-8, at most 255 bytes decoded, no control characters") {
    CHECK(decode_file_name("report.pdf") == std::optional<std::string>("report.pdf"));
    CHECK(decode_file_name("%D0%97%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA%201.mp3") == std::optional<std::string>("Звонок 1.mp3"));
    CHECK(decode_file_name("a%2Fb%5Cc") == std::optional<std::string>("a/b\\c"));  // only echoed: any text is fine
    CHECK(decode_file_name("") == std::optional<std::string>(""));
    CHECK(decode_file_name(std::string(255, 'n')));
    // 255 bytes once decoded, though the header is longer: "З" is 6 characters sent, 2 bytes.
    std::string sent;
    for (int i = 0; i < 127; ++i) sent += "%D0%97";
    CHECK(decode_file_name(sent + "x"));
    CHECK_FALSE(decode_file_name(sent + "xy"));
    for (std::string bad : {std::string(256, 'n'), std::string("%"), std::string("%4"), std::string("%zz"),
                            std::string("%FF"), std::string("%D0"), std::string("%C0%AF"), std::string("%ED%A0%80"),
                            std::string("a%00b"), std::string("line%0Abreak"), std::string("tab%09"), std::string("del%7F"),
                            std::string("c1%C2%85"), std::string("raw\xD0\x97"), std::string("raw\ttab")}) {
        INFO(bad);
        CHECK_FALSE(decode_file_name(bad));
    }
}
