// record_list.hpp — the lists of records a section shows: a client's live records of one kind,
// and their order. Every section sorts through these two functions, so the module holds one
// stable sort of record lists instead of one per section's comparator (each instantiation of
// std::stable_sort is about 3 KB of wasm).
#pragma once
#include <vector>

#include "core/record.hpp"
#include "ui/view.hpp"

namespace ui {

// The client's records of `kind` that are not deleted, in the store's order.
std::vector<const cc::record*> live_records(const view& v, const cc::client& c, const char* kind);

// True when `a` goes before `b`; `ctx` is what sort_records was given.
using record_before = bool (*)(const cc::record& a, const cc::record& b, const void* ctx);
// A stable sort: records that compare equal keep their order.
void sort_records(std::vector<const cc::record*>& list, record_before before, const void* ctx = nullptr);

// Newest first by the number field `time_field` (nullptr: by created_at); a record without it
// counts at `fallback_field` (nullptr: its created_at).
void newest_first(std::vector<const cc::record*>& list, const char* time_field,
                  const char* fallback_field = nullptr);

}  // namespace ui
