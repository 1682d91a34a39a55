// blob_api.cpp — see blob_api.hpp.
//
// Index of this file
//   [SECTION] helpers: answers, ids, names, tickets
//   [SECTION] upload: the header checks, the sink, the commit
//   [SECTION] download: the file as a body_source, Range, 304
//   [SECTION] tickets
//   [SECTION] routes
#include "blob_api.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "byte_range.hpp"
#include "file_type.hpp"
#include "http_api.hpp"
#include "sync_service.hpp"

namespace cc::server {
namespace {

using json = nlohmann::json;

constexpr std::string_view files_path = "/api/v1/files";
constexpr std::string_view files_prefix = "/api/v1/files/";
constexpr std::string_view ticket_suffix = "/ticket";

// [SECTION] helpers: answers, ids, names, tickets ---------------------------------------------------------

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

http_response json_ok(int status, const json& body) {
    http_response res;
    res.status = status;
    add_cors(res);
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    return res;
}

http_response not_found(const std::string& what) {
    return api_error(404, "err.not_found", "no file " + what.substr(0, 80) + " here");
}

http_response storage_failure(const blob_error& e, const std::string& where) {
    if (e.disk_full())
        return api_error(507, "err.storage", "the server's disk is full; nothing was stored, try again later");
    return api_error(500, "err.storage", internal_failure(where, e.what()));
}

std::string lower_trimmed(std::string_view v) {
    std::string out;
    for (char c : v)
        if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The id in "/api/v1/files/<id>" (nullopt when the path is not that shape; the id may still be
// malformed: blob_store::valid_id decides).
std::optional<std::string_view> file_id(std::string_view path) {
    if (path.substr(0, files_prefix.size()) != files_prefix) return std::nullopt;
    return path.substr(files_prefix.size());
}

std::optional<user> caller_of(const user_directory& users, const http_request& req) {
    const std::string* header = req.header("Authorization");
    if (!header) return std::nullopt;
    std::string token = bearer_token(*header);
    if (token.empty()) return std::nullopt;
    return users.find_by_token(token);
}

// Content-Length as sent (Beast has checked it is digits); nullopt when absent.
std::optional<std::uint64_t> content_length(const http_request& req) {
    const std::string* v = req.header("Content-Length");
    if (!v) return std::nullopt;
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) return UINT64_MAX;
    return n;
}

std::string mib(std::uint64_t bytes) {
    if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// UTF-8 (the text check of uploads) without control characters: C0, DEL, C1 (U+0080..U+009F,
// which UTF-8 writes as C2 80..C2 9F).
bool valid_utf8_name(std::string_view s) {
    utf8_text_check utf8;
    utf8.feed(s);
    if (!utf8.complete()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) return false;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;
    }
    return true;
}

}  // namespace

std::optional<std::string> decode_file_name(std::string_view header) {
    if (header.size() > 255 * 3) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E) return std::nullopt;  // sent as printable ASCII
        if (c != '%') {
            out += c;
            continue;
        }
        if (i + 2 >= header.size()) return std::nullopt;
        int hi = hex_digit(header[i + 1]), lo = hex_digit(header[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    if (out.size() > 255 || !valid_utf8_name(out)) return std::nullopt;
    return out;
}

// [SECTION] upload: the header checks, the sink, the commit -----------------------------------------------

namespace {

// Takes an upload's bytes on the files pool: sniffs its first bytes against the claimed type
// (refusing at once when they disagree), checks text as UTF-8 as it comes, writes and hashes
// it into a temp file. Destroyed without a commit, it leaves nothing behind.
class upload_sink : public body_sink, public std::enable_shared_from_this<upload_sink> {
public:
    upload_sink(blob_store& store, worker_pool& pool, const allowed_type& claimed, std::uint64_t expected)
        : store_(store), pool_(pool), claimed_(claimed), expected_(expected) {}

    void write(std::string_view bytes, std::function<void(std::optional<http_response>)> done) override {
        // Admitted already (its bytes are arriving): always queued; the transport sends one
        // chunk at a time per upload, so the queue is bounded by the connections.
        pool_.submit([self = shared_from_this(), bytes, done = std::move(done)] { done(self->take(bytes)); });
    }

    // On the files pool, once the whole body was taken: the last checks and the commit.
    http_response finish(const std::string& uploader, const std::string& name) {
        if (!upload_ || received_ != expected_)
            return api_error(400, "err.bad_request", "the upload ended before its Content-Length");
        if (claimed_.family == file_family::text && !text_.complete()) return wrong_type(file_family::unknown);
        try {
            blob_store::put_result r = store_.commit(*upload_, claimed_.stored, uploader, now_ms());
            upload_.reset();
            http_response res = json_ok(r.created ? 201 : 200, {{"id", r.meta.id},
                                                                {"size", r.meta.size},
                                                                {"type", r.meta.type},
                                                                {"name", name}});
            res.set_header("Location", std::string(files_prefix) + r.meta.id);
            return res;
        } catch (const blob_error& e) {
            upload_.reset();
            return storage_failure(e, "POST /api/v1/files");
        }
    }

private:
    std::optional<http_response> take(std::string_view bytes) {
        try {
            if (received_ + bytes.size() > expected_)  // the parser keeps to Content-Length; be sure
                return api_error(400, "err.bad_request", "more bytes than the Content-Length");
            if (!upload_) upload_ = store_.begin_upload();
            if (!sniffed_) {
                head_.append(bytes.substr(0, sniff_bytes - std::min(sniff_bytes, head_.size())));
                if (head_.size() >= sniff_bytes || received_ + bytes.size() == expected_) {
                    sniffed_ = true;
                    const file_family magic = sniff_magic(head_);
                    const file_family want = claimed_.family == file_family::text ? file_family::unknown : claimed_.family;
                    if (magic != want) return wrong_type(magic);
                }
            }
            if (claimed_.family == file_family::text) {
                text_.feed(bytes);
                if (text_.failed()) return wrong_type(file_family::unknown);
            }
            upload_->write(bytes);
            received_ += bytes.size();
            return std::nullopt;
        } catch (const blob_error& e) {
            upload_.reset();
            return storage_failure(e, "POST /api/v1/files");
        }
    }

    http_response wrong_type(file_family found) {
        upload_.reset();
        std::string what = found == file_family::unknown ? std::string("of no allowed type")
                                                         : std::string(to_string(found));
        if (claimed_.family == file_family::text && found == file_family::unknown)
            what = "not UTF-8 text (or it has NUL bytes)";
        return api_error(415, "err.unsupported_type",
                         std::string("the file's bytes are ") + what + ", not " + to_string(claimed_.family) +
                             " as its Content-Type " + claimed_.claimed + " says; nothing was stored");
    }

    blob_store& store_;
    worker_pool& pool_;
    const allowed_type& claimed_;
    const std::uint64_t expected_;
    std::unique_ptr<blob_store::upload> upload_;
    std::uint64_t received_ = 0;
    std::string head_;
    bool sniffed_ = false;
    utf8_text_check text_;
};

}  // namespace

std::optional<http_response> blob_api::before_body(const http_request& req) {
    if (req.method != "POST" || req.path != files_path) return std::nullopt;
    if (req.has_header("Transfer-Encoding") || !req.has_header("Content-Length"))
        return api_error(411, "err.length_required",
                         "an upload needs a Content-Length (send the file as one body, not chunked)");
    const std::uint64_t size = *content_length(req);
    if (size == 0) return api_error(400, "err.bad_request", "the file is empty (0 bytes); nothing was stored");
    if (size > limits_.max_file_bytes)
        return api_error(413, "err.too_large",
                         "the file is " + std::to_string(size) + " bytes; at most " + mib(limits_.max_file_bytes) +
                             " (" + std::to_string(limits_.max_file_bytes) + " bytes) per file");
    if (const std::string* ce = req.header("Content-Encoding"); ce && !ce->empty() && lower_trimmed(*ce) != "identity")
        return api_error(415, "err.unsupported_encoding",
                         "an upload is sent as it is, without a Content-Encoding (got \"" + ce->substr(0, 40) + "\")");
    const std::string* type = req.header("Content-Type");
    if (!type || !find_allowed_type(*type))
        return api_error(415, "err.unsupported_type",
                         type ? "files of type \"" + type->substr(0, 80) +
                                    "\" are not taken (audio: mp3, wav, ogg, m4a; images: png, jpeg, gif, webp; "
                                    "pdf; plain text; docx, xlsx, pptx, odt, ods, odp)"
                              : "an upload needs a Content-Type naming the file's type");
    if (const std::string* name = req.header("X-File-Name"); name && !decode_file_name(*name))
        return api_error(400, "err.bad_request",
                         "X-File-Name must be percent-encoded UTF-8, at most 255 bytes once decoded, "
                         "without control characters");
    auto who = caller_of(users_, req);
    if (!who) return std::nullopt;  // server_app answered 401 already; never reached
    if (int wait = bytes_.take(who->name, static_cast<double>(size))) {
        return api_error(429, "err.rate_limited",
                         "this user's uploads are over " + mib(limits_.bytes_per_hour) +
                             " an hour; try again in " + std::to_string(wait) + " s",
                         wait);
    }
    return std::nullopt;
}

body_plan blob_api::plan_body(const http_request& req) {
    body_plan plan;
    if (req.method != "POST" || req.path != files_path) return plan;
    const allowed_type* claimed = find_allowed_type(req.header_value("Content-Type"));
    const std::uint64_t size = content_length(req).value_or(0);
    if (!claimed) return plan;  // refused in before_body; never reached
    plan.max_bytes = static_cast<std::size_t>(limits_.max_file_bytes);
    plan.sink = std::make_shared<upload_sink>(store_, pool_, *claimed, size);
    plan.extra_time = std::chrono::milliseconds(size * 1000 / std::max<std::uint64_t>(1, limits_.min_upload_bytes_per_s));
    plan.too_large = "the file is larger than " + mib(limits_.max_file_bytes) + " (" +
                     std::to_string(limits_.max_file_bytes) + " bytes)";
    return plan;
}

void blob_api::upload(http_request req, responder done) {
    auto sink = std::dynamic_pointer_cast<upload_sink>(req.sink);
    auto who = caller_of(users_, req);
    if (!sink || !who) return done(api_error(400, "err.bad_request", "an upload needs the file as its body"));
    std::string name;
    if (const std::string* n = req.header("X-File-Name")) name = decode_file_name(*n).value_or("");
    // Admitted and read already: always queued.
    pool_.submit([sink, who = *who, name, done] { done(sink->finish(who.name, name)); });
}

// [SECTION] download: the file as a body_source, Range, 304 -------------------------------------------------

namespace {

// Reads [offset, offset + length) of an open file on the files pool, a chunk per read().
class file_source : public body_source, public std::enable_shared_from_this<file_source> {
public:
    file_source(int fd, std::uint64_t offset, std::uint64_t length, worker_pool& pool)
        : fd_(fd), offset_(offset), left_(length), size_(length), pool_(pool) {}
    ~file_source() override { ::close(fd_); }
    std::uint64_t size() const override { return size_; }
    void read(char* into, std::size_t max, std::function<void(std::size_t)> done) override {
        pool_.submit([self = shared_from_this(), into, max, done = std::move(done)] {
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, self->left_));
            ssize_t n;
            do n = ::pread(self->fd_, into, want, static_cast<off_t>(self->offset_));
            while (n < 0 && errno == EINTR);
            if (n <= 0) return done(0);
            self->offset_ += static_cast<std::uint64_t>(n);
            self->left_ -= static_cast<std::uint64_t>(n);
            done(static_cast<std::size_t>(n));
        });
    }

private:
    int fd_;
    std::uint64_t offset_, left_, size_;
    worker_pool& pool_;
};

// If-None-Match: "*" or a list of entity tags, compared weakly (RFC 9110 §13.1.2).
bool none_match(const std::string& header, const std::string& etag) {
    std::string_view rest = header;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view tag = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag == "*") return true;
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
        if (tag == etag) return true;
    }
    return false;
}

