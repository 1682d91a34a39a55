// host_locks.js — the writer election (DESIGN §4): of all tabs and embedded cards of one origin,
// only the holder of the Web Lock 'clientcard-writer' writes IndexedDB and talks to the server;
// the others follow it (wasm/tabs_web.cpp, docs/sync.md). IDBFS has no locking of its own, so two
// writers would delete each other's files.
//
// The lock is held until the page goes away (the browser releases it when the document is
// unloaded or the tab crashes); then the longest waiting tab gets it and takes over.
//
// Answers: cc_on_writer_decided(granted) once after cc_js_writer_try(); cc_on_writer_granted()
// when a lock waited for with cc_js_writer_wait() is granted.

mergeInto(LibraryManager.library, {
  $cc_locks: {
    // One lock per store: the IDBFS database is named after the mount point (/clientcard).
    name: 'clientcard-writer',
    held: false,
    waiting: false,
    available: function() {
      return typeof navigator !== 'undefined' && !!navigator.locks && typeof navigator.locks.request === 'function';
    },
    // The callback's promise never settles: the lock stays ours for the page's lifetime.
    hold: function(lock) {
      cc_locks.held = true;
      return new Promise(function() {});
    },
  },

  // Takes the lock if nobody holds it. Without Web Locks (old browsers, some sandboxed frames)
  // this card acts as the writer, as a lone card always did.
  cc_js_writer_try__deps: ['$cc_locks', '$cc_activity'],
  cc_js_writer_try: function() {
    cc_activity.loading++;
    var answered = false;
    var answer = function(granted) {
      if (answered) return;
      answered = true;
      _cc_on_writer_decided(granted ? 1 : 0);
      cc_activity.loading--;
      cc_activity.settle();
    };
    if (!cc_locks.available()) { setTimeout(function() { answer(true); }, 0); return; }
    try {
      navigator.locks.request(cc_locks.name, { ifAvailable: true }, function(lock) {
        if (!lock) { answer(false); return null; }
        answer(true);
        return cc_locks.hold(lock);
      }).catch(function(err) {
        console.warn('clientcard: Web Locks failed, acting as the writer:', err);
        answer(true);
      });
    } catch (err) {
      console.warn('clientcard: Web Locks failed, acting as the writer:', err);
      setTimeout(function() { answer(true); }, 0);
    }
  },

  // Queues for the lock; granted when every holder before us has gone.
  cc_js_writer_wait__deps: ['$cc_locks'],
  cc_js_writer_wait: function() {
    if (cc_locks.waiting || cc_locks.held || !cc_locks.available()) return;
    cc_locks.waiting = true;
    navigator.locks.request(cc_locks.name, function(lock) {
      cc_locks.waiting = false;
      _cc_on_writer_granted();
      return cc_locks.hold(lock);
    }).catch(function(err) {
      cc_locks.waiting = false;
      console.warn('clientcard: waiting for the writer lock failed:', err);
    });
  },
});
