// snapshot.cpp — see snapshot.hpp.
//
// Index of this file
//   [SECTION] the body: header, lines, end
//   [SECTION] the source: pieces on the worker, gzip, the deadline
#include "snapshot.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <utility>

#include "core/codec.hpp"
#include "sync_service.hpp"

namespace cc::server {

// [SECTION] the body: header, lines, end ---------------------------------------------------------

namespace {

// The framing around a row's JSON: {"version": ,"client": } and the newline (the digits of the
// version are counted by the store).
constexpr std::int64_t snapshot_line_framing = 23;

std::string snapshot_end_line(std::int64_t cursor, std::int64_t count) {
    return "{\"end\":true,\"cursor\":" + std::to_string(cursor) + ",\"count\":" + std::to_string(count) + "}\n";
}

}  // namespace

snapshot_body::snapshot_body(std::unique_ptr<snapshot_reader> reader) : reader_(std::move(reader)) {
    const snapshot_reader& r = *reader_;
    // The header's own length depends on the figure it carries: counted with the figure
    // without itself, then once more (a digit more at most).
    const std::int64_t rows = r.clients + r.records;
    const std::int64_t rest = r.json_bytes + rows * snapshot_line_framing +
                              static_cast<std::int64_t>(snapshot_end_line(r.version, rows).size());
    auto header_of = [&](std::int64_t bytes) {
        return "{\"snapshot\":1,\"schema\":" + std::to_string(schema_version) + ",\"version\":" + std::to_string(r.version) +
               ",\"clients\":" + std::to_string(r.clients) + ",\"records\":" + std::to_string(r.records) +
               ",\"bytes\":" + std::to_string(bytes) + "}\n";
    };
    announced_ = rest + static_cast<std::int64_t>(header_of(rest).size());
    announced_ = rest + static_cast<std::int64_t>(header_of(announced_).size());
}

bool snapshot_body::next(std::string& out, std::size_t want) {
    if (done_) return false;
    if (!header_done_) {
        header_done_ = true;
        out += "{\"snapshot\":1,\"schema\":" + std::to_string(schema_version) + ",\"version\":" +
               std::to_string(reader_->version) + ",\"clients\":" + std::to_string(reader_->clients) +
               ",\"records\":" + std::to_string(reader_->records) + ",\"bytes\":" + std::to_string(announced_) + "}\n";
    }
    change_record c;
    while (out.size() < want) {
        if (!reader_->next(c)) {
            out += snapshot_end_line(reader_->version, count_);
            done_ = true;
            reader_.reset();  // the read transaction ends here, not when the connection goes
            return false;
        }
        ++count_;
        out += "{\"version\":";
        out += std::to_string(c.version);
        out += c.is_record() ? ",\"record\":" : ",\"client\":";
        out += c.is_record() ? c.record_json : c.client_json;
        if (!c.history_json.empty()) {
            out += ",\"history\":[";
            for (std::size_t k = 0; k < c.history_json.size(); ++k) {
                if (k) out += ',';
                out += c.history_json[k];
            }
            out += ']';
        }
        out += "}\n";
    }
    return true;
}

// [SECTION] the source: pieces on the worker, gzip, the deadline ---------------------------------

snapshot_source::snapshot_source(std::unique_ptr<snapshot_body> body, runner run, bool gzip, snapshot_limits limits,
                                 std::shared_ptr<void> slot)
    : body_(std::move(body)), run_(std::move(run)), gzip_(gzip ? std::make_unique<gzip_writer>() : nullptr),
      limits_(limits), slot_(std::move(slot)), deadline_(std::chrono::steady_clock::now() + limits.max_duration) {}

void snapshot_source::read(char* into, std::size_t max, std::function<void(std::size_t)> done) {
    run_([self = shared_from_this(), into, max, done = std::move(done)] {
        std::size_t n = failed;
        try {
            n = self->fill(into, max);
        } catch (const std::exception& e) {
            internal_failure("snapshot", e.what());  // logged; the client sees the body cut
        }
        done(n);
    });
}

std::size_t snapshot_source::fill(char* into, std::size_t max) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (out_.size() - out_at_ < max && !finished_) {
        if (std::chrono::steady_clock::now() > deadline_) {
            body_.reset();  // ends the read transaction now
            return failed;
        }
        if (out_at_ > 0) {
            out_.erase(0, out_at_);
            out_at_ = 0;
        }
        std::string piece;
        piece.reserve(limits_.piece_bytes + 64 * 1024);
        const bool more = body_->next(piece, limits_.piece_bytes);
        if (gzip_) {
            gzip_->write(piece, out_);
            // The first piece (the header and the first clients) goes out at once, so the card
            // has something to show while the rest is compressed in full-size blocks.
            if (!flushed_first_) gzip_->flush(out_);
            flushed_first_ = true;
            if (!more) gzip_->finish(out_);
        } else {
            out_ += piece;
        }
        if (!more) {
            finished_ = true;
            body_.reset();
            slot_.reset();
        }
    }
    const std::size_t n = std::min(max, out_.size() - out_at_);
    std::memcpy(into, out_.data() + out_at_, n);
    out_at_ += n;
    return n;  // 0: everything went out
}

}  // namespace cc::server
