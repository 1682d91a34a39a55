// host_channel.js — the BroadcastChannel 'clientcard' between the tabs and cards of one origin
// (DESIGN §4): the writer says which files it changed, followers forward their edits to it and
// it answers them. C++ (wasm/tabs_web.cpp) makes and reads the messages (docs/sync.md); this file
// only carries them, as plain objects, and tells idle() about forwarded edits still unanswered.

mergeInto(LibraryManager.library, {
  $cc_channel__deps: ['$cc_activity'],
  $cc_channel: {
    name: 'clientcard',
    port: null,
    // A forwarded edit counts as work under way until it is answered, but for at most this
    // long: with no writer to answer (it is closing) idle() must not hang.
    forward_busy_ms: 5000,
    busy_timer: 0,
  },

  // Returns 0 when the browser has no BroadcastChannel (the card then works alone).
  cc_js_channel_open__deps: ['$cc_channel', '$cc_activity', 'malloc', 'free'],
  cc_js_channel_open: function() {
    if (typeof BroadcastChannel === 'undefined') return 0;
    try {
      cc_channel.port = new BroadcastChannel(cc_channel.name);
    } catch (e) {
      console.warn('clientcard: no BroadcastChannel:', e);
      return 0;
    }
    cc_channel.port.onmessage = function(e) {
      var data = e.data;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
      var text;
      try { text = JSON.stringify(data); } catch (err) { return; }
      var ptr = allocateUTF8(text);
      try {
        _cc_on_channel_message(ptr);
      } finally {
        _free(ptr);
        cc_activity.settle();
      }
    };
    window.addEventListener('pagehide', function(e) {
      if (!e.persisted && cc_channel.port) { cc_channel.port.close(); cc_channel.port = null; }
    });
    return 1;
  },

  // `json` is one message as C++ wrote it; other tabs receive it as an object.
  cc_js_channel_post__deps: ['$cc_channel'],
  cc_js_channel_post: function(json) {
    if (!cc_channel.port) return;
    try {
      cc_channel.port.postMessage(JSON.parse(UTF8ToString(json)));
    } catch (e) {
      console.warn('clientcard: a message to the other tabs was not sent:', e);
    }
  },

  // The number of this tab's forwarded edits the writer has not answered yet.
  cc_js_channel_unanswered__deps: ['$cc_channel', '$cc_activity'],
  cc_js_channel_unanswered: function(count) {
    var before = cc_activity.forwards;
    cc_activity.forwards = count;
    if (count > before) {
      cc_activity.forwards_until = Date.now() + cc_channel.forward_busy_ms;
      clearTimeout(cc_channel.busy_timer);
      cc_channel.busy_timer = setTimeout(function() { cc_activity.settle(); }, cc_channel.forward_busy_ms + 10);
    }
    cc_activity.settle();
  },
});
