// icons.hpp — the Font Awesome 4.7 icons the card uses, as UTF-8 strings to put in labels.
// The host's font build subsets the icon font to exactly the codepoints written as 0xf... in this
// file: every icon is listed with its codepoint, and no other such number appears here.
#pragma once

// clang-format off
#define ICON_SEARCH         "\xef\x80\x82"  // 0xf002 search
#define ICON_STAR           "\xef\x80\x85"  // 0xf005 star (VIP)
#define ICON_USER           "\xef\x80\x87"  // 0xf007 user (who is signed in)
#define ICON_CHECK          "\xef\x80\x8c"  // 0xf00c check (saved, done)
#define ICON_TIMES          "\xef\x80\x8d"  // 0xf00d times (close, remove, cancelled)
#define ICON_CLOCK          "\xef\x80\x97"  // 0xf017 clock-o (pending, time)
#define ICON_REFRESH        "\xef\x80\xa1"  // 0xf021 refresh (syncing)
#define ICON_TAG            "\xef\x80\xab"  // 0xf02b tag (tag added or removed, in the log)
#define ICON_VIDEO          "\xef\x80\xbd"  // 0xf03d video-camera (a webinar attended)
#define ICON_PENCIL         "\xef\x81\x80"  // 0xf040 pencil (changed, edited)
#define ICON_MAP_MARKER     "\xef\x81\x81"  // 0xf041 map-marker (a meeting's place)
#define ICON_CHECK_SQUARE   "\xef\x81\x86"  // 0xf046 check-square-o (a task)
#define ICON_CHEVRON_LEFT   "\xef\x81\x93"  // 0xf053 chevron-left (back)
#define ICON_CHEVRON_RIGHT  "\xef\x81\x94"  // 0xf054 chevron-right (folded)
#define ICON_BAN            "\xef\x81\x9e"  // 0xf05e ban (spammer)
#define ICON_PLUS           "\xef\x81\xa7"  // 0xf067 plus (create)
#define ICON_EXCLAMATION    "\xef\x81\xb1"  // 0xf071 exclamation-triangle (error, overdue)
#define ICON_CALENDAR       "\xef\x81\xb3"  // 0xf073 calendar (due, rescheduled)
#define ICON_COMMENT        "\xef\x81\xb5"  // 0xf075 comment (open chat, comments)
#define ICON_CHEVRON_DOWN   "\xef\x81\xb8"  // 0xf078 chevron-down (unfolded)
#define ICON_CART           "\xef\x81\xba"  // 0xf07a shopping-cart (an order)
#define ICON_EXTERNAL_LINK  "\xef\x82\x8e"  // 0xf08e external-link (open)
#define ICON_PHONE          "\xef\x82\x95"  // 0xf095 phone
#define ICON_CARD           "\xef\x82\x9d"  // 0xf09d credit-card (a balance entry)
#define ICON_RSS            "\xef\x82\x9e"  // 0xf09e rss (a funnel subscription)
#define ICON_HDD            "\xef\x82\xa0"  // 0xf0a0 hdd-o (saved locally)
#define ICON_GLOBE          "\xef\x82\xac"  // 0xf0ac globe (a site visit)
#define ICON_BRIEFCASE      "\xef\x82\xb1"  // 0xf0b1 briefcase (a deal)
#define ICON_USERS          "\xef\x83\x80"  // 0xf0c0 users (a meeting)
#define ICON_LINK           "\xef\x83\x81"  // 0xf0c1 link (a meeting's link)
#define ICON_CLOUD          "\xef\x83\x82"  // 0xf0c2 cloud (synced)
#define ICON_PAPERCLIP      "\xef\x83\x86"  // 0xf0c6 paperclip (attached files)
#define ICON_MONEY          "\xef\x83\x96"  // 0xf0d6 money (a payment)
#define ICON_ENVELOPE       "\xef\x83\xa0"  // 0xf0e0 envelope (email)
#define ICON_UNDO           "\xef\x83\xa2"  // 0xf0e2 undo (reopened)
#define ICON_BELL           "\xef\x83\xb3"  // 0xf0f3 bell (reminders)
#define ICON_SPINNER        "\xef\x84\x90"  // 0xf110 spinner (loading)
#define ICON_UNLINK         "\xef\x84\xa7"  // 0xf127 chain-broken (offline)
#define ICON_BULLSEYE       "\xef\x85\x80"  // 0xf140 bullseye (a sales plan)
#define ICON_ELLIPSIS       "\xef\x85\x81"  // 0xf141 ellipsis-h (other)
#define ICON_ARROW_LEFT     "\xef\x85\xb7"  // 0xf177 long-arrow-left (an incoming call)
#define ICON_ARROW_RIGHT    "\xef\x85\xb8"  // 0xf178 long-arrow-right (old -> new in the log, an outgoing call)
#define ICON_FEMALE         "\xef\x86\x82"  // 0xf182 female
#define ICON_MALE           "\xef\x86\x83"  // 0xf183 male
#define ICON_FILE_AUDIO     "\xef\x87\x87"  // 0xf1c7 file-audio-o (a call recording)
#define ICON_HISTORY        "\xef\x87\x9a"  // 0xf1da history (load earlier)
#define ICON_TRASH          "\xef\x87\xb8"  // 0xf1f8 trash
#define ICON_USER_PLUS      "\xef\x88\xb4"  // 0xf234 user-plus (client created)
#define ICON_BAG            "\xef\x8a\x90"  // 0xf290 shopping-bag (a sale)
#define ICON_ID_CARD        "\xef\x8b\x82"  // 0xf2c2 id-card (a membership)
// clang-format on

namespace ui {
// The same codepoints, for a host that builds ImGui glyph ranges from them (pairs, 0-ended).
inline constexpr unsigned short icon_glyph_ranges[] = {
    0xf002, 0xf002,
    0xf005, 0xf005,
    0xf007, 0xf007,
    0xf00c, 0xf00c,
    0xf00d, 0xf00d,
    0xf017, 0xf017,
    0xf021, 0xf021,
    0xf02b, 0xf02b,
    0xf03d, 0xf03d,
    0xf040, 0xf040,
    0xf041, 0xf041,
    0xf046, 0xf046,
    0xf053, 0xf053,
    0xf054, 0xf054,
    0xf05e, 0xf05e,
    0xf067, 0xf067,
    0xf071, 0xf071,
    0xf073, 0xf073,
    0xf075, 0xf075,
    0xf078, 0xf078,
    0xf07a, 0xf07a,
    0xf08e, 0xf08e,
    0xf095, 0xf095,
    0xf09d, 0xf09d,
    0xf09e, 0xf09e,
    0xf0a0, 0xf0a0,
    0xf0ac, 0xf0ac,
    0xf0b1, 0xf0b1,
    0xf0c0, 0xf0c0,
    0xf0c1, 0xf0c1,
    0xf0c2, 0xf0c2,
    0xf0c6, 0xf0c6,
    0xf0d6, 0xf0d6,
    0xf0e0, 0xf0e0,
    0xf0e2, 0xf0e2,
    0xf0f3, 0xf0f3,
    0xf110, 0xf110,
    0xf127, 0xf127,
    0xf140, 0xf140,
    0xf141, 0xf141,
    0xf177, 0xf177,
    0xf178, 0xf178,
    0xf182, 0xf182,
    0xf183, 0xf183,
    0xf1c7, 0xf1c7,
    0xf1da, 0xf1da,
    0xf1f8, 0xf1f8,
    0xf234, 0xf234,
    0xf290, 0xf290,
    0xf2c2, 0xf2c2,
    0};
}  // namespace ui
