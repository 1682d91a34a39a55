// host_input.js — browser input for the ImGui platform backend (wasm/platform_web.cpp).
//
// Pointer and wheel events come from the canvas in CSS pixels. Special keys (Tab, arrows,
// Home/End, PageUp/Down, Delete, Backspace, Enter, Escape, Ctrl/Cmd + A C V X Y Z) go in as key
// presses. Text goes in only through a hidden <textarea>, focused while ImGui wants text: its
// `input` events carry what keyboards of any layout, IMEs, paste and Playwright's
// keyboard.type/insertText produce. The canvas follows its container (ResizeObserver) with a
// backing store of CSS size × devicePixelRatio.
//
// Index:
//   [SECTION] Key table
//   [SECTION] Attach (listeners, textarea, resize)
//   [SECTION] Focus, caret position, cursor, clipboard, platform

mergeInto(LibraryManager.library, {
  $cc_input: {
    canvas: null,
    sink: null,            // the hidden textarea
    want_text: false,
    keyboard_captured: false,  // ImGui wanted the keyboard in the last frame
    composing: false,
    copy_text: null,       // text ImGui copied during the current Ctrl+C / Ctrl+X
    css_w: 0, css_h: 0, px_w: 0, px_h: 0, dpr: 0,

    // [SECTION] Key table ------------------------------------------------------------------------
    // KeyboardEvent.key -> the host's key index (see key_index in platform_web.cpp).
    keys: {
      'Backspace': 8, 'Tab': 9, 'Enter': 13, 'Escape': 27, 'PageUp': 33, 'PageDown': 34,
      'End': 35, 'Home': 36, 'ArrowLeft': 37, 'ArrowUp': 38, 'ArrowRight': 39, 'ArrowDown': 40,
      'Insert': 45, 'Delete': 46,
    },
    // Letters by KeyboardEvent.code, so Ctrl+C is Ctrl+C on a Russian layout too.
    letters: { 'KeyA': 65, 'KeyC': 67, 'KeyV': 86, 'KeyX': 88, 'KeyY': 89, 'KeyZ': 90 },

    mods: function(e) {
      return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    },
    is_modifier: function(key) {
      return key === 'Control' || key === 'Shift' || key === 'Alt' || key === 'Meta' || key === 'AltGraph';
    },
    // CSS pixels relative to the canvas.
    point: function(e) {
      var r = cc_input.canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    },
    send_text: function(text) {
      if (!text) return;
      var ptr = allocateUTF8(text);
      _cc_on_text(ptr);
      _free(ptr);
    },
    flush_sink: function() {
      var sink = cc_input.sink;
      var text = sink.value;
      if (!text) return;
      sink.value = '';
      cc_input.send_text(text);
    },

    on_key: function(e, down) {
      var mods = cc_input.mods(e);
      if (cc_input.is_modifier(e.key)) { _cc_on_key(0, down ? 1 : 0, mods); return; }
      var shortcut = e.ctrlKey || e.metaKey;
      var letter = cc_input.letters[e.code];
      var code = cc_input.keys[e.key] || (e.key === 'Enter' || e.code === 'NumpadEnter' ? 13 : 0);
      if (!code && letter && (shortcut || !down)) code = letter;  // a release always goes in
      // With no widget active, Tab is the page's: keyboard users can leave an embedded card.
      if (code === 9 && down && !cc_input.keyboard_captured) return;
      if (!code) {
        // Text comes via the textarea's `input`. A key that reached the canvas instead (the
        // textarea was not focused yet) still types its character.
        if (down && e.target === cc_input.canvas && e.key && e.key.length === 1 && !shortcut && !e.altKey) {
          e.preventDefault();
          cc_input.send_text(e.key);
        }
        return;
      }
      if (down && e.repeat) _cc_on_key(code, 0, mods);            // auto-repeat: a fresh press
      _cc_on_key(code, down ? 1 : 0, mods);
      var clipboard = shortcut && (code === 67 || code === 88 || code === 86);
      // Copy, cut and paste keep their default: the browser then fires copy/cut (filled from
      // ImGui below) or pastes into the textarea. Everything else is ImGui's alone (no focus
      // moves on Tab, no page scrolling on arrows, no textarea undo).
      if (!clipboard) e.preventDefault();
      if (down && shortcut && (code === 67 || code === 88)) {
        cc_input.copy_text = null;  // only what ImGui copies now
        _cc_frame_now();
      }
    },
  },

  // [SECTION] Attach (listeners, textarea, resize) ----------------------------------------------
  cc_js_input_attach__deps: ['$cc_input', 'free'],
  cc_js_input_attach: function() {
    var canvas = Module['canvas'];
    cc_input.canvas = canvas;
    canvas.tabIndex = 0;
    canvas.classList.add('cc-canvas');

    var sink = document.createElement('textarea');
    sink.className = 'cc-text-sink';
    sink.setAttribute('autocomplete', 'off');
    sink.setAttribute('autocorrect', 'off');
    sink.setAttribute('autocapitalize', 'off');
    sink.setAttribute('spellcheck', 'false');
    sink.setAttribute('aria-hidden', 'true');
    sink.tabIndex = -1;
    (canvas.parentElement || document.body).appendChild(sink);
    cc_input.sink = sink;

    // Pointer (mouse, pen, touch). ImGui numbers buttons left 0, right 1, middle 2.
    var button_of = function(e) { return e.button === 2 ? 1 : e.button === 1 ? 2 : e.button; };
    canvas.addEventListener('pointermove', function(e) {
      var p = cc_input.point(e);
      _cc_on_mouse_move(p[0], p[1], cc_input.mods(e));
    });
    canvas.addEventListener('pointerdown', function(e) {
      var p = cc_input.point(e);
      if (canvas.setPointerCapture) { try { canvas.setPointerCapture(e.pointerId); } catch (err) {} }
      _cc_on_mouse_button(button_of(e), 1, p[0], p[1], cc_input.mods(e));
      // Draw the press now: a text field it activates gets the textarea focused before the
      // next key arrives (tests type right after clicking, without waiting for a frame).
      _cc_frame_now();
      if (document.activeElement !== sink) canvas.focus({ preventScroll: true });
    });
    // The browser's own focus change on mousedown would take the focus from the textarea.
    canvas.addEventListener('mousedown', function(e) { e.preventDefault(); });
    var up = function(e) {
      var p = cc_input.point(e);
      _cc_on_mouse_button(button_of(e), 0, p[0], p[1], cc_input.mods(e));
    };
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    canvas.addEventListener('pointerleave', function(e) { if (!e.buttons) _cc_on_mouse_leave(); });
    canvas.addEventListener('contextmenu', function(e) { e.preventDefault(); });
    canvas.addEventListener('wheel', function(e) {
      e.preventDefault();
      // ImGui: one unit scrolls about five lines; browsers report pixels, lines or pages.
      var unit = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 3 : 1 / 100;
      _cc_on_wheel(-e.deltaX * unit, -e.deltaY * unit);
    }, { passive: false });

    // Keys reach whichever of canvas and textarea has focus.
    [canvas, sink].forEach(function(el) {
      el.addEventListener('keydown', function(e) { cc_input.on_key(e, true); });
      el.addEventListener('keyup', function(e) { cc_input.on_key(e, false); });
    });

    // Text: typed characters, IME results, paste, Playwright's insertText.
    sink.addEventListener('compositionstart', function() { cc_input.composing = true; });
    sink.addEventListener('compositionend', function() { cc_input.composing = false; cc_input.flush_sink(); });
    sink.addEventListener('input', function(e) {
      if (cc_input.composing || e.isComposing) return;  // the IME is still choosing
      cc_input.flush_sink();
    });
    var fill_clipboard = function(e) {
      if (cc_input.copy_text === null) return;
      e.clipboardData.setData('text/plain', cc_input.copy_text);
      cc_input.copy_text = null;
      e.preventDefault();
    };
    [canvas, sink].forEach(function(el) {
      el.addEventListener('copy', fill_clipboard);
      el.addEventListener('cut', fill_clipboard);
    });

    window.addEventListener('blur', function() { _cc_on_focus(0); });
    window.addEventListener('focus', function() { _cc_on_focus(1); });

    // Size: the canvas fills its container (CSS); its backing store is CSS size × dpr.
    var resize = function() {
      var r = canvas.getBoundingClientRect();
      var dpr = window.devicePixelRatio || 1;
      var px_w = Math.max(1, Math.round(r.width * dpr)), px_h = Math.max(1, Math.round(r.height * dpr));
      if (r.width === cc_input.css_w && r.height === cc_input.css_h && dpr === cc_input.dpr &&
          px_w === cc_input.px_w && px_h === cc_input.px_h) return;
      cc_input.css_w = r.width; cc_input.css_h = r.height; cc_input.dpr = dpr;
      cc_input.px_w = px_w; cc_input.px_h = px_h;
      canvas.width = px_w;
      canvas.height = px_h;
      _cc_on_resize(r.width, r.height, px_w, px_h, dpr);
      _cc_frame_now();  // the resized canvas is blank: fill it before the browser paints
    };
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(resize).observe(canvas);
    else window.addEventListener('resize', resize);
    // Zoom or a move to another screen changes devicePixelRatio without resizing anything.
    var watch_density = function() {
      if (!window.matchMedia) return;
      var query = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
      var changed = function() { query.removeEventListener('change', changed); resize(); watch_density(); };
      query.addEventListener('change', changed);
    };
    watch_density();
    resize();
  },

  // [SECTION] Focus, caret position, cursor, clipboard, platform --------------------------------
  // want: 1 focus the textarea, 0 release it, -1 only move it to (x, y) (the caret, for IMEs).
  cc_js_text_focus__deps: ['$cc_input'],
  cc_js_text_focus: function(want, x, y) {
    var sink = cc_input.sink;
    if (!sink) return;
    if (want < 0) {
      sink.style.left = Math.round(x) + 'px';
      sink.style.top = Math.round(y) + 'px';
      return;
    }
    var active = document.activeElement;
    if (want) {
      if (active !== sink) sink.focus({ preventScroll: true });
    } else if (active === sink) {
      cc_input.canvas.focus({ preventScroll: true });  // keys keep coming (Tab, Escape)
    }
    cc_input.want_text = !!want;
  },

  cc_js_set_keyboard_capture__deps: ['$cc_input'],
  cc_js_set_keyboard_capture: function(captured) { cc_input.keyboard_captured = !!captured; },

  cc_js_set_cursor__deps: ['$cc_input'],
  cc_js_set_cursor: function(cursor) {
    var names = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize',
                 'pointer', 'not-allowed'];
    if (cc_input.canvas) cc_input.canvas.style.cursor = cursor < 0 ? 'none' : (names[cursor] || 'default');
  },

  // ImGui copied text (Ctrl+C / Ctrl+X, or a copy button). The copy event that follows a key
  // press takes it; otherwise the asynchronous clipboard API is tried (best effort).
  cc_js_clipboard_set__deps: ['$cc_input'],
  cc_js_clipboard_set: function(text) {
    var s = UTF8ToString(text);
    cc_input.copy_text = s;
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function() {});
    } catch (err) {}
  },

  cc_js_is_mac: function() {
    var p = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || '';
    return /mac|iphone|ipad/i.test(p) ? 1 : 0;
  },
});
