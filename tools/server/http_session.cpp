// http_session.cpp — see http_session.hpp.
//
// Index of this file
//   [SECTION] the registry of open connections
//   [SECTION] starting, stopping
//   [SECTION] reading a request: idle, header, body
//   [SECTION] handing it to the app; answers from any thread; held requests
//   [SECTION] writing, keeping alive, closing
#include "http_session.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cerrno>
#include <exception>
#include <limits>

#include "gzip.hpp"
#include "sync_service.hpp"

namespace cc::server {

// [SECTION] the registry of open connections ---------------------------------------------------------

void session_registry::add(const std::shared_ptr<http_session>& s) {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.emplace(s.get(), s);
}

void session_registry::remove(http_session* s) {
    bool last = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.erase(s);
        last = sessions_.empty() && stopping;
    }
    if (last && on_empty_while_stopping) on_empty_while_stopping();
}

std::size_t session_registry::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sessions_.size();
}

std::vector<std::shared_ptr<http_session>> session_registry::all() const {
    std::vector<std::shared_ptr<http_session>> out;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [raw, weak] : sessions_)
        if (auto s = weak.lock()) out.push_back(std::move(s));
    return out;
}

// [SECTION] starting, stopping --------------------------------------------------------------------------

namespace {

std::string lower_trimmed(const std::string& v) {
    std::string out;
    for (char c : v)
        if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The piece of an upload or a download held in memory at a time.
constexpr std::size_t chunk_bytes = 64 * 1024;

bool is_parse_error(const beast::error_code& ec) {
    return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

http_session::http_session(tcp::socket socket, session_registry& registry)
    : stream_(std::move(socket)), registry_(registry), hold_timer_(stream_.get_executor()) {}

http_session::~http_session() { registry_.remove(this); }

void http_session::start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->next_request(true); });
}

void http_session::refuse_busy() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->keep_alive_ = false;
        http_response r = self->registry_.app.refusal(
            nullptr, 503, "err.busy",
            "the server has " + std::to_string(self->registry_.limits.max_connections) +
                " connections open; try again shortly",
            self->registry_.limits.busy_retry_after_s);
        r.close = true;
        self->send(std::move(r));
    });
}

void http_session::stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        // Nothing of a request has been handed over yet: close now. Otherwise the answer in
        // progress goes out (with "Connection: close") and then the connection closes.
        if (self->phase_ == phase::idle || self->phase_ == phase::header) self->close();
    });
}

void http_session::force_close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

// [SECTION] reading a request: idle, header, body ------------------------------------------------------

void http_session::next_request(bool first) {
    if (stopping_ || registry_.stopping) return close();
    ++generation_;
    request_ = http_request{};
    hold_expired_ = nullptr;
    hold_gone_ = nullptr;
    sink_parser_.reset();
    sink_.reset();
    source_.reset();
    if (!chunk_.empty()) std::vector<char>().swap(chunk_);  // idle connections hold no chunk
    if (buffer_.capacity() > chunk_bytes / 2) buffer_.shrink_to_fit();  // after an upload
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(registry_.limits.header_bytes));
    // Checked by hand after the header, then set. Not boost::none: Beast 1.74 compares a
    // Content-Length against an empty optional as "above the limit".
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    if (buffer_.size() > 0) return read_header();  // the next request is here already (pipelined)
    // Waiting for the first byte of a request: the idle timeout. The header deadline starts
    // with that byte, so a client that trickles its header gets header_timeout in all.
    (void)first;
    phase_ = phase::idle;
    stream_.expires_after(registry_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&http_session::on_first_bytes, shared_from_this()));
}

void http_session::on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec || phase_ != phase::idle) return close();  // closed by the client, idle timeout, stop()
    buffer_.commit(n);
    read_header();
}