void file_headers(http_response& res, const blob_meta& meta, const std::string& etag) {
    add_cors(res);
    res.set_header("Content-Type", meta.type);
    res.set_header("Accept-Ranges", "bytes");
    res.set_header("ETag", etag);
    // The id is the content's hash: the bytes behind a URL never change.
    res.set_header("Cache-Control", "private, max-age=31536000, immutable");
    res.set_header("X-Content-Type-Options", "nosniff");
    // Only audio and images may show inline; anything else is a download, so a file that looks
    // like a page can never render in the API's origin. sandbox: even opened directly, it runs
    // no script and has an origin of its own.
    res.set_header("Content-Disposition", inline_type(meta.type) ? "inline" : "attachment");
    res.set_header("Content-Security-Policy", "sandbox");
}

}  // namespace

void blob_api::download(http_request req, responder done) {
    const std::string id(file_id(req.path).value_or(""));
    if (!blob_store::valid_id(id)) return done(not_found("\"" + id + "\""));
    bool queued = pool_.try_submit([this, req = std::move(req), id, done] {
        auto meta = store_.find(id);
        if (!meta) return done(not_found(id));
        int fd = ::open(store_.data_path(id).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st{};
        if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
            static_cast<std::uint64_t>(st.st_size) != meta->size) {
            if (fd >= 0) ::close(fd);
            return done(not_found(id));
        }
        const std::string etag = "\"" + id + "\"";
        http_response res;
        file_headers(res, *meta, etag);
        if (const std::string* inm = req.header("If-None-Match"); inm && none_match(*inm, etag)) {
            ::close(fd);
            res.status = 304;
            return done(std::move(res));
        }
        range_answer range;
        const std::string* if_range = req.header("If-Range");
        if (!if_range || *if_range == etag) range = parse_range(req.header_value("Range"), meta->size);
        if (range.kind == range_answer::unsatisfiable) {
            ::close(fd);
            http_response refused = api_error(416, "err.range_not_satisfiable",
                                              "the file has " + std::to_string(meta->size) + " bytes; the Range \"" +
                                                  req.header_value("Range").substr(0, 80) + "\" asks for none of them");
            refused.set_header("Content-Range", content_range(range, meta->size));
            refused.set_header("Accept-Ranges", "bytes");
            return done(std::move(refused));
        }
        if (range.kind == range_answer::part) {
            res.status = 206;
            res.set_header("Content-Range", content_range(range, meta->size));
            res.source = std::make_shared<file_source>(fd, range.first, range.length, pool_);
        } else {
            res.status = 200;
            res.source = std::make_shared<file_source>(fd, 0, meta->size, pool_);
        }
        done(std::move(res));
    });
    if (!queued) done(api_error(503, "err.busy", "the server is busy; try again in 1 s", 1));
}

