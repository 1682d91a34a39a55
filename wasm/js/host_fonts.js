// host_fonts.js — the card's text glyphs drawn by the browser (Canvas 2D fillText) for Dear
// ImGui's font atlas (wasm/platform_web.cpp, build_fonts), so the module carries no text font.
// The face is the container's computed font-family (web/app.css gives the default stack; an
// embedding page may set its own, docs/embedding.md "Font").
//
//   cc_js_fonts_measure  the font size for ImGui's pixel height, the font's ascent/descent and
//                        each code point's advance and ink box
//   cc_js_fonts_draw     every glyph drawn on one scratch canvas, read back with one
//                        getImageData, each glyph's alpha copied into the atlas rectangle
//
// A web font the page has not loaded yet is drawn with a fallback first; once it has loaded the
// module is told (cc_on_fonts_loaded) and builds the atlas again.

mergeInto(LibraryManager.library, {
  $cc_fonts: { canvas: null, ctx: null, font: '', waiting: {} },

  $cc_fonts_context__deps: ['$cc_fonts'],
  $cc_fonts_context: function(w, h) {
    if (!cc_fonts.canvas) {
      cc_fonts.canvas = document.createElement('canvas');
      // One read per build: keep the canvas in memory rather than on the GPU.
      cc_fonts.ctx = cc_fonts.canvas.getContext('2d', { willReadFrequently: true });
    }
    var ctx = cc_fonts.ctx;
    if (!ctx) return null;
    if (cc_fonts.canvas.width !== w || cc_fonts.canvas.height !== h) {
      cc_fonts.canvas.width = w;   // resizing resets the context's state
      cc_fonts.canvas.height = h;
    } else {
      ctx.clearRect(0, 0, w, h);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = '#fff';
    return ctx;
  },

  $cc_fonts_family: function() {
    var canvas = Module['canvas'];
    var el = canvas && canvas.parentElement ? canvas.parentElement : canvas;
    var family = '';
    try { family = el ? getComputedStyle(el).fontFamily : ''; } catch (e) {}
    return family || 'sans-serif';
  },

  // pixel_height: ImGui's font size (ascent + descent, as stb_truetype's ScaleForPixelHeight).
  // codepoints: int32[count]. out: float32[2 + 5 * count] = ascent, descent (both positive, in
  // pixels), then per code point advance, ink left, right, ascent, descent from the pen on the
  // baseline (actualBoundingBox*). Returns 0 when the browser has no Canvas 2D.
  cc_js_fonts_measure__deps: ['$cc_fonts', '$cc_fonts_context', '$cc_fonts_family'],
  cc_js_fonts_measure: function(pixel_height, codepoints, count, out) {
    var ctx = cc_fonts_context(1, 1);
    if (!ctx) return 0;
    var family = cc_fonts_family();
    ctx.font = '100px ' + family;
    var m = ctx.measureText('Hg');
    var asc = m.fontBoundingBoxAscent, desc = m.fontBoundingBoxDescent;
    if (!(asc > 0) || !(desc >= 0)) {  // a browser without fontBoundingBox*: CSS's normal line
      asc = 93; desc = 25;
    }
    var size = pixel_height * 100 / (asc + desc);
    cc_fonts.font = size + 'px ' + family;
    ctx.font = cc_fonts.font;
    var f = out >> 2;
    HEAPF32[f] = asc * size / 100;
    HEAPF32[f + 1] = desc * size / 100;
    f += 2;
    var cp = codepoints >> 2;
    for (var i = 0; i < count; i++, f += 5) {
      var g = ctx.measureText(String.fromCodePoint(HEAP32[cp + i]));
      HEAPF32[f] = g.width;
      HEAPF32[f + 1] = g.actualBoundingBoxLeft;
      HEAPF32[f + 2] = g.actualBoundingBoxRight;
      HEAPF32[f + 3] = g.actualBoundingBoxAscent;
      HEAPF32[f + 4] = g.actualBoundingBoxDescent;
    }
    // A web font still loading: build again once it is there (the fallback is drawn meanwhile).
    var fonts = document.fonts;
    if (fonts && !cc_fonts.waiting[family] && !fonts.check(cc_fonts.font)) {
      cc_fonts.waiting[family] = true;
      fonts.load(cc_fonts.font).then(function(faces) {
        if (faces && faces.length) _cc_on_fonts_loaded();
      }, function() {});
    }
    return 1;
  },

  // atlas: ImFontAtlas::TexPixelsAlpha8, atlas_w wide. glyphs: int32[7 * count] = code point,
  // rectangle x, y, w, h in the atlas, pen x, y inside the rectangle (on the baseline).
  cc_js_fonts_draw__deps: ['$cc_fonts', '$cc_fonts_context'],
  cc_js_fonts_draw: function(atlas, atlas_w, glyphs, count) {
    if (count <= 0) return;
    var g = glyphs >> 2, i, k;
    var x0 = 1e9, y0 = 1e9, x1 = 0, y1 = 0;
    for (i = 0, k = g; i < count; i++, k += 7) {
      x0 = Math.min(x0, HEAP32[k + 1]);
      y0 = Math.min(y0, HEAP32[k + 2]);
      x1 = Math.max(x1, HEAP32[k + 1] + HEAP32[k + 3]);
      y1 = Math.max(y1, HEAP32[k + 2] + HEAP32[k + 4]);
    }
    var w = x1 - x0, h = y1 - y0;
    var ctx = cc_fonts_context(w, h);
    if (!ctx) return;
    ctx.font = cc_fonts.font;
    for (i = 0, k = g; i < count; i++, k += 7)
      ctx.fillText(String.fromCodePoint(HEAP32[k]), HEAP32[k + 1] - x0 + HEAP32[k + 5],
                   HEAP32[k + 2] - y0 + HEAP32[k + 6]);
    // RGBA bytes read as little-endian words: the top byte is the alpha of the white ink.
    var px = new Uint32Array(ctx.getImageData(0, 0, w, h).data.buffer);
    for (i = 0, k = g; i < count; i++, k += 7) {
      var rx = HEAP32[k + 1], ry = HEAP32[k + 2], rw = HEAP32[k + 3], rh = HEAP32[k + 4];
      for (var y = 0; y < rh; y++) {
        var src = (ry - y0 + y) * w + (rx - x0);
        var dst = atlas + (ry + y) * atlas_w + rx;
        for (var x = 0; x < rw; x++) HEAPU8[dst + x] = px[src + x] >>> 24;
      }
    }
    cc_fonts.canvas.width = cc_fonts.canvas.height = 0;  // its pixels are not needed until a rebuild
  },
});