void http_session::read_header() {
    phase_ = phase::header;
    stream_.expires_after(registry_.limits.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void http_session::on_header(beast::error_code ec) {
    if (phase_ != phase::header) return close();
    if (ec == http::error::header_limit)
        return refuse(431, "err.too_large",
                      "the request line and headers are larger than " +
                          std::to_string(registry_.limits.header_bytes) + " bytes");
    if (ec && is_parse_error(ec)) return refuse(400, "err.bad_request", "malformed HTTP request: " + ec.message());
    // The client closed, the header deadline passed (the stream closed the socket), stop().
    if (ec) return close();

    const auto& head = parser_->get();
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    parse_target(request_.target, request_.path, request_.query);
    for (const auto& field : head)
        request_.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    request_.keep_alive = head.keep_alive();
    keep_alive_ = head.keep_alive();
    version_ = head.version();
    head_only_ = head.method() == http::verb::head;
    gzip_ok_ = accepts_gzip(request_);

    const bool has_body = parser_->chunked() || (parser_->content_length() && *parser_->content_length() > 0);
    std::optional<http_response> early;
    try {
        early = registry_.app.before_body(request_);
    } catch (const std::exception& e) {
        early = registry_.app.refusal(&request_, 500, "err.internal", internal_failure(request_.path, e.what()));
    }
    if (early) {
        if (has_body) early->close = true;  // the body is never read
        compress_for(gzip_ok_, *early);
        return send(std::move(*early));
    }
    if (!has_body) return dispatch();

    body_plan plan;
    try {
        plan = registry_.app.plan_body(request_);
    } catch (const std::exception& e) {
        return refuse(500, "err.internal", internal_failure(request_.path, e.what()));
    }
    body_max_ = plan.max_bytes > 0 ? plan.max_bytes : registry_.limits.body_bytes;
    too_large_ = std::move(plan.too_large);

    coding enc = coding::none;
    if (const std::string* ce = request_.header("Content-Encoding")) {
        std::string v = lower_trimmed(*ce);
        if (v == "gzip" || v == "x-gzip" || v == "deflate") enc = coding::gzip_or_deflate;
        else if (!v.empty() && v != "identity")
            return refuse(415, "err.unsupported_encoding",
                          "Content-Encoding \"" + ce->substr(0, 40) +
                              "\" is not supported; send the body as it is, or with gzip or deflate");
    }
    if (plan.sink && enc != coding::none)
        return refuse(415, "err.unsupported_encoding",
                      "this upload must be sent as it is, without a Content-Encoding");
    const std::size_t max = body_max_;
    if (parser_->content_length() && *parser_->content_length() > max) return refuse(413, "err.too_large", too_large_message());
    phase_ = phase::body;
    stream_.expires_after(registry_.limits.body_timeout + plan.extra_time);
    std::function<void()> read_body;
    if (plan.sink) {
        // The header is in and none of the body was taken yet: the parser can change its body
        // type now.
        sink_ = std::move(plan.sink);
        // Reads of up to a chunk at once (the buffer is sized for headers until now): fewer
        // system calls and read operations per megabyte.
        buffer_.reserve(chunk_bytes);
        sink_parser_.emplace(std::move(*parser_));
        parser_.reset();
        sink_parser_->body_limit(max);
        read_body = [self = shared_from_this()] { self->read_chunk(); };
    } else {
        parser_->body_limit(max);
        read_body = [self = shared_from_this(), enc] {
            http::async_read(self->stream_, self->buffer_, *self->parser_,
                             [self, enc](beast::error_code ec, std::size_t) { self->on_body(ec, enc); });
        };
    }
    const std::string* expect = request_.header("Expect");
    if (expect && lower_trimmed(*expect) == "100-continue") {
        static const char continue_line[] = "HTTP/1.1 100 Continue\r\n\r\n";
        return net::async_write(stream_, net::buffer(continue_line, sizeof continue_line - 1),
                                [self = shared_from_this(), read_body](beast::error_code ec, std::size_t) {
                                    if (ec) return self->close();
                                    read_body();
                                });
    }
    read_body();
}

std::string http_session::too_large_message() const {
    if (!too_large_.empty()) return too_large_;
    return "the request body is larger than " + std::to_string(body_max_) + " bytes; send fewer ops per batch";
}

void http_session::on_body(beast::error_code ec, coding enc) {
    if (phase_ != phase::body) return close();
    const std::size_t max = body_max_;
    if (ec == http::error::body_limit) return refuse(413, "err.too_large", too_large_message());
    if (ec && is_parse_error(ec)) return refuse(400, "err.bad_request", "malformed HTTP request body: " + ec.message());
    if (ec) return close();  // the client closed, or the body deadline passed
    request_.body = std::move(parser_->get().body());
    if (enc == coding::gzip_or_deflate) {
        std::string plain;
        inflate_result r = inflate_limited(request_.body, max, plain);
        request_.body.clear();
        request_.body.shrink_to_fit();
        if (r == inflate_result::too_large)
            return refuse(413, "err.too_large",
                          too_large_.empty() ? "the request body is larger than " + std::to_string(max) +
                                                   " bytes once inflated; send fewer ops per batch"
                                             : too_large_);
        if (r == inflate_result::corrupt)
            return refuse(400, "err.bad_request", "the body is not valid gzip or deflate data");
        request_.body = std::move(plain);
    }
    dispatch();
}

// A body for a sink: a chunk at a time into chunk_, handed to the sink, and the next chunk read
// only once the sink has taken it. The body deadline set after the header runs on meanwhile:
// the next read after it fails at once.
void http_session::read_chunk() {
    if (chunk_.size() != chunk_bytes) chunk_.resize(chunk_bytes);
    auto& body = sink_parser_->get().body();
    body.data = chunk_.data();
    body.size = chunk_.size();
    body.more = true;
    http::async_read(stream_, buffer_, *sink_parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_chunk(ec); });
}

void http_session::on_chunk(beast::error_code ec) {
    if (phase_ != phase::body) return close();
    if (ec == http::error::need_buffer) ec = {};  // the chunk is full
    if (ec == http::error::body_limit) return refuse(413, "err.too_large", too_large_message());
    if (ec && is_parse_error(ec)) return refuse(400, "err.bad_request", "malformed HTTP request body: " + ec.message());
    if (ec) return close();  // the client closed, or the body deadline passed; the sink is dropped
    const std::size_t n = chunk_.size() - sink_parser_->get().body().size;
    if (n == 0) {
        if (!sink_parser_->is_done()) return read_chunk();
        return on_chunk_taken(generation_, std::nullopt);
    }
    sink_->write(std::string_view(chunk_.data(), n),
                 [self = shared_from_this(), generation = generation_](std::optional<http_response> refusal) mutable {
                     net::post(self->stream_.get_executor(), [self, generation, r = std::move(refusal)]() mutable {
                         self->on_chunk_taken(generation, std::move(r));
                     });
                 });
}

void http_session::on_chunk_taken(std::uint64_t generation, std::optional<http_response> refusal) {
    if (generation != generation_ || phase_ != phase::body) return;  // closed meanwhile
    if (refusal) {
        refusal->close = true;
        compress_for(gzip_ok_, *refusal);
        return send(std::move(*refusal));
    }
    if (!sink_parser_->is_done()) return read_chunk();
    request_.sink = std::move(sink_);
    dispatch();
}

// [SECTION] handing it to the app; answers from any thread; held requests ----------------------------------

void http_session::dispatch() {
    phase_ = phase::handling;
    stream_.expires_never();
    parser_.reset();
    sink_parser_.reset();
    if (!chunk_.empty()) std::vector<char>().swap(chunk_);
    responder done(shared_from_this(), generation_, gzip_ok_);
    http_request failed;
    failed.method = request_.method;
    failed.path = request_.path;
    try {
        registry_.app.handle(std::move(request_), done);
    } catch (const std::exception& e) {
        done(registry_.app.refusal(&failed, 500, "err.internal", internal_failure(failed.path, e.what())));
    }
}

void http_session::answer(std::uint64_t generation, http_response response) {
    net::post(stream_.get_executor(), [self = shared_from_this(), generation, r = std::move(response)]() mutable {
        self->on_answer(generation, std::move(r));
    });
}

void http_session::on_answer(std::uint64_t generation, http_response response) {
    if (generation != generation_ || phase_ != phase::handling) return;  // answered already, or closed
    hold_timer_.cancel();
    hold_expired_ = nullptr;
    hold_gone_ = nullptr;
    if (watching_) {
        watching_ = false;
        beast::error_code ec;
        stream_.socket().cancel(ec);  // the watch for the client closing; nothing else is pending
    }
    send(std::move(response));
}

void http_session::hold(std::uint64_t generation, std::chrono::milliseconds wait, std::function<void()> expired,
                        std::function<void()> gone) {
    net::post(stream_.get_executor(), [self = shared_from_this(), generation, wait, expired = std::move(expired),
                                       gone = std::move(gone)]() mutable {
        if (generation != self->generation_ || self->phase_ != phase::handling) return;  // answered already
        self->hold_expired_ = std::move(expired);
        self->hold_gone_ = std::move(gone);
        self->hold_timer_.expires_after(wait);
        self->hold_timer_.async_wait([self, generation](beast::error_code ec) {
            if (ec || generation != self->generation_ || self->phase_ != phase::handling) return;
            auto expired_now = std::move(self->hold_expired_);
            self->hold_expired_ = nullptr;
            self->hold_gone_ = nullptr;
            if (expired_now) expired_now();  // answers through the responder
        });
        self->watch_client(generation);
    });
}

// While a request is held, a readable socket means the client closed it (or sent the next
// request early). Peeking tells which, without taking the bytes from the next request.
void http_session::watch_client(std::uint64_t generation) {
    watching_ = true;
    stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(), generation](beast::error_code ec) {
        if (ec || generation != self->generation_ || self->phase_ != phase::handling) return;
        self->watching_ = false;
        char c;
        ssize_t n = ::recv(self->stream_.socket().native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))) return;
        // EOF or an error: nobody is left to answer. Forget the held request and close.
        self->hold_timer_.cancel();
        auto gone_now = std::move(self->hold_gone_);
        self->hold_gone_ = nullptr;
        self->hold_expired_ = nullptr;
        if (gone_now) gone_now();
        self->close();
    });
}

