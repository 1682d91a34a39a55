// byte_range.hpp — the HTTP Range header (RFC 9110 §14) of a file download, as a pure function:
// the header is hostile input, so it is parsed here with no I/O and unit-tested on its own
// (tests/server/byte_range_test.cpp).
//
//     range_answer r = parse_range(req.header_value("Range"), size);
//     // whole: 200 with the file; part: 206 bytes r.first .. r.first + r.length - 1;
//     // unsatisfiable: 416 with "Content-Range: bytes */size"
//
// What it accepts: the unit "bytes" (any letter case), then one range-spec: "a-b" (b past the
// end is cut at the end), "a-" (to the end) or "-n" (the last n bytes; n above the size is the
// whole file). Several comma-separated ranges answer the whole file (RFC 9110 lets a server
// ignore Range) unless none of them is satisfiable (416). A header that is not this grammar —
// another unit, "b-a" with b < a, signs, spaces inside a range, an empty list — is ignored (the
// whole file), as RFC 9110 asks. Numbers of any length saturate instead of overflowing.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cc::server {

struct range_answer {
    enum kind_t { whole, part, unsatisfiable };
    kind_t kind = whole;
    std::uint64_t first = 0;   // part: the first byte
    std::uint64_t length = 0;  // part: how many bytes (>= 1)
};

// `header` is the Range value as sent ("" when there is none); `size` the file's size.
range_answer parse_range(std::string_view header, std::uint64_t size);

// The Content-Range value: "bytes 0-99/1234" for a part, "bytes */1234" when unsatisfiable.
std::string content_range(const range_answer& r, std::uint64_t size);

}  // namespace cc::server
