// host_frames.js — frames on demand and the host's JavaScript API (window.clientcard).
//
// Frames are drawn from requestAnimationFrame only when C++ asks (input, resize, effect
// result, action); nothing runs while the card is idle. `cc_activity` counts what is still
// under way (a frame, a write, requests, loading from IndexedDB, forwarded edits waiting for the
// writer's answer) so tests can await idle(). A long poll is always waiting on the server while
// the card is online: it is not counted (host_fetch.js).
//
// Index:
//   [SECTION] Activity and idle
//   [SECTION] Frame requests
//   [SECTION] Page configuration
//   [SECTION] The API object (Module.ccHost)

mergeInto(LibraryManager.library, {
  // [SECTION] Activity and idle ------------------------------------------------------------------
  $cc_activity: {
    raf: 0,        // requestAnimationFrame handle, 0 when no frame is pending
    writes: 0,     // syncfs(false) runs in flight
    fetches: 0,    // requests without an answer yet (long polls excluded)
    loading: 0,    // the writer election, a syncfs(true) (start-up, following the writer)
    forwards: 0,   // this tab's edits forwarded to the writer tab, not answered yet
    forwards_until: 0,  // ... counted until then (ms since the epoch), see host_channel.js
    waiters: [],
    busy: function() {
      return cc_activity.raf !== 0 || cc_activity.writes > 0 || cc_activity.fetches > 0 || cc_activity.loading > 0 ||
             (cc_activity.forwards > 0 && Date.now() < cc_activity.forwards_until);
    },
    // Called after anything finished; resolves idle() promises once nothing is left.
    settle: function() {
      if (cc_activity.busy() || cc_activity.waiters.length === 0) return;
      var waiting = cc_activity.waiters;
      cc_activity.waiters = [];
      waiting.forEach(function(resolve) { resolve(); });
    },
    when_idle: function() {
      return new Promise(function(resolve) {
        cc_activity.waiters.push(resolve);
        cc_activity.settle();
      });
    },
  },

  // [SECTION] Frame requests ---------------------------------------------------------------------
  cc_js_request_animation_frame__deps: ['$cc_activity'],
  cc_js_request_animation_frame: function() {
    if (cc_activity.raf) return;
    cc_activity.raf = requestAnimationFrame(function() {
      cc_activity.raf = 0;
      _cc_frame();            // may ask for the next frame while ImGui settles
      cc_activity.settle();
    });
  },

  // [SECTION] Page configuration -----------------------------------------------------------------
  // Module.ccConfig is set by web/loader.js (data-server, ?server=, ...). Returns a malloc'ed
  // string the caller frees, or 0.
  cc_js_config__deps: [],
  cc_js_config: function(key) {
    var config = Module['ccConfig'] || {};
    var value = config[UTF8ToString(key)];
    if (value === undefined || value === null) return 0;
    return allocateUTF8(String(value));
  },

  // [SECTION] The API object (Module.ccHost) -----------------------------------------------------
  // Installed by main() before the first frame; see docs/embedding.md.
  cc_js_install_api__deps: ['$cc_activity', 'malloc', 'free'],
  cc_js_install_api: function() {
    Module['ccHost'] = {
      // The semantic tree of the last frame (docs/semantic-tree.md).
      'tree': function() { return JSON.parse(UTF8ToString(_cc_semantic_tree())); },
      // Frames drawn since start: stays put while the card is idle.
      'frames': function() { return _cc_frames(); },
      // {loaded, saving, saved_seq, pending, ...} from the host.
      'status': function() { return JSON.parse(UTF8ToString(_cc_status())); },
      // Resolves when no frame is pending, no write is in flight, no request is outstanding.
      'idle': function() { return cc_activity.when_idle(); },
      // Sign in with a bearer token: the core learns it (token_entered) and hands it to the
      // network layer (set_token). Kept in memory only (DESIGN §7).
      'setToken': function(token) {
        var ptr = allocateUTF8(token ? String(token) : '');
        try { _cc_set_token(ptr); } finally { _free(ptr); }
      },
    };
  },
});
