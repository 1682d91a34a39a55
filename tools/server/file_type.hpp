// file_type.hpp — which files the blob store takes (docs/api.md, "Files"): an allowlist of
// types, each recognised by its first bytes. An upload names its type (Content-Type); the bytes
// must be of that type's family, or the upload is refused (415). Pure functions, no I/O,
// unit-tested in tests/server/file_type_test.cpp.
//
//     const allowed_type* t = find_allowed_type("audio/x-m4a");   // nullptr: not allowed (415)
//     file_family f = sniff_magic(first_bytes);                   // from the first 12 bytes
//     // text has no magic number: utf8_text_check over every byte decides it
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace cc::server {

enum class file_family {
    unknown,
    mp3,        // "ID3" tag, or an MPEG audio frame header
    wav,        // "RIFF" .... "WAVE"
    ogg,        // "OggS"
    mp4_audio,  // "ftyp" at offset 4 (m4a, mp4 audio)
    png,
    jpeg,
    gif,
    webp,       // "RIFF" .... "WEBP"
    pdf,        // "%PDF-"
    office_zip, // "PK\3\4": docx, xlsx, pptx, odt, ods, odp
    text,       // no magic number: valid UTF-8 without NUL bytes
};

const char* to_string(file_family f);

// The bytes sniff_magic looks at, at most.
inline constexpr std::size_t sniff_bytes = 12;

// The family of the file whose first bytes are `head` (all of it when the file is shorter than
// sniff_bytes). `text` is never answered here: a file without a magic number is `unknown`
// until its bytes are checked as text.
file_family sniff_magic(std::string_view head);

// A type an upload may claim, and how it is stored and served.
struct allowed_type {
    const char* claimed;   // a Content-Type as the browser names it, lowercase, no parameters
    file_family family;    // what the bytes must be
    const char* stored;    // the Content-Type it is stored and served with
};

// The entry for a Content-Type as sent ("Audio/MPEG; codecs=mp3" finds "audio/mpeg"), or
// nullptr when the type is not allowed.
const allowed_type* find_allowed_type(std::string_view content_type);

// True for types a browser may show inline (audio and images); everything else is served as
// an attachment.
bool inline_type(std::string_view stored_type);

// Checks that a byte stream, fed in pieces of any size, is UTF-8 without NUL bytes: no
// overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut at the end.
class utf8_text_check {
public:
    void feed(std::string_view bytes);
    bool failed() const { return bad_; }       // already known not to be text
    bool complete() const { return !bad_ && need_ == 0; }  // text, if the stream ends here

private:
    int need_ = 0;                // continuation bytes still expected
    unsigned char lo_ = 0x80, hi_ = 0xBF;  // the range of the next continuation byte
    bool bad_ = false;
};

}  // namespace cc::server