// [SECTION] writing, keeping alive, closing -------------------------------------------------------------

void http_session::refuse(int status, const std::string& code, const std::string& message) {
    http_response r = registry_.app.refusal(&request_, status, code, message);
    r.close = true;
    compress_for(gzip_ok_, r);
    send(std::move(r));
}

void http_session::send(http_response response) {
    phase_ = phase::writing;
    const bool keep = keep_alive_ && !response.close && !stopping_ && !registry_.stopping;
    out_ = std::make_shared<http::response<http::string_body>>();
    auto& out = *out_;
    out.version(version_ == 10 ? 10 : 11);
    out.result(static_cast<unsigned>(response.status));
    for (auto& h : response.headers) out.set(h.name, h.value);
    out.keep_alive(keep);
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    if (response.source && !bodyless && !head_only_) {
        out_.reset();
        return send_stream(std::move(response), keep);
    }
    if (bodyless) {
        out.erase(http::field::content_length);
    } else if (head_only_) {
        // What a GET would send; no body.
        if (!response.source) out.content_length(response.body.size());
        else if (response.source->size() != body_source::unknown_size) out.content_length(response.source->size());
    } else {
        out.body() = std::move(response.body);
        out.prepare_payload();
    }
    stream_.expires_after(registry_.limits.write_timeout);
    http::async_write(stream_, out, [self = shared_from_this(), keep](beast::error_code ec, std::size_t) {
        self->on_write(ec, keep);
    });
}

