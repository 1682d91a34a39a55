// update.cpp — update(): every action the card can receive, as a pure function of the model.
// Only the dispatch over the action variant lives here; what each action does is in the file of
// its concern (core/app/internal.hpp lists them).
#include <algorithm>

#include "core/app/internal.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"

namespace cc {
namespace {

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

// Actions after which tasks or the time may have moved for reminders: the store loaded, a pull
// or another answer, a timer, an edit (here or forwarded), a conflict or a rejected op settled.
bool may_move_reminders(const action& a) {
    return std::holds_alternative<storage_loaded>(a) || std::holds_alternative<fetch_done>(a) ||
           std::holds_alternative<timer_fired>(a) || std::holds_alternative<edit_requested>(a) ||
           std::holds_alternative<client_created>(a) || std::holds_alternative<edit_forwarded>(a) ||
           std::holds_alternative<conflict_resolved>(a) || std::holds_alternative<rejected_discarded>(a) ||
           std::holds_alternative<rejected_retried>(a) || std::holds_alternative<stream_done>(a);
}

}  // namespace

update_result update(model m, const action& a, const context& ctx) {
    using namespace app_detail;
    effects fx;
    // Reminders due by now fire against the tasks as they were, before the action changes them:
    // a reminder already in the past when an edit or a pull gives it to a task never fires.
    // After the action the timer is set for the tasks as they are now.
    // Edits that come before the shards (the host loads them after the first frame) wait for
    // them: an edit needs its client whole.
    if (m.loading == load_state::ready && !m.base_ready &&
        (std::holds_alternative<edit_requested>(a) || std::holds_alternative<client_created>(a) ||
         std::holds_alternative<edit_forwarded>(a) || std::holds_alternative<conflict_resolved>(a) ||
         std::holds_alternative<rejected_discarded>(a) || std::holds_alternative<rejected_retried>(a) ||
         std::holds_alternative<comment_posted>(a) || std::holds_alternative<file_picked>(a))) {
        m.deferred.push_back(a);
        return update_result{std::move(m), std::move(fx)};
    }
    if (const auto* sl = std::get_if<shards_loaded>(&a)) {
        on_shards_loaded(m, *sl, ctx, fx);
        std::vector<action> waiting = std::move(m.deferred);
        m.deferred.clear();
        for (const auto& d : waiting) {
            auto r = update(std::move(m), d, ctx);
            m = std::move(r.next);
            fx.insert(fx.end(), std::make_move_iterator(r.effects.begin()), std::make_move_iterator(r.effects.end()));
        }
        reminders_tick(m, ctx, fx);
        return update_result{std::move(m), std::move(fx)};
    }
    const bool reminders = may_move_reminders(a);
    if (reminders) reminders_tick(m, ctx, fx);
    std::visit(overloaded{
        [&](const storage_loaded& x) { on_loaded(m, x, ctx, fx); },
        [&](const shards_loaded&) {},  // above
        [&](const storage_changed& x) { on_changed(m, x); },
        [&](const storage_written& x) { on_written(m, x, fx); },
        // No default in these switches: a new id left unhandled is a -Wswitch warning; an id
        // outside the enum (a host's bad cast) does nothing, as an unknown tag did.
        [&](const fetch_done& x) {
            switch (x.id) {
                case request_id::pull:
                case request_id::pull_wait: return on_pull(m, x, ctx, fx);
                case request_id::push: return on_push(m, x, ctx, fx);
                case request_id::me: return on_me(m, x, ctx, fx);
                case request_id::history: return on_history(m, x, fx);
                case request_id::upload: return on_upload(m, x, ctx, fx);
                case request_id::play_ticket: return on_play_ticket(m, x, fx);
                case request_id::open_ticket: return on_open_ticket(m, x, fx);
                case request_id::snapshot: return;  // a stream: answered by stream_chunk/stream_done
            }
        },
        [&](const timer_fired& x) {
            switch (x.id) {
                case timer_id::sync_retry: return resume_sync(m, fx);
                case timer_id::storage_retry: return request_write(m, fx);
                case timer_id::reminder: return;  // the ticks around every timer do the work
                case timer_id::upload_retry: return requeue_uploads(m, fx);
                case timer_id::shard_step: return on_shard_step(m, fx);
                case timer_id::index_step: return on_index_step(m, fx);
            }
        },
        [&](const query_changed& x) {
            // Typing on: when the shorter query found few clients, checking just those is cheaper
            // than a look-up in the index; otherwise the index answers.
            constexpr std::size_t few = 256;
            if (m.results.size() <= few && narrows(m.query, x.text)) m.results = search_within(m.index, x.text, m.results);
            else m.results = search(m.index, x.text);
            m.query = x.text;
        },
        [&](const client_selected& x) {
            ensure_client(m, x.id);  // the card shows it whole at once
            m.selected = x.id;
            m.refused.reset();
        },
        [&](const client_created& x) {
            request_edit(m, edit_requested{"", "client.create", json{{"name", x.name}}, x.source, ""}, ctx, fx);
        },
        [&](const edit_requested& x) { request_edit(m, x, ctx, fx); },
        [&](const edit_forwarded& x) { on_forwarded(m, x, ctx, fx); },
        [&](const forward_answered& x) { on_answered(m, x); },
        [&](const locale_changed& x) {
            if (m.lang == x.value) return;
            m.lang = x.value;
            m.meta_dirty = true;
            request_write(m, fx);
        },
        [&](const history_requested& x) { request_history(m, x.client_id, fx); },
        [&](const log_filter_changed& x) {
            if (m.log_filter == x.types) return;
            m.log_filter = x.types;
            m.meta_dirty = true;  // kept in meta.json: the filter survives a reload
            request_write(m, fx);
        },
        [&](const link_requested& x) {
            if (link_allowed(x.url)) fx.push_back(open_link{trim(x.url)});
            else m.refused = refusal{"link", error{"err.link_blocked", "", x.url}};
        },
        [&](const sale_notice_dismissed& x) {
            auto& n = m.sale_notices;
            const auto before = n.size();
            n.erase(std::remove(n.begin(), n.end(), x.sale_id), n.end());
            if (n.size() == before) return;
            m.meta_dirty = true;
            request_write(m, fx);
        },
        [&](const error_dismissed&) { m.refused.reset(); },
        [&](const server_configured& x) {
            m.server_url = x.base_url;
            while (!m.server_url.empty() && m.server_url.back() == '/') m.server_url.pop_back();
            if (!x.actor.empty()) m.actor = x.actor;
            m.snapshot.offered = x.snapshot;
            resume_sync(m, fx);
        },
        [&](const token_entered& x) {
            m.signed_in = !x.token.empty();
            if (!m.signed_in) m.user_name.clear(), m.user_role.clear();
            if (m.sync_message == "err.unauthorized") m.sync_message.clear();
            m.retry_attempt = 0;
            fx.push_back(set_token{x.token});
            request_me(m, fx);
            resume_sync(m, fx);
        },
        [&](const connectivity_changed& x) {
            m.online = x.online;
            if (x.online) {
                m.retry_attempt = 0;
                m.upload_retry_attempt = 0;
                resume_sync(m, fx);
                requeue_uploads(m, fx);
            }
        },
        [&](const conflict_resolved& x) {
            if (!m.writer)
                return forward(m, edit_requested{"", kind_resolve, json{{"conflict_id", x.conflict_id}, {"keep_mine", x.keep_mine}}, "conflict", ""}, ctx, fx);
            if (auto err = resolve_conflict(m, x.conflict_id, x.keep_mine, ctx, "", fx)) m.refused = refusal{"conflict", *err};
        },
        [&](const rejected_discarded& x) {
            if (!m.writer) return forward(m, edit_requested{"", kind_discard, json{{"op_id", x.op_id}}, "rejected", ""}, ctx, fx);
            settle_rejected(m, x.op_id, false, ctx, "", fx);
        },
        [&](const reminder_dismissed& x) { dismiss_reminder(m, x.key, ctx, fx); },
        [&](const notify_permission_changed& x) { m.notify_permission = x.state; },
        [&](const notify_permission_requested&) {
            if (m.notify_permission == "default") fx.push_back(ask_notify_permission{});
        },
        [&](const rejected_retried& x) {
            if (!m.writer) return forward(m, edit_requested{"", kind_retry, json{{"op_id", x.op_id}}, "rejected", ""}, ctx, fx);
            if (auto err = settle_rejected(m, x.op_id, true, ctx, "", fx)) m.refused = refusal{"rejected", *err};
        },
        [&](const file_pick_requested& x) { on_pick_requested(m, x, fx); },
        [&](const file_picked& x) { on_picked(m, x, fx); },
        [&](const upload_progress& x) { on_upload_progress(m, x); },
        [&](const upload_retried& x) { on_upload_retried(m, x, fx); },
        [&](const upload_removed& x) { on_upload_removed(m, x, ctx, fx); },
        [&](const comment_posted& x) { on_comment_posted(m, x, ctx, fx); },
        [&](const file_open_requested& x) { on_open_requested(m, x, fx); },
        [&](const playback_requested& x) { on_playback_requested(m, x, fx); },
        [&](const playback_paused&) { on_paused(m, fx); },
        [&](const playback_seeked& x) { on_seeked(m, x, fx); },
        [&](const playback_rate_changed& x) { on_rate(m, x, fx); },
        [&](const media_reported& x) { on_media(m, x); },
        [&](const stream_chunk& x) { on_stream_chunk(m, x, ctx, fx); },
        [&](const stream_done& x) { on_stream_done(m, x, ctx, fx); },
    }, a);
    if (reminders) reminders_tick(m, ctx, fx);
    return update_result{std::move(m), std::move(fx)};
}

}  // namespace cc