// [SECTION] tickets --------------------------------------------------------------------------------------------

std::string blob_api::ticket(std::string_view id, std::int64_t expires_at_ms) const {
    const std::string exp = std::to_string(expires_at_ms);
    const std::string message = "clientcard file ticket v1\n" + std::string(id) + "\n" + exp;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (!HMAC(EVP_sha256(), key_, sizeof key_, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
              mac, &mac_size))
        throw std::runtime_error("HMAC-SHA256 is not available from OpenSSL");
    static const char digits[] = "0123456789abcdef";
    std::string out = exp + ".";
    for (unsigned int i = 0; i < mac_size; ++i) {
        out += digits[mac[i] >> 4];
        out += digits[mac[i] & 15];
    }
    return out;
}

bool blob_api::ticket_allows(const http_request& req) const {
    if (req.method != "GET" && req.method != "HEAD") return false;
    if (req.has_header("Authorization")) return false;  // a token, when sent, decides alone
    auto id = file_id(req.path);
    const std::string* t = req.param("ticket");
    if (!id || !blob_store::valid_id(*id) || !t) return false;
    const auto dot = t->find('.');
    if (dot == std::string::npos || dot == 0 || dot > 15) return false;
    std::int64_t exp = 0;
    auto [end, ec] = std::from_chars(t->data(), t->data() + dot, exp);
    if (ec != std::errc() || end != t->data() + dot) return false;
    if (exp <= now_ms()) return false;  // expired
    const std::string expected = ticket(*id, exp);
    return expected.size() == t->size() && CRYPTO_memcmp(expected.data(), t->data(), t->size()) == 0;
}

