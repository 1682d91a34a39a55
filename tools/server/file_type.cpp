// file_type.cpp — see file_type.hpp.
#include "file_type.hpp"

#include <cctype>

namespace cc::server {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

unsigned char byte(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// An MPEG audio frame header (MPEG 1, 2 or 2.5; layer I, II or III): 11 sync bits, then no
// reserved version or layer, no "bad" bitrate index, no reserved sample rate. An ADTS (AAC)
// header has layer 00 and is not taken.
bool mpeg_frame(std::string_view h) {
    if (h.size() < 4) return false;
    const unsigned char b1 = byte(h, 1), b2 = byte(h, 2);
    if (byte(h, 0) != 0xFF || (b1 & 0xE0) != 0xE0) return false;
    if (((b1 >> 3) & 3) == 1) return false;  // version: reserved
    if (((b1 >> 1) & 3) == 0) return false;  // layer: reserved
    if ((b2 >> 4) == 15) return false;       // bitrate index: bad
    if (((b2 >> 2) & 3) == 3) return false;  // sample rate: reserved
    return true;
}

bool id3_tag(std::string_view h) {
    // "ID3", a major and minor version byte (never 0xFF), flags.
    return h.size() >= 5 && starts_with(h, "ID3") && byte(h, 3) != 0xFF && byte(h, 4) != 0xFF;
}

constexpr allowed_type types[] = {
    {"audio/mpeg", file_family::mp3, "audio/mpeg"},
    {"audio/mp3", file_family::mp3, "audio/mpeg"},
    {"audio/mpeg3", file_family::mp3, "audio/mpeg"},
    {"audio/x-mpeg-3", file_family::mp3, "audio/mpeg"},
    {"audio/wav", file_family::wav, "audio/wav"},
    {"audio/wave", file_family::wav, "audio/wav"},
    {"audio/x-wav", file_family::wav, "audio/wav"},
    {"audio/vnd.wave", file_family::wav, "audio/wav"},
    {"audio/ogg", file_family::ogg, "audio/ogg"},
    {"audio/opus", file_family::ogg, "audio/ogg"},
    {"audio/vorbis", file_family::ogg, "audio/ogg"},
    {"application/ogg", file_family::ogg, "audio/ogg"},
    {"audio/mp4", file_family::mp4_audio, "audio/mp4"},
    {"audio/m4a", file_family::mp4_audio, "audio/mp4"},
    {"audio/x-m4a", file_family::mp4_audio, "audio/mp4"},
    {"image/png", file_family::png, "image/png"},
    {"image/jpeg", file_family::jpeg, "image/jpeg"},
    {"image/jpg", file_family::jpeg, "image/jpeg"},
    {"image/pjpeg", file_family::jpeg, "image/jpeg"},
    {"image/gif", file_family::gif, "image/gif"},
    {"image/webp", file_family::webp, "image/webp"},
    {"application/pdf", file_family::pdf, "application/pdf"},
    {"application/x-pdf", file_family::pdf, "application/pdf"},
    {"text/plain", file_family::text, "text/plain; charset=utf-8"},
    {"text/csv", file_family::text, "text/csv; charset=utf-8"},
    {"text/markdown", file_family::text, "text/markdown; charset=utf-8"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", file_family::office_zip,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file_family::office_zip,
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", file_family::office_zip,
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"application/vnd.oasis.opendocument.text", file_family::office_zip, "application/vnd.oasis.opendocument.text"},
    {"application/vnd.oasis.opendocument.spreadsheet", file_family::office_zip,
     "application/vnd.oasis.opendocument.spreadsheet"},
    {"application/vnd.oasis.opendocument.presentation", file_family::office_zip,
     "application/vnd.oasis.opendocument.presentation"},
};

}  // namespace

const char* to_string(file_family f) {
    switch (f) {
        case file_family::mp3: return "MP3 audio";
        case file_family::wav: return "WAV audio";
        case file_family::ogg: return "Ogg audio";
        case file_family::mp4_audio: return "MP4/M4A audio";
        case file_family::png: return "a PNG image";
        case file_family::jpeg: return "a JPEG image";
        case file_family::gif: return "a GIF image";
        case file_family::webp: return "a WebP image";
        case file_family::pdf: return "a PDF document";
        case file_family::office_zip: return "an office document (zip)";
        case file_family::text: return "UTF-8 text";
        case file_family::unknown: break;
    }
    return "of no allowed type";
}

file_family sniff_magic(std::string_view h) {
    if (h.size() > sniff_bytes) h = h.substr(0, sniff_bytes);
    if (id3_tag(h) || mpeg_frame(h)) return file_family::mp3;
    if (h.size() >= 12 && starts_with(h, "RIFF")) {
        if (h.substr(8, 4) == "WAVE") return file_family::wav;
        if (h.substr(8, 4) == "WEBP") return file_family::webp;
    }
    if (starts_with(h, "OggS")) return file_family::ogg;
    if (h.size() >= 8 && h.substr(4, 4) == "ftyp") return file_family::mp4_audio;
    if (starts_with(h, std::string_view("\x89PNG\r\n\x1a\n", 8))) return file_family::png;
    if (starts_with(h, "\xFF\xD8\xFF")) return file_family::jpeg;
    if (starts_with(h, "GIF87a") || starts_with(h, "GIF89a")) return file_family::gif;
    if (starts_with(h, "%PDF-")) return file_family::pdf;
    if (starts_with(h, std::string_view("PK\x03\x04", 4))) return file_family::office_zip;
    return file_family::unknown;
}

const allowed_type* find_allowed_type(std::string_view content_type) {
    std::string_view base = content_type.substr(0, content_type.find(';'));
    while (!base.empty() && (base.front() == ' ' || base.front() == '\t')) base.remove_prefix(1);
    while (!base.empty() && (base.back() == ' ' || base.back() == '\t')) base.remove_suffix(1);
    if (base.size() > 100) return nullptr;
    std::string lower;
    for (char c : base) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const allowed_type& t : types)
        if (lower == t.claimed) return &t;
    return nullptr;
}

bool inline_type(std::string_view stored) {
    return starts_with(stored, "audio/") || starts_with(stored, "image/");
}

void utf8_text_check::feed(std::string_view bytes) {
    for (char ch : bytes) {
        if (bad_) return;
        const auto c = static_cast<unsigned char>(ch);
        if (need_ > 0) {
            if (c < lo_ || c > hi_) {
                bad_ = true;
                return;
            }
            lo_ = 0x80;
            hi_ = 0xBF;
            --need_;
            continue;
        }
        if (c == 0) bad_ = true;                    // NUL: not text
        else if (c < 0x80) continue;
        else if (c >= 0xC2 && c <= 0xDF) need_ = 1;
        else if (c == 0xE0) need_ = 2, lo_ = 0xA0;  // no overlong 3-byte forms
        else if (c == 0xED) need_ = 2, hi_ = 0x9F;  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) need_ = 2;
        else if (c == 0xF0) need_ = 3, lo_ = 0x90;  // no overlong 4-byte forms
        else if (c == 0xF4) need_ = 3, hi_ = 0x8F;  // nothing above U+10FFFF
        else if (c >= 0xF1 && c <= 0xF3) need_ = 3;
        else bad_ = true;                           // 0x80..0xC1, 0xF5..0xFF
    }
}

}  // namespace cc::server
