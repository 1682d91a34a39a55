// host_storage.js — the store on IDBFS (DESIGN §5): two mounts, each its own IndexedDB
// database, so what the first frame needs is read first:
//   /clientcard       meta.json, index.bin, journal/, conflicts, reminders, uploads (small)
//   /clientcard-base  the base shards NN.json (large; the core calls them shards/NN.json)
// At start the small mount is loaded (syncfs(true) of that mount only) and handed to the core;
// then the base mount is loaded and its shards handed over (cc_on_base_loaded). Writes run
// syncfs(false) on the base mount first, then on the small one: a journal entry is removed from
// IndexedDB only after the shards that contain its op are durable. A write that changed no shard
// (an edit: its journal file and meta.json) syncs the small mount alone: a syncfs of the base
// mount walks every entry of its IndexedDB database with a cursor to compare time stamps, which
// took 0.3-0.6 s in headless Chromium at 2,000 clients with nothing to copy (docs/storage.md).
// C++ (effects_web.cpp) writes and reads the files through the ordinary file API; this file
// only moves MEMFS to and from IndexedDB.
//
// Only the writer tab (host_locks.js) ever runs syncfs(false): a follower's MEMFS is a copy it
// refreshes with syncfs(true) when the writer says it changed files (wasm/tabs_web.cpp).
//
// Emscripten 3.1.6's IDBFS loses IndexedDB errors (its handlers read `this.error` inside arrow
// functions) and never calls back when a transaction aborts (QuotaExceededError at commit). The
// guard below watches each transaction so every syncfs ends with the real error or success.
//
// Index:
//   [SECTION] Sync queue
//   [SECTION] Error guard
//   [SECTION] Start-up load
//   [SECTION] Following the writer
//   [SECTION] Writes and flush
//   [SECTION] Device id