void blob_api::make_ticket(http_request req, responder done) {
    std::string_view rest = file_id(req.path).value_or("");
    if (rest.size() <= ticket_suffix.size() || rest.substr(rest.size() - ticket_suffix.size()) != ticket_suffix)
        return done(api_error(404, "err.not_found", "no such API endpoint: POST " + req.path));
    const std::string id(rest.substr(0, rest.size() - ticket_suffix.size()));
    if (!blob_store::valid_id(id)) return done(not_found("\"" + id + "\""));
    bool queued = pool_.try_submit([this, id, done] {
        if (!store_.find(id)) return done(not_found(id));
        const std::int64_t expires_at = now_ms() + limits_.ticket_ttl.count();
        done(json_ok(200, {{"url", std::string(files_prefix) + id + "?ticket=" + ticket(id, expires_at)},
                           {"expires_at", expires_at}}));
    });
    if (!queued) done(api_error(503, "err.busy", "the server is busy; try again in 1 s", 1));
}

// [SECTION] routes ------------------------------------------------------------------------------------------------

blob_api::blob_api(blob_store& store, const user_directory& users, worker_pool& pool, blob_limits limits)
    : store_(store), users_(users), pool_(pool), limits_(limits),
      bytes_(rate_limit{static_cast<double>(limits.bytes_per_hour) / 3600.0,
                        static_cast<double>(limits.bytes_per_hour == 0 ? 0
                                                                       : std::max(limits.bytes_per_hour, limits.max_file_bytes))}) {
    if (RAND_bytes(key_, sizeof key_) != 1) throw std::runtime_error("no random bytes from OpenSSL for the ticket key");
}

void blob_api::add_routes(router& api) {
    api.add("POST", std::string(files_path), [this](http_request req, responder done) { upload(std::move(req), done); });
    api.add("GET", std::string(files_prefix) + "*", [this](http_request req, responder done) { download(std::move(req), done); });
    api.add("POST", std::string(files_prefix) + "*", [this](http_request req, responder done) { make_ticket(std::move(req), done); });
}

}  // namespace cc::server
