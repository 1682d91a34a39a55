// files.cpp — what a field takes before an upload (types by extension, the size limit) and the
// upload queue's file (uploads.json). See files.hpp.
#include "core/files.hpp"

#include <algorithm>
#include <cctype>

#include "core/codec.hpp"
#include "core/json_limits.hpp"

namespace cc {
namespace {

struct file_kind {
    const char* ext;        // lowercase, with the dot
    const char* type;       // the Content-Type the server takes for it
    bool recording;         // a call's recording may be this
};

// clang-format off
// What the card sends. The server sniffs the bytes too (tools/server/file_type.cpp): a file whose
// bytes are not what its extension says is refused there with 415.
const file_kind kinds[] = {
    {".mp3",  "audio/mpeg", true},
    {".wav",  "audio/wav",  true},
    {".ogg",  "audio/ogg",  true},
    {".oga",  "audio/ogg",  true},
    {".opus", "audio/ogg",  true},
    {".m4a",  "audio/mp4",  true},
    {".png",  "image/png",  false},
    {".jpg",  "image/jpeg", false},
    {".jpeg", "image/jpeg", false},
    {".gif",  "image/gif",  false},
    {".webp", "image/webp", false},
    {".pdf",  "application/pdf", false},
    {".txt",  "text/plain", false},
    {".csv",  "text/csv",   false},
    {".md",   "text/markdown", false},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false},
    {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false},
    {".odt",  "application/vnd.oasis.opendocument.text", false},
    {".ods",  "application/vnd.oasis.opendocument.spreadsheet", false},
    {".odp",  "application/vnd.oasis.opendocument.presentation", false},
};
// clang-format on

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string extension(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0 || name.size() - dot > 6) return {};
    return lower(name.substr(dot));
}

bool takes(const std::string& field, const file_kind& k) {
    return field == "files" || (field == "recording" && k.recording);
}

const char* state_word(upload_state s) {
    switch (s) {
        case upload_state::queued: return "queued";
        case upload_state::uploading: return "uploading";
        case upload_state::failed: return "failed";
        case upload_state::done: return "done";
    }
    return "queued";
}

upload_state state_from(const std::string& s) {
    if (s == "failed") return upload_state::failed;
    if (s == "done") return upload_state::done;
    return upload_state::queued;  // "uploading" too: the request died with the page
}

}  // namespace

std::optional<std::string> upload_type(const std::string& field, const std::string& name,
                                       const std::string& browser_type) {
    const std::string ext = extension(name);
    for (const auto& k : kinds)
        if (ext == k.ext) return takes(field, k) ? std::optional<std::string>(k.type) : std::nullopt;
    // No extension we know: the browser's type decides, when it is one of ours exactly.
    const std::string bt = lower(browser_type.substr(0, browser_type.find(';')));
    for (const auto& k : kinds)
        if (bt == k.type && takes(field, k)) return std::string(k.type);
    return std::nullopt;
}

std::string upload_accept(const std::string& field) {
    std::string out;
    for (const auto& k : kinds) {
        if (!takes(field, k)) continue;
        if (!out.empty()) out += ",";
        out += k.ext;
    }
    return out;
}

std::optional<error> check_upload(const std::string& field, const std::string& name,
                                  const std::string& browser_type, std::int64_t size) {
    if (field != "recording" && field != "files") return error{"err.bad_request", "field", field};
    if (!upload_type(field, name, browser_type)) {
        std::string list;
        for (const auto& k : kinds) {
            if (!takes(field, k) || std::string(k.ext) == ".oga" || std::string(k.ext) == ".opus") continue;
            if (!list.empty()) list += ", ";
            list += k.ext + 1;
        }
        return error{"err.file_type", field, list};
    }
    if (size <= 0) return error{"err.file_empty", field, name};
    if (size > max_upload_bytes) return error{"err.file_too_large", field, std::to_string(max_upload_bytes >> 20) + " MB"};
    return std::nullopt;
}

std::string upload_bytes_path(const std::string& key) { return "uploads/" + key; }

std::string encode_uploads(const upload_queue& q) {
    json list = json::array();
    for (const auto& u : q.uploads) {
        json j{{"key", u.key}, {"client_id", u.client_id}, {"record_id", u.record_id}, {"field", u.field},
               {"comment", u.comment}, {"name", u.name}, {"type", u.type}, {"size", u.size},
               {"state", state_word(u.state)}, {"final", u.final}, {"attempts", u.attempts}};
        if (u.reason) j["reason"] = *u.reason;
        if (!u.file.is_null()) j["file"] = u.file;
        list.push_back(std::move(j));
    }
    json posts = json::array();
    for (const auto& p : q.posts)
        posts.push_back(json{{"key", p.key}, {"client_id", p.client_id}, {"text", p.text}, {"source", p.source}});
    return json{{"schema", 2}, {"next", q.next}, {"uploads", list}, {"posts", posts}}.dump();
}

std::optional<upload_queue> decode_uploads(const std::string& text) {
    std::string why;
    auto doc = parse_bounded(text, json_bounds{16u << 20, 16}, why);
    if (!doc || !doc->is_object()) return std::nullopt;
    upload_queue q;
    try {
        q.next = std::max<std::int64_t>(1, doc->value("next", std::int64_t{1}));
        for (const auto& j : doc->value("uploads", json::array())) {
            upload u;
            u.key = j.at("key").get<std::string>();
            u.client_id = j.at("client_id").get<std::string>();
            u.record_id = j.value("record_id", std::string());
            u.field = j.at("field").get<std::string>();
            u.comment = j.value("comment", std::string());
            u.name = j.value("name", std::string());
            u.type = j.value("type", std::string());
            u.size = j.value("size", std::int64_t{0});
            u.state = state_from(j.value("state", std::string("queued")));
            u.final = j.value("final", false);
            u.attempts = j.value("attempts", 0);
            if (j.contains("reason")) u.reason = j["reason"].get<error>();
            if (j.contains("file")) u.file = j["file"];
            if (u.key.empty() || u.key.find('/') != std::string::npos || u.key.find("..") != std::string::npos)
                return std::nullopt;
            q.uploads.push_back(std::move(u));
        }
        for (const auto& j : doc->value("posts", json::array()))
            q.posts.push_back(comment_post{j.at("key").get<std::string>(), j.at("client_id").get<std::string>(),
                                           j.value("text", std::string()), j.value("source", std::string())});
    } catch (const json::exception&) {
        return std::nullopt;
    }
    return q;
}

}  // namespace cc
