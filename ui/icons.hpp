// icons.hpp — the Font Awesome 4.7 icons the card uses, as UTF-8 strings to put in labels.
// The host's font build subsets the icon font to exactly the codepoints written as 0xf... in this
// file: every icon is listed with its codepoint, and no other such number appears here.
#pragma once

// clang-format off
#define ICON_SEARCH         "\xef\x80\x82"  // 0xf002 search
#define ICON_STAR           "\xef\x80\x85"  // 0xf005 star (VIP)
#define ICON_USER           "\xef\x80\x87"  // 0xf007 user (who is signed in)
#define ICON_CHECK          "\xef\x80\x8c"  // 0xf00c check (saved)
#define ICON_TIMES          "\xef\x80\x8d"  // 0xf00d times (close, remove)
#define ICON_CLOCK          "\xef\x80\x97"  // 0xf017 clock-o (pending, time)
#define ICON_REFRESH        "\xef\x80\xa1"  // 0xf021 refresh (syncing)
#define ICON_CHEVRON_LEFT   "\xef\x81\x93"  // 0xf053 chevron-left (back)
#define ICON_BAN            "\xef\x81\x9e"  // 0xf05e ban (spammer)
#define ICON_EXCLAMATION    "\xef\x81\xb1"  // 0xf071 exclamation-triangle (error)
#define ICON_COMMENT        "\xef\x81\xb5"  // 0xf075 comment (open chat)
#define ICON_EXTERNAL_LINK  "\xef\x82\x8e"  // 0xf08e external-link (open)
#define ICON_PHONE          "\xef\x82\x95"  // 0xf095 phone
#define ICON_HDD            "\xef\x82\xa0"  // 0xf0a0 hdd-o (saved locally)
#define ICON_CLOUD          "\xef\x83\x82"  // 0xf0c2 cloud (synced)
#define ICON_ENVELOPE       "\xef\x83\xa0"  // 0xf0e0 envelope (email)
#define ICON_UNLINK         "\xef\x84\xa7"  // 0xf127 chain-broken (offline)
#define ICON_ARROW_RIGHT    "\xef\x85\xb8"  // 0xf178 long-arrow-right (old -> new in the log)
#define ICON_FEMALE         "\xef\x86\x82"  // 0xf182 female
#define ICON_MALE           "\xef\x86\x83"  // 0xf183 male
#define ICON_TRASH          "\xef\x87\xb8"  // 0xf1f8 trash
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
    0xf053, 0xf053,
    0xf05e, 0xf05e,
    0xf071, 0xf071,
    0xf075, 0xf075,
    0xf08e, 0xf08e,
    0xf095, 0xf095,
    0xf0a0, 0xf0a0,
    0xf0c2, 0xf0c2,
    0xf0e0, 0xf0e0,
    0xf127, 0xf127,
    0xf178, 0xf178,
    0xf182, 0xf182,
    0xf183, 0xf183,
    0xf1f8, 0xf1f8,
    0};
}  // namespace ui
