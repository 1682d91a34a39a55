// host_media.js — media_control effects: one <audio> element plays a call's recording from a
// ticket URL (the server answers Range, so the element seeks). What it does is reported back to
// the core with cc_on_media(file, position, duration, playing, ended, error) on its events
// (timeupdate comes a few times a second while playing): the card draws from those reports.

mergeInto(LibraryManager.library, {
  $cc_media: {
    audio: null,
    file: '',
    report: function(error) {
      var a = cc_media.audio;
      if (!a || !cc_media.file) return;
      var file = allocateUTF8(cc_media.file);
      var why = allocateUTF8(error || '');
      var duration = isFinite(a.duration) ? a.duration : 0;
      try {
        _cc_on_media(file, a.currentTime || 0, duration, a.paused ? 0 : 1, a.ended ? 1 : 0, why);
      } finally {
        _free(file); _free(why);
      }
    },
    element: function() {
      if (cc_media.audio) return cc_media.audio;
      var a = new Audio();
      a.preload = 'metadata';
      ['timeupdate', 'play', 'playing', 'pause', 'loadedmetadata', 'durationchange', 'ended', 'seeked', 'ratechange']
        .forEach(function(ev) { a.addEventListener(ev, function() { cc_media.report(''); }); });
      a.addEventListener('error', function() {
        var code = a.error ? a.error.code : 0;
        cc_media.report('media error ' + code);
      });
      cc_media.audio = a;
      return a;
    },
  },

  // command: 0 load (url, then play at rate `value`), 1 play, 2 pause, 3 seek (seconds), 4 rate,
  // 5 stop (the order of cc::media_control::what).
  cc_js_media__deps: ['$cc_media', 'malloc', 'free'],
  cc_js_media: function(command, url, file_id, value) {
    var a = cc_media.element();
    var file = UTF8ToString(file_id);
    var play = function() {
      var p = a.play();
      if (p && p.catch) p.catch(function(e) { cc_media.report(String(e && e.name || e)); });
    };
    if (command === 0) {
      var u;
      try { u = new URL(UTF8ToString(url), document.baseURI); } catch (e) { return; }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
      cc_media.file = file;
      a.src = u.href;
      a.playbackRate = value > 0 ? value : 1;
      a.defaultPlaybackRate = a.playbackRate;
      play();
      return;
    }
    if (file !== cc_media.file) return;
    if (command === 1) play();
    else if (command === 2) a.pause();
    else if (command === 3) { if (isFinite(value)) a.currentTime = value; }
    else if (command === 4) { a.playbackRate = value; a.defaultPlaybackRate = value; }
    else if (command === 5) { a.pause(); a.removeAttribute('src'); a.load(); cc_media.file = ''; }
  },
});
