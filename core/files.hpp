// files.hpp — files the card sends to the server's file store (docs/api.md "Files"): which files
// a field takes before anything is uploaded (type, size), the upload queue's entries and the
// comments that wait for their attachments, and how both are kept in the browser
// (`uploads.json`; each file's bytes in `uploads/<key>`, see docs/storage.md).
//
// Pure: no I/O. The queue is driven by update() (core/app/files.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "op.hpp"

namespace cc {

// The server's --max-file-mb default (25 MiB): a larger file is refused in the card, before a byte
// is sent.
inline constexpr std::int64_t max_upload_bytes = std::int64_t{25} << 20;

// The Content-Type to send for a file picked for `field` ("recording": mp3, wav, ogg, m4a;
// "files": images, pdf, office documents, text, audio), decided by the name's extension first
// and the browser's type second; nullopt when the field does not take such a file.
std::optional<std::string> upload_type(const std::string& field, const std::string& name,
                                       const std::string& browser_type);
// The `accept` list of a file picker for `field` (".mp3,.wav,...").
std::string upload_accept(const std::string& field);
// Checks a picked file before it is queued: err.file_type (detail: the extensions taken),
// err.file_too_large (detail: "25 MB"), err.file_empty; nullopt when it may be uploaded.
std::optional<error> check_upload(const std::string& field, const std::string& name,
                                  const std::string& browser_type, std::int64_t size);

enum class upload_state { queued, uploading, failed, done };

struct upload {
    std::string key;            // "u<n>": names the entry and its bytes (uploads/<key>)
    std::string client_id;
    std::string record_id;      // the call a recording goes to; "" for a comment's attachment
    std::string field;          // "recording" (a call) or "files" (a comment)
    std::string comment;        // the waiting comment (comment_post::key) it belongs to; "" while
                                // it is still in the box where the comment is written
    std::string name, type;     // type: the Content-Type sent
    std::int64_t size = 0;
    upload_state state = upload_state::queued;
    std::int64_t sent = 0;      // bytes the host reported sent (progress while uploading)
    std::optional<error> reason;  // failed: why
    bool final = false;         // failed for good (413, 415, 400): no retry, only "Remove"
    int attempts = 0;
    json file;                  // done: {id, name, size, type} as the record will carry it
};

// A comment the user sent while some of its files were still uploading: posted (comment.create
// with its `files`) when the last of them is done. Comments are append-only, so a comment is
// never posted first and given files later.
struct comment_post {
    std::string key;            // "p<n>"
    std::string client_id;
    std::string text;
    std::string source;         // the widget that sent it: where a refusal is shown
};

struct upload_queue {
    std::int64_t next = 1;      // the next key's number
    std::vector<upload> uploads;
    std::vector<comment_post> posts;
};

inline const char* uploads_path = "uploads.json";
std::string upload_bytes_path(const std::string& key);   // "uploads/<key>"

std::string encode_uploads(const upload_queue& q);
// nullopt when the file is damaged. An upload that was in flight when the card closed is queued.
std::optional<upload_queue> decode_uploads(const std::string& text);

}  // namespace cc