mergeInto(LibraryManager.library, {
  $cc_storage__deps: ['$FS', '$IDBFS', '$cc_activity'],
  $cc_storage: {
    root: '/clientcard',
    base_root: '/clientcard-base',
    mount: null,         // the IDBFS mount objects (IDBFS.syncfs works on one)
    base_mount: null,
    base_loaded: false,  // the base mount was read: only then may it be written (syncfs(false)
                         // of a mount not yet read would delete its files from IndexedDB)
    mounted: false,
    writer: false,       // this tab holds the writer lock: only then is anything written
    available: true,     // IndexedDB exists (it may still fail)
    syncing: false,
    dirty: false,        // MEMFS holds changes IndexedDB does not have yet
    next: null,          // callbacks waiting for the next syncfs(false)
    error: null,         // first IndexedDB error seen during the running sync
    finish: null,        // ends the running sync (once)

    // [SECTION] Sync queue -----------------------------------------------------------------------
    // One syncfs(false) at a time; requests arriving meanwhile share the next one (IDBFS has
    // no locking, two overlapping syncs could undo each other).
    // base: the write changed files of the base mount. Every sync includes that mount from then
    // until one that included it succeeded (base_dirty).
    sync: function(callback, base) {
      cc_storage.dirty = true;
      if (base) cc_storage.base_dirty = true;
      if (cc_storage.syncing) {
        (cc_storage.next = cc_storage.next || []).push(callback);
        return;
      }
      cc_storage.run([callback]);
    },
    base_dirty: false,
    // The last syncfs(false): when it started and ended (performance.now()), how long its base
    // mount part took (-1: skipped). Handed to the host with the answer (status(), npm run bench).
    last_run: { started: 0, ended: 0, base_ms: -1 },
    run: function(callbacks) {
      cc_storage.syncing = true;
      cc_storage.dirty = false;
      cc_storage.error = null;
      cc_activity.writes++;
      cc_storage.last_run = { started: performance.now(), ended: 0, base_ms: -1 };
      // Taken by this run; a failed run gives it back (the base may not be durable). Before the
      // base mount was read it is never written (see write_mounts): the flag waits.
      var base = cc_storage.base_dirty && cc_storage.base_loaded;
      if (base) cc_storage.base_dirty = false;
      var done = false;
      var finish = function(err) {
        if (done) return;
        done = true;
        err = err || cc_storage.error;
        if (err) cc_storage.dirty = true;
        if (err && base) cc_storage.base_dirty = true;
        if (err) cc_storage.remote_sets = {};
        cc_storage.last_run.ended = performance.now();
        cc_storage.syncing = false;
        cc_storage.finish = null;
        callbacks.forEach(function(cb) { cb(err); });
        var next = cc_storage.next;
        cc_storage.next = null;
        if (next) cc_storage.run(next);
        cc_activity.writes--;
        cc_activity.settle();
      };
      cc_storage.finish = finish;
      // Without IndexedDB, IDBFS would assert (and abort the module): fail the write instead.
      if (!cc_storage.available) { setTimeout(function() { finish(new Error('no IndexedDB')); }, 0); return; }
      try {
        cc_storage.write_mounts(base, finish);
      } catch (e) {
        finish(e);
      }
    },
    // The base mount first when the write changed it, then the small one (meta, index,
    // journal): see the header.
    write_mounts: function(base, done) {
      var small = function() { cc_storage.store_mount(cc_storage.mount, done); };
      if (!base) { small(); return; }
      var base_started = performance.now();
      cc_storage.store_mount(cc_storage.base_mount, function(err) {
        cc_storage.last_run.base_ms = performance.now() - base_started;
        if (err) { done(err); return; }
        small();
      });
    },
    // IDBFS.syncfs(mount, false) without its walk of IndexedDB: what this tab last stored (or
    // read) there is known, so only the remote set of the first write is read from IndexedDB
    // (getRemoteSet: a cursor over every entry, one task per entry). While the card draws, each
    // of those tasks waits behind a frame; an edit's sync took 0.45-0.8 s that way, with one or
    // two files to store. IDBFS's own reconcile then stores what differs, in one transaction.
    // The sets are forgotten when a sync fails and when this tab becomes (or stops being) the
    // writer: another tab may have written since.
    remote_sets: {},
    store_mount: function(mount, done) {
      var point = mount.mountpoint;
      IDBFS.getLocalSet(mount, function(err, local) {
        if (err) { done(err); return; }
        var reconcile = function(remote) {
          IDBFS.reconcile(local, remote, function(err) {
            if (err) { delete cc_storage.remote_sets[point]; done(err); return; }
            cc_storage.remote_sets[point] = local.entries;
            done(null);
          });
        };
        var known = cc_storage.remote_sets[point];
        if (known) {
          IDBFS.getDB(point, function(err, db) {
            if (err) { done(err); return; }
            reconcile({ type: 'remote', db: db, entries: known });
          });
        } else {
          IDBFS.getRemoteSet(mount, function(err, remote) {
            if (err) { done(err); return; }
            reconcile(remote);
          });
        }
      });
    },
    is_quota: function(err) {
      return !!err && (err.name === 'QuotaExceededError' || err.code === 22 ||
                       /quota/i.test(String(err.message || err)));
    },

    // [SECTION] Error guard ----------------------------------------------------------------------
    guard: function() {
      var open = IDBFS.getDB;
      IDBFS.getDB = function(name, callback) {
        open(name, function(err, db) {
          if (!err && !db) err = new Error('IndexedDB could not be opened');
          if (db && !db.cc_guarded) {
            db.cc_guarded = true;
            var transaction = db.transaction;
            db.transaction = function() {
              var tx = transaction.apply(db, arguments);
              // Request errors bubble here even when IDBFS swallows them.
              tx.addEventListener('error', function(e) {
                var error = e.target && e.target.error;
                if (error && !cc_storage.error) cc_storage.error = error;
              });
              // An aborted transaction never completes: end the sync with its error.
              tx.addEventListener('abort', function() {
                var error = tx.error || cc_storage.error || new Error('IndexedDB transaction aborted');
                if (!cc_storage.error) cc_storage.error = error;
                if (cc_storage.finish) cc_storage.finish(error);
                if (cc_storage.loading) cc_storage.loading(error);
              });
              return tx;
            };
          }
          callback(err, db);
        });
      };
    },
    loading: null,

    // The answer of one read from IndexedDB, run once (a request error may be followed by the
    // transaction's abort): `then(err)` tells C++, then the activity count drops and idle()
    // waiters are released.
    load_once: function(then) {
      cc_activity.loading++;
      var answered = false;
      return function(err) {
        if (answered) return;
        answered = true;
        cc_storage.loading = null;
        then(err);
        cc_activity.loading--;
        cc_activity.settle();
      };
    },
    // One syncfs(true) of `mount` (null: every mount), ending in `answer`.
    populate: function(mount, answer) {
      if (!cc_storage.mounted || !cc_storage.available) { setTimeout(function() { answer(new Error('no IndexedDB')); }, 0); return; }
      cc_storage.loading = answer;
      try {
        if (mount) IDBFS.syncfs(mount, true, answer);
        else FS.syncfs(true, answer);
      } catch (e) {
        answer(e);
      }
    },
  },

  // [SECTION] Start-up load ----------------------------------------------------------------------
  // Answers cc_on_storage_loaded(ok) once: ok = 0 when IndexedDB is missing or broken (private
  // modes, blocked storage); the card then works from memory and reports the first failed write.
  cc_js_storage_start__deps: ['$cc_storage', '$cc_activity'],
  cc_js_storage_start: function() {
    var answer = cc_storage.load_once(function(err) {
      if (err) {
        cc_storage.dirty = true;
        if (typeof console !== 'undefined') console.warn('clientcard: local storage unavailable:', err);
      }
      _cc_on_storage_loaded(err ? 0 : 1);
    });
    try {
      try { FS.mkdir(cc_storage.root); } catch (e) { /* exists */ }
      try { FS.mkdir(cc_storage.base_root); } catch (e) { /* exists */ }
      cc_storage.mount = FS.mount(IDBFS, {}, cc_storage.root).mount;
      cc_storage.base_mount = FS.mount(IDBFS, {}, cc_storage.base_root).mount;
      cc_storage.mounted = true;
      cc_storage.guard();
      var idb = typeof indexedDB !== 'undefined' ? indexedDB : null;
      if (!idb) { cc_storage.available = false; answer(new Error('no IndexedDB')); return; }
      cc_storage.loading = answer;
      IDBFS.syncfs(cc_storage.mount, true, answer);
      // The base mount is read after the small one is handed to the core, but its database is
      // opened now, side by side: opening (creating, on a first visit) takes 100 ms or more, and
      // IDBFS keeps the open database for the read. An error here is the read's to report.
      IDBFS.getDB(cc_storage.base_mount.mountpoint, function() {});
    } catch (e) {
      answer(e);
    }

    // Flush on the way out: pagehide (tab closed, navigated away, bfcache) and hidden tabs.
    var flush = function() {
      if (cc_storage.writer && cc_storage.mounted && !cc_storage.syncing && cc_storage.dirty) cc_storage.run([]);
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', function() {
      if (document.visibilityState === 'hidden') flush();
    });
  },

  // The base mount (the shards), after the small one was handed to the core. Answers
  // cc_on_base_loaded(ok) once.
  cc_js_storage_load_base__deps: ['$cc_storage', '$cc_activity'],
  cc_js_storage_load_base: function() {
    cc_storage.populate(cc_storage.base_mount, cc_storage.load_once(function(err) {
      if (!err) cc_storage.base_loaded = true;
      else if (typeof console !== 'undefined') console.warn('clientcard: reading the base shards failed:', err);
      _cc_on_base_loaded(err ? 0 : 1);
    }));
  },

  // [SECTION] Following the writer ---------------------------------------------------------------
  // One syncfs(true): IndexedDB -> MEMFS (IDBFS copies entries whose time stamp differs and
  // drops the ones IndexedDB no longer has). C++ runs one at a time. Answers
  // cc_on_storage_refreshed(ok).
  cc_js_storage_refresh__deps: ['$cc_storage', '$cc_activity'],
  cc_js_storage_refresh: function() {
    cc_storage.populate(null, cc_storage.load_once(function(err) {
      if (err) console.warn('clientcard: reading the local store failed:', err);
      _cc_on_storage_refreshed(err ? 0 : 1);
    }));
  },

  // The writer lock is ours (at start or on taking over): writes and flushes may run.
  cc_js_storage_set_writer__deps: ['$cc_storage'],
  cc_js_storage_set_writer: function(on) {
    if (cc_storage.writer !== !!on) cc_storage.remote_sets = {};
    cc_storage.writer = !!on;
  },

  // [SECTION] Writes and flush -------------------------------------------------------------------
  // C++ has written and removed files in MEMFS; one syncfs(false) makes them durable.
  cc_js_storage_sync__deps: ['$cc_storage'],
  // base: the write put or removed files of the base mount (the shards).
  cc_js_storage_sync: function(base) {
    cc_storage.sync(function(err) {
      var run = cc_storage.last_run;
      _cc_on_storage_synced(err ? 0 : 1, cc_storage.is_quota(err) ? 1 : 0, run.ended - run.started, run.base_ms);
    }, !!base);
  },

  // [SECTION] Device id --------------------------------------------------------------------------
  cc_js_new_device_id__deps: [],
  cc_js_new_device_id: function() {
    var id;
    if (typeof crypto !== 'undefined' && crypto.randomUUID) {
      id = crypto.randomUUID();
    } else {  // not a secure context: a version 4 UUID by hand
      var b = new Uint8Array(16);
      crypto.getRandomValues(b);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      var h = Array.prototype.map.call(b, function(x) { return (x + 0x100).toString(16).slice(1); }).join('');
      id = h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }
    return allocateUTF8(id);
  },
});
