// byte_range_test.cpp — the Range header parser (tools/server/byte_range.hpp) on its own: every
// form a browser's audio element sends, ranges across the end, and the hostile rest.
#include <doctest/doctest.h>

#include "byte_range.hpp"

using cc::server::content_range;
using cc::server::parse_range;
using cc::server::range_answer;

namespace {

void part(const char* header, std::uint64_t size, std::uint64_t first, std::uint64_t length) {
    INFO("Range: " << header << " of " << size << " bytes");
    range_answer r = parse_range(header, size);
    CHECK(r.kind == range_answer::part);
    CHECK(r.first == first);
    CHECK(r.length == length);
}

void whole(const char* header, std::uint64_t size) {
    INFO("Range: " << header << " of " << size << " bytes");
    CHECK(parse_range(header, size).kind == range_answer::whole);
}

void unsatisfiable(const char* header, std::uint64_t size) {
    INFO("Range: " << header << " of " << size << " bytes");
    CHECK(parse_range(header, size).kind == range_answer::unsatisfiable);
}

}  // namespace

TEST_CASE("Range: a-b, a- and -n") {
    part("bytes=0-99", 1000, 0, 100);
    part("bytes=100-199", 1000, 100, 100);
    part("bytes=999-999", 1000, 999, 1);
    part("bytes=0-0", 1, 0, 1);
    part("bytes=500-", 1000, 500, 500);
    part("bytes=0-", 1000, 0, 1000);  // what Chrome's <audio> sends first
    part("bytes=-100", 1000, 900, 100);
    part("bytes=-1", 1000, 999, 1);
    part("Bytes=10-19", 1000, 10, 10);  // the unit in any case
    part("BYTES=10-19", 1000, 10, 10);
}

TEST_CASE("Range: across the end is cut at the end; a suffix longer than the file is the file") {
    part("bytes=900-1999", 1000, 900, 100);
    part("bytes=0-18446744073709551615", 1000, 0, 1000);
    part("bytes=0-99999999999999999999999999", 1000, 0, 1000);  // saturates, never wraps
    part("bytes=-5000", 1000, 0, 1000);
    part("bytes=-99999999999999999999999999", 1000, 0, 1000);
}

TEST_CASE("Range: nothing of the file asked for is 416") {
    unsatisfiable("bytes=1000-", 1000);
    unsatisfiable("bytes=1000-2000", 1000);
    unsatisfiable("bytes=5000-", 1000);
    unsatisfiable("bytes=99999999999999999999999999-", 1000);
    unsatisfiable("bytes=-0", 1000);
    unsatisfiable("bytes=1000-1000, 2000-", 1000);  // several, none there
    range_answer r = parse_range("bytes=1000-", 1000);
    CHECK(content_range(r, 1000) == "bytes */1000");
    r = parse_range("bytes=10-19", 1000);
    CHECK(content_range(r, 1000) == "bytes 10-19/1000");
}

TEST_CASE("Range: several ranges answer the whole file when any of them is there") {
    whole("bytes=0-9,20-29", 1000);
    whole("bytes=0-9, 20-29", 1000);
    whole("bytes=-5, 0-1", 1000);
    whole("bytes=5000-6000, 0-1", 1000);
    // Empty list elements are allowed around one range.
    part("bytes=, 5-9 ,", 1000, 5, 5);
}

TEST_CASE("Range: anything that is not the grammar is ignored (the whole file)") {
    for (const char* bad : {"", "bytes", "bytes=", "bytes= ", "bytes=,", "items=0-1", "bytes 0-1", "bytes=a-b", "bytes=1-a",
                            "bytes=5-3", "bytes=-", "bytes=--1", "bytes=1--2", "bytes=+1-2", "bytes=1-+2",
                            "bytes=0x10-0x20", "bytes=1 -2", "bytes=1- 2", "bytes=1-2-3", "bytes=\xff-1",
                            "bytes=1\x00-2", "bytes:0-1", "bytes==0-1", "bytes=0-1;", "bytesx=0-1"}) {
        whole(bad, 1000);
    }
    // A hundred ranges and more: not counted further.
    std::string many = "bytes=0-0";
    for (int i = 0; i < 200; ++i) many += ",0-0";
    CHECK(parse_range(many, 1000).kind == range_answer::whole);
}

TEST_CASE("Range: a file of 0 bytes has nothing to give") {
    unsatisfiable("bytes=0-", 0);
    unsatisfiable("bytes=-1", 0);
    whole("", 0);
}