// An answer from a body_source: the header (with Content-Length = the source's size), then a
// chunk read on the app's worker, written, the next chunk read... Each write has its own
// write_timeout, so a slow reader of a large file is fine and one that stops reading is cut.
// A source of unknown size goes out chunked (HTTP/1.1) or until the close (HTTP/1.0); a read
// of 0 ends it, a failed read closes the connection without the last chunk.
void http_session::send_stream(http_response response, bool keep_alive) {
    auto head = std::make_shared<http::response<http::empty_body>>();
    head->version(version_ == 10 ? 10 : 11);
    head->result(static_cast<unsigned>(response.status));
    for (auto& h : response.headers) head->set(h.name, h.value);
    source_ = std::move(response.source);
    stream_left_ = source_->size();
    stream_chunked_ = stream_left_ == body_source::unknown_size;
    if (stream_chunked_ && version_ == 10) keep_alive = false;  // the close ends the body
    head->keep_alive(keep_alive);
    stream_keep_ = keep_alive;
    if (!stream_chunked_) head->content_length(stream_left_);
    else if (version_ != 10) head->chunked(true);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*head);
    stream_.expires_after(registry_.limits.write_timeout);
    http::async_write_header(stream_, *serializer,
                             [self = shared_from_this(), head, serializer](beast::error_code ec, std::size_t) {
                                 if (ec) return self->close();
                                 self->stream_next();
                             });
}

void http_session::stream_next() {
    if (stream_left_ == 0 && !stream_chunked_) {
        source_.reset();
        std::vector<char>().swap(chunk_);
        return on_write({}, stream_keep_);
    }
    if (chunk_.size() != chunk_bytes) chunk_.resize(chunk_bytes);
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_.size(), stream_left_));
    source_->read(chunk_.data(), want, [self = shared_from_this(), generation = generation_](std::size_t n) {
        net::post(self->stream_.get_executor(), [self, generation, n] { self->on_stream_read(generation, n); });
    });
}

void http_session::on_stream_read(std::uint64_t generation, std::size_t n) {
    if (generation != generation_ || phase_ != phase::writing) return;  // closed meanwhile
    if (stream_chunked_) return on_chunked_read(n);
    if (n == 0 || n > stream_left_) return close();  // the source failed: the promised length cannot be kept
    stream_left_ -= n;
    stream_.expires_after(registry_.limits.write_timeout);
    net::async_write(stream_, net::buffer(chunk_.data(), n), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->stream_next();
    });
}

// A piece of a body of unknown size: "<hex size>\r\n<bytes>\r\n" (HTTP/1.1), the bytes alone
// (HTTP/1.0); the end: "0\r\n\r\n" (HTTP/1.0: the close).
void http_session::on_chunked_read(std::size_t n) {
    if (n == body_source::failed || n > chunk_.size()) return close();
    const bool framed = version_ != 10;
    if (n == 0) {
        source_.reset();
        std::vector<char>().swap(chunk_);
        if (!framed) return on_write({}, false);
        chunk_head_ = "0\r\n\r\n";
        stream_.expires_after(registry_.limits.write_timeout);
        return net::async_write(stream_, net::buffer(chunk_head_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_write(ec, self->stream_keep_);
        });
    }
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx\r\n", n);
    chunk_head_ = framed ? hex : "";
    static const char crlf[] = "\r\n";
    std::array<net::const_buffer, 3> pieces{net::buffer(chunk_head_), net::buffer(chunk_.data(), n),
                                            net::buffer(crlf, framed ? 2 : 0)};
    stream_.expires_after(registry_.limits.write_timeout);
    net::async_write(stream_, pieces, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->stream_next();
    });
}

void http_session::on_write(beast::error_code ec, bool keep_alive) {
    out_.reset();
    if (ec) return close();
    if (!keep_alive) return linger_close();
    next_request(false);
}

// Closing right after an answer while the client still sends (a body that was never read)
// would reset the connection and could destroy the answer before the client reads it. So: stop
// sending, read and drop what still comes for a moment, then close.
void http_session::linger_close() {
    phase_ = phase::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    lingered_ = 0;
    stream_.expires_after(std::chrono::seconds(2));
    stream_.async_read_some(net::buffer(discard_),
                            beast::bind_front_handler(&http_session::on_linger, shared_from_this()));
}

void http_session::on_linger(beast::error_code ec, std::size_t n) {
    lingered_ += n;
    if (ec || lingered_ > (4u << 20) || phase_ != phase::closing) return close();
    stream_.async_read_some(net::buffer(discard_),
                            beast::bind_front_handler(&http_session::on_linger, shared_from_this()));
}

void http_session::close() {
    if (phase_ == phase::closed) return;
    phase_ = phase::closed;
    hold_timer_.cancel();
    auto gone_now = std::move(hold_gone_);  // a held request whose answer can go nowhere now
    hold_gone_ = nullptr;
    hold_expired_ = nullptr;
    if (gone_now) gone_now();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
}

}  // namespace cc::server
