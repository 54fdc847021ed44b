// mpi-view's page: a canvas timeline (one lane per rank and thread) fed by tiles from the server, or, in an
// exported file, computed here from the embedded arrays. Text from the trace only ever reaches the page through
// textContent or canvas fillText, never as markup.
'use strict';

(() => {
  const config = JSON.parse(document.getElementById('mpiview-config').textContent);
  const FAMILY_COLORS = ['#dcdcdc', '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#9c755f'];
  const FAMILY_LABELS = ['user code', 'p2p', 'collective', 'RMA', 'IO', 'other'];
  const RMA_KINDS = ['put', 'get', 'accumulate'];
  const RMA_STYLES = [{ color: '#2f7d32', dash: [] }, { color: '#2f7d32', dash: [6, 3] }, { color: '#7a5c00', dash: [2, 2] }];
  const EPOCH_KINDS = ['fence', 'access', 'exposure', 'exclusive lock', 'shared lock', 'lock_all'];
  const EPOCH_COLORS = ['#2b5d27', '#8cd17d', '#b6992d', '#d37295', '#f1a7c1', '#499894'];
  const IO_MODES = ['read', 'write', 'flush'];
  const ACCESS_MODES = ['read-only', 'write-only', 'read-write', 'execute-only', 'search-only'];
  const SEEK_ORIGINS = ['from start', 'from current', 'from end', 'to data', 'to hole'];
  const FILE_OPEN_COLOR = '#eadbe6';
  const SEEK_COLOR = '#4b1f45';
  const LANE_H = 28;
  const RULER_H = 28;
  const EPOCH_H = 3;
  const IO_H = 4;
  const SEEK_H = 9;  // a seek's tick rises this far from the lane's bottom, above the IO strip

  // Tile arrays, field order (see viewer/api/api_json.cpp):
  //   span:       [start_ns, end_ns, family, count, span_id (-1 merged), region (-1 mixed), depth]
  //   message:    [send_lane, send_ns, recv_lane, recv_ns, count, bytes, message_id]
  //   collective: [comm, start_ns, end_ns, count, collective_id, op_name]
  //   rma:        [origin_lane, start_ns, target_lane, end_ns, count, bytes, rma_op_id, kind (RMA_KINDS)]
  //   epochs:     [lane, start_ns, end_ns, kind (EPOCH_KINDS, -1 mixed), count, epoch_id]
  //   io:         [lane, start_ns, end_ns, mode (IO_MODES, -1 mixed), count, io_id]
  //   files:      [lane, start_ns, end_ns, access (ACCESS_MODES, -1 mixed), count, file_open_id]
  //   seeks:      [lane, start_ns, end_ns (= start unless merged), origin (SEEK_ORIGINS, -1 mixed), count, seek_id]

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  class ServerSource {
    constructor() {
      this.token = new URLSearchParams(location.search).get('token') || '';
    }
    async get(path, params) {
      const query = new URLSearchParams(params || {}).toString();
      const response = await fetch(path + (query ? '?' + query : ''), { headers: { 'X-MpiView-Token': this.token } });
      if (!response.ok) throw new Error(path + ': ' + response.status + ' ' + (await response.text()));
      return response.json();
    }
    meta() { return this.get('/api/meta'); }
    tile(t0, t1, width) {
      return this.get('/api/tile', { t0: Math.floor(t0), t1: Math.ceil(t1), width: width });
    }
    span(id) { return this.get('/api/span', { id: id }); }
    message(id) { return this.get('/api/message', { id: id }); }
    collective(id) { return this.get('/api/collective', { id: id }); }
    rma(id) { return this.get('/api/rma', { id: id }); }
    epoch(id) { return this.get('/api/epoch', { id: id }); }
    io(id) { return this.get('/api/io', { id: id }); }
    fileOpen(id) { return this.get('/api/file_open', { id: id }); }
    seek(id) { return this.get('/api/seek', { id: id }); }
    summary(t0, t1) { return this.get('/api/summary', { t0: Math.floor(t0), t1: Math.ceil(t1) }); }
    async findings() {
      for (;;) {
        const result = await this.get('/api/findings');
        if (!result.pending) return result;
        await sleep(500);
      }
    }
  }

  // The exported file's data source: the same answers as the server, computed from every record of the trace.
  class ExportSource {
    constructor(data) {
      this.data = data;
      this.maxDuration = data.lanes.map((spans) => spans.reduce((m, s) => Math.max(m, s[1] - s[0]), 0));
      this.maxLatency = data.messages.reduce((m, msg) => Math.max(m, msg[3] - msg[1]), 0);
      this.spanById = new Map();
      data.lanes.forEach((spans, lane) => spans.forEach((s) => this.spanById.set(s[5], { s: s, lane: lane })));
    }
    async meta() { return this.data.meta; }
    async findings() { return this.data.findings; }
    async tile(t0, t1, width) {
      const nsPerPx = (t1 - t0) / width;
      const column = (t) => Math.floor((t - t0) / nsPerPx);
      const lanes = this.data.lanes.map((spans, lane) => {
        const out = [];
        let bucket = null;
        const flush = () => {
          if (bucket) out.push([bucket[0], bucket[1], bucket[2], bucket[3], bucket[3] === 1 ? bucket[4] : -1, bucket[5], bucket[6]]);
          bucket = null;
        };
        let i = lowerBound(spans, t0 - this.maxDuration[lane], (s) => s[0]);
        for (; i < spans.length && spans[i][0] <= t1; ++i) {
          const s = spans[i];
          if (s[1] < t0) continue;
          if ((s[1] - s[0]) / nsPerPx >= 1) {
            flush();
            out.push([s[0], s[1], s[3], 1, s[5], s[2], s[4]]);
          } else if (bucket && column(s[0]) <= column(bucket[1])) {
            bucket[1] = Math.max(bucket[1], s[1]);
            bucket[3] += 1;
            if (bucket[5] !== s[2]) bucket[5] = -1;
            bucket[6] = Math.min(bucket[6], s[4]);
          } else {
            flush();
            bucket = [s[0], s[1], s[3], 1, s[5], s[2], s[4]];
          }
        }
        flush();
        return { lane: lane, spans: out };
      });
      const messages = [];
      const seen = new Map();
      let i = lowerBound(this.data.messages, t0 - this.maxLatency, (m) => m[1]);
      for (; i < this.data.messages.length && this.data.messages[i][1] <= t1; ++i) {
        const m = this.data.messages[i];
        if (m[3] < t0) continue;
        const key = m[0] + ':' + m[2] + ':' + column(m[1]) + ':' + column(m[3]);
        const found = seen.get(key);
        if (found) {
          found[4] += 1;
          found[5] += m[4];
        } else {
          const line = [m[0], m[1], m[2], m[3], 1, m[4], i];
          seen.set(key, line);
          messages.push(line);
        }
      }
      const collectives = [];
      this.data.collectives.forEach((c, id) => {
        if (c.end_ns >= t0 && c.start_ns <= t1) collectives.push([c.comm_id, c.start_ns, c.end_ns, 1, id, c.op]);
      });
      const rma = [];
      const seenRma = new Map();
      (this.data.rma || []).forEach((op, id) => {
        if (op[0] === null || op[2] === null || op[1] > t1 || op[3] < t0) return;
        const key = op[0] + ':' + op[2] + ':' + op[5] + ':' + column(op[1]) + ':' + column(op[3]);
        const found = seenRma.get(key);
        if (found) {
          found[4] += 1;
          found[5] += op[4];
        } else {
          const line = [op[0], op[1], op[2], op[3], 1, op[4], id, op[5]];
          seenRma.set(key, line);
          rma.push(line);
        }
      });
      return { t0_ns: t0, t1_ns: t1, width_px: width, lanes: lanes, messages: messages, collectives: collectives,
        rma: rma, epochs: mergeIntervals(this.data.epochs || [], t0, t1, column),
        io: mergeIntervals(this.data.io || [], t0, t1, column),
        files: mergeIntervals(this.data.files || [], t0, t1, column),
        seeks: mergeIntervals(this.data.seeks || [], t0, t1, column) };
    }
    async span(id) {
      if (this.data.details[id]) return this.data.details[id];
      const entry = this.spanById.get(id);
      const s = entry.s;
      const lane = this.data.meta.lanes[entry.lane];
      return { id: id, function: this.data.meta.regions[s[2]][0], family: this.data.meta.families[s[3]], lane: entry.lane,
        rank: lane.rank, start_ns: s[0], end_ns: s[1], duration_ns: s[1] - s[0], messages: [], collectives: [] };
    }
    async message(id) {
      const m = this.data.messages[id];
      return { id: id, send_lane: m[0], send_ns: m[1], recv_lane: m[2], recv_ns: m[3], bytes: m[4], tag: m[5],
        comm: (this.data.meta.comms[m[6]] || { name: '?' }).name };
    }
    async collective(id) { return this.data.collectives[id]; }
    async rma(id) { return this.data.rma_details[id]; }
    async epoch(id) { return this.data.epoch_details[id]; }
    async io(id) { return this.data.io_details[id]; }
    async fileOpen(id) { return this.data.file_details[id]; }
    async seek(id) { return this.data.seek_details[id]; }
    async summary(t0, t1) {
      const functions = new Map();
      this.data.lanes.forEach((spans, laneIndex) => {
        const rank = this.data.meta.lanes[laneIndex].rank;
        for (const s of spans) {
          if (s[1] < t0 || s[0] > t1) continue;
          const inside = Math.min(s[1], t1) - Math.max(s[0], t0);
          let f = functions.get(s[2]);
          if (!f) functions.set(s[2], (f = { calls: 0, time: 0, ranks: new Map() }));
          f.calls += 1;
          f.time += inside;
          const r = f.ranks.get(rank) || [rank, 0, 0];
          r[1] += 1;
          r[2] += inside;
          f.ranks.set(rank, r);
        }
      });
      const list = [...functions.entries()].sort((a, b) => b[1].time - a[1].time).map(([region, f]) => ({
        name: this.data.meta.regions[region][0], family: this.data.meta.families[this.data.meta.regions[region][1]],
        calls: f.calls, time_ns: f.time, per_rank: [...f.ranks.values()] }));
      const pairs = new Map();
      const histogram = new Map();
      for (const m of this.data.messages) {
        if (m[1] < t0 || m[1] > t1) continue;
        const from = this.data.meta.lanes[m[0]].rank;
        const to = this.data.meta.lanes[m[2]].rank;
        const key = from + ':' + to;
        const p = pairs.get(key) || [from, to, 0, 0];
        p[2] += m[4];
        p[3] += 1;
        pairs.set(key, p);
        const bucket = m[4] === 0 ? -1 : Math.floor(Math.log2(m[4]));
        histogram.set(bucket, (histogram.get(bucket) || 0) + 1);
      }
      const ranks = this.data.meta.lanes.reduce((n, l) => (l.rank === null ? n : Math.max(n, l.rank + 1)), 0);
      return { functions: list, matrix: { ranks: ranks, bytes: [...pairs.values()] },
        histogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]) };
    }
  }

  // Intervals [lane, start, end, kind] in (lane, start) order -> tile items, narrow ones merged per pixel column.
  function mergeIntervals(items, t0, t1, column) {
    const out = [];
    let open = null;
    items.forEach((item, id) => {
      if (item[1] > t1 || item[2] < t0) return;
      const narrow = column(item[2]) === column(item[1]);
      if (open && narrow && open[0] === item[0] && column(item[1]) <= column(open[2])) {
        open[2] = Math.max(open[2], item[2]);
        open[4] += 1;
        if (open[3] !== item[3]) open[3] = -1;
        return;
      }
      const entry = [item[0], item[1], item[2], item[3], 1, id];
      out.push(entry);
      open = narrow ? entry : null;
    });
    return out;
  }

  function lowerBound(array, value, key) {
    let lo = 0;
    let hi = array.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(array[mid]) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function formatTime(ns) {
    const abs = Math.abs(ns);
    if (abs >= 1e9) return (ns / 1e9).toPrecision(4) + ' s';
    if (abs >= 1e6) return (ns / 1e6).toPrecision(4) + ' ms';
    if (abs >= 1e3) return (ns / 1e3).toPrecision(4) + ' µs';
    return Math.round(ns) + ' ns';
  }

  function formatBytes(bytes) {
    if (bytes >= 1 << 30) return (bytes / (1 << 30)).toPrecision(3) + ' GiB';
    if (bytes >= 1 << 20) return (bytes / (1 << 20)).toPrecision(3) + ' MiB';
    if (bytes >= 1 << 10) return (bytes / (1 << 10)).toPrecision(3) + ' KiB';
    return bytes + ' B';
  }

  // Builds an element whose text is `text`: the only way trace strings enter the document.
  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  const source = config.mode === 'export' ? new ExportSource(config) : new ServerSource();
  const canvas = document.getElementById('canvas');
  const ruler = document.getElementById('ruler');
  const plots = document.getElementById('plots');
  const selection = document.getElementById('selection');
  const details = document.getElementById('details');
  const status = document.getElementById('status');

  // State the tests read (window.mpiview): what is drawn, in lanes and times, not in pixels only.
  const state = {
    meta: null, view: { t0: 0, t1: 1 }, tile: null, findings: [], selectedFinding: null, highlight: [],
    tileSeq: 0, idle: false, drawCount: 0,
    drawn: { lanes: 0, spans: 0, messages: [], bands: [], markers: [], rmaOps: [], epochs: [], io: [], files: [],
      seeks: [] },
  };
  window.mpiview = state;
  state.zoomTo = (t0, t1) => setView(t0, t1);

  function cssWidth() { return Math.max(100, plots.clientWidth); }
  const xOf = (t) => ((t - state.view.t0) / (state.view.t1 - state.view.t0)) * cssWidth();
  const tOf = (x) => state.view.t0 + (x / cssWidth()) * (state.view.t1 - state.view.t0);
  const laneTop = (lane) => lane * LANE_H;

  function setView(t0, t1, whole) {
    const min = 1000;  // never zoom below 1 µs across the whole width
    if (t1 - t0 < min) {
      const mid = (t0 + t1) / 2;
      t0 = mid - min / 2;
      t1 = mid + min / 2;
    }
    state.view = { t0: t0, t1: t1 };
    state.wholeView = Boolean(whole);
    document.getElementById('range').textContent = formatTime(t0 - state.meta.begin_ns) + ' – ' +
      formatTime(t1 - state.meta.begin_ns) + ' (' + formatTime(t1 - t0) + ')';
    document.body.dataset.t0 = String(Math.round(t0));
    document.body.dataset.t1 = String(Math.round(t1));
    draw();
    requestTile();
    requestSummary();
  }

  function resetView() {
    const pad = Math.max(1, (state.meta.end_ns - state.meta.begin_ns) * 0.01);
    setView(state.meta.begin_ns - pad, state.meta.end_ns + pad, true);
  }

  let tileTimer = null;
  function requestTile() {
    state.idle = false;
    clearTimeout(tileTimer);
    tileTimer = setTimeout(async () => {
      const seq = ++state.tileSeq;
      const started = performance.now();
      try {
        const tile = await source.tile(state.view.t0, state.view.t1, Math.round(cssWidth()));
        if (seq !== state.tileSeq) return;  // a newer view was requested meanwhile
        state.tile = tile;
        state.lastTileMs = performance.now() - started;
        status.textContent = 'tile ' + Math.round(performance.now() - started) + ' ms';
        draw();
        if (state.firstPaintMs === undefined) state.firstPaintMs = performance.now();  // since navigation start
        if (state.fullPaintMs === undefined && !state.meta.building) state.fullPaintMs = performance.now();
        state.idle = true;
      } catch (error) {
        status.textContent = String(error.message || error);
      }
    }, 30);
  }

  let summaryTimer = null;
  function requestSummary() {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(async () => {
      const view = state.view;
      const summary = await source.summary(view.t0, view.t1);
      if (view === state.view) showSummary(summary);
    }, 250);
  }

  function resizeCanvas(node, height) {
    const ratio = window.devicePixelRatio || 1;
    const width = cssWidth();
    node.style.height = height + 'px';
    if (node.width !== Math.round(width * ratio) || node.height !== Math.round(height * ratio)) {
      node.width = Math.round(width * ratio);
      node.height = Math.round(height * ratio);
    }
    const ctx = node.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return ctx;
  }

  function drawRuler() {
    const ctx = resizeCanvas(ruler, RULER_H);
    const width = cssWidth();
    ctx.clearRect(0, 0, width, RULER_H);
    ctx.fillStyle = '#eef1f4';
    ctx.fillRect(0, 0, width, RULER_H);
    const span = state.view.t1 - state.view.t0;
    const raw = span / Math.max(1, width / 110);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    ctx.fillStyle = '#333';
    ctx.strokeStyle = '#888';
    ctx.font = '11px system-ui, sans-serif';
    const origin = state.meta.begin_ns;
    for (let t = Math.ceil((state.view.t0 - origin) / step) * step + origin; t <= state.view.t1; t += step) {
      const x = Math.round(xOf(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, RULER_H - 8);
      ctx.lineTo(x, RULER_H);
      ctx.stroke();
      ctx.fillText(formatTime(t - origin), x + 3, 14);
    }
  }

  function commRuns(comm) {
    const lanes = (state.meta.comms[comm] || { lanes: [] }).lanes.filter((l) => l !== null).sort((a, b) => a - b);
    const runs = [];
    for (const lane of lanes) {
      const last = runs[runs.length - 1];
      if (last && lane === last[1] + 1) last[1] = lane;
      else runs.push([lane, lane]);
    }
    return runs;
  }

  function draw() {
    if (!state.meta) return;
    drawRuler();
    const laneCount = state.meta.lanes.length;
    const height = laneCount * LANE_H;
    const ctx = resizeCanvas(canvas, height);
    const width = cssWidth();
    ctx.clearRect(0, 0, width, height);
    const drawn = { lanes: laneCount, spans: 0, messages: [], bands: [], markers: [], rmaOps: [], epochs: [], io: [],
      files: [], seeks: [] };
    for (let lane = 0; lane < laneCount; ++lane) {
      ctx.fillStyle = lane % 2 ? '#ffffff' : '#f6f7f9';
      ctx.fillRect(0, laneTop(lane), width, LANE_H);
      // User code fills the lane between the trace's first and last event; calls are drawn over it.
      const x0 = Math.max(0, xOf(state.meta.begin_ns));
      const x1 = Math.min(width, xOf(state.meta.end_ns));
      ctx.fillStyle = FAMILY_COLORS[0];
      ctx.fillRect(x0, laneTop(lane) + LANE_H / 2 - 2, Math.max(0, x1 - x0), 4);
    }
    const tile = state.tile;
    if (tile) {
      for (const band of tile.collectives) {
        const x0 = xOf(band[1]);
        const x1 = Math.max(x0 + 2, xOf(band[2]));
        const runs = commRuns(band[0]);
        ctx.fillStyle = 'rgba(242, 142, 43, 0.18)';
        ctx.strokeStyle = 'rgba(200, 100, 20, 0.6)';
        for (const [first, last] of runs) {
          ctx.fillRect(x0, laneTop(first), x1 - x0, (last - first + 1) * LANE_H);
          ctx.strokeRect(x0 + 0.5, laneTop(first) + 0.5, x1 - x0 - 1, (last - first + 1) * LANE_H - 1);
        }
        drawn.bands.push({ comm: band[0], lanes: (state.meta.comms[band[0]] || { lanes: [] }).lanes, count: band[3],
          op: band[5], start_ns: band[1], end_ns: band[2] });
      }
      for (const lane of tile.lanes) {
        const top = laneTop(lane.lane);
        for (const s of lane.spans) {
          const x0 = xOf(s[0]);
          const x1 = Math.max(x0 + 1, xOf(s[1]));
          const inset = Math.min(s[6], 3) * 3;
          ctx.fillStyle = FAMILY_COLORS[s[2]] || '#999';
          ctx.fillRect(x0, top + 4 + inset, x1 - x0, LANE_H - 8 - inset);
          drawn.spans += 1;
        }
      }
      ctx.lineWidth = 1;
      for (const m of tile.messages) {
        ctx.strokeStyle = m[4] > 1 ? 'rgba(20, 20, 20, 0.9)' : 'rgba(20, 20, 20, 0.7)';
        ctx.lineWidth = m[4] > 1 ? 2 : 1;
        ctx.beginPath();
        ctx.moveTo(xOf(m[1]), laneTop(m[0]) + LANE_H / 2);
        ctx.lineTo(xOf(m[3]), laneTop(m[2]) + LANE_H / 2);
        ctx.stroke();
        drawn.messages.push({ from: m[0], to: m[2], count: m[4], bytes: m[5], id: m[6] });
      }
      ctx.lineWidth = 1;
      drawRma(ctx, tile, drawn);
    }
    for (const finding of state.findings) {
      for (const call of finding.calls) {
        if (call.lane === null || call.start_ns === undefined) continue;
        const x = xOf(call.start_ns);
        if (x < -10 || x > width + 10) continue;
        const top = laneTop(call.lane);
        const selected = state.selectedFinding === finding.id;
        ctx.fillStyle = selected ? '#b00020' : '#e15759';
        ctx.beginPath();
        ctx.moveTo(x - 6, top);
        ctx.lineTo(x + 6, top);
        ctx.lineTo(x, top + 10);
        ctx.closePath();
        ctx.fill();
        if (selected) {
          ctx.strokeStyle = '#b00020';
          ctx.lineWidth = 2;
          ctx.strokeRect(x, top + 2, Math.max(3, xOf(call.end_ns) - x), LANE_H - 4);
          ctx.lineWidth = 1;
        }
        drawn.markers.push({ finding: finding.id, lane: call.lane, x: x, y: top + 4 });
      }
    }
    state.drawn = drawn;
    state.drawCount += 1;
  }

  // RMA epochs as a strip along the top of their lane; along its bottom the IO strip: files open as a pale band,
  // I/O operations over it (IO colour, reads lighter), seeks as dark ticks rising above it. RMA operations as lines
  // from the origin at issue to the target at completion: put solid, get dashed, accumulate dotted. Every kind
  // comes merged per pixel column from the server, so each lane gets at most one of each per pixel.
  function drawRma(ctx, tile, drawn) {
    for (const e of tile.epochs || []) {
      const x0 = xOf(e[1]);
      ctx.fillStyle = e[3] >= 0 ? EPOCH_COLORS[e[3]] : '#79706e';
      ctx.fillRect(x0, laneTop(e[0]) + 0.5, Math.max(1, xOf(e[2]) - x0), EPOCH_H);
      drawn.epochs.push({ lane: e[0], kind: e[3] >= 0 ? EPOCH_KINDS[e[3]] : 'mixed', count: e[4], id: e[5],
        start_ns: e[1], end_ns: e[2] });
    }
    for (const f of tile.files || []) {
      const x0 = xOf(f[1]);
      ctx.fillStyle = FILE_OPEN_COLOR;
      ctx.fillRect(x0, laneTop(f[0]) + LANE_H - IO_H, Math.max(1, xOf(f[2]) - x0), IO_H);
      drawn.files.push({ lane: f[0], access: f[3] >= 0 ? ACCESS_MODES[f[3]] : 'mixed', count: f[4], id: f[5],
        start_ns: f[1], end_ns: f[2] });
    }
    for (const op of tile.io || []) {
      const x0 = xOf(op[1]);
      ctx.fillStyle = op[3] === 0 ? '#d3a6c9' : FAMILY_COLORS[4];
      ctx.fillRect(x0, laneTop(op[0]) + LANE_H - IO_H, Math.max(1, xOf(op[2]) - x0), IO_H);
      drawn.io.push({ lane: op[0], mode: op[3] >= 0 ? IO_MODES[op[3]] : 'mixed', count: op[4], id: op[5],
        start_ns: op[1], end_ns: op[2] });
    }
    ctx.fillStyle = SEEK_COLOR;
    for (const s of tile.seeks || []) {
      const x0 = Math.round(xOf(s[1])) - 1;
      ctx.fillRect(x0, laneTop(s[0]) + LANE_H - SEEK_H, Math.max(2, Math.round(xOf(s[2])) + 1 - x0), SEEK_H);
      drawn.seeks.push({ lane: s[0], origin: s[3] >= 0 ? SEEK_ORIGINS[s[3]] : 'mixed', count: s[4], id: s[5],
        start_ns: s[1], end_ns: s[2] });
    }
    for (const op of tile.rma || []) {
      const style = RMA_STYLES[op[7]] || RMA_STYLES[0];
      ctx.strokeStyle = style.color;
      ctx.setLineDash(style.dash);
      ctx.lineWidth = op[4] > 1 ? 2 : 1.5;
      const ax = xOf(op[1]), ay = laneTop(op[0]) + LANE_H / 2, bx = xOf(op[3]), by = laneTop(op[2]) + LANE_H / 2;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = style.color;  // a dot at the target end
      ctx.fillRect(bx - 2, by - 2, 4, 4);
      drawn.rmaOps.push({ from: op[0], to: op[2], kind: RMA_KINDS[op[7]], count: op[4], bytes: op[5], id: op[6] });
    }
    ctx.lineWidth = 1;
  }

  // ---- details: every value goes in as text
  function showDetails(title, rows) {
    details.replaceChildren();
    details.dataset.title = title;
    details.appendChild(element('strong', title));
    const list = element('dl');
    for (const [name, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      list.appendChild(element('dt', name));
      list.appendChild(element('dd', value));
    }
    details.appendChild(list);
  }

  function rankName(lane) {
    const info = state.meta.lanes[lane];
    if (!info) return '?';
    return info.rank === null ? info.name : 'rank ' + info.rank + (info.thread ? ' thread ' + info.thread : '');
  }

  // Hover and click both ask for details; only the latest request may fill the panel.
  let detailsSeq = 0;

  async function showSpan(id) {
    const seq = ++detailsSeq;
    const d = await source.span(id);
    if (seq !== detailsSeq) return;
    const rows = [['Rank', d.lane === null ? '?' : rankName(d.lane)], ['Family', d.family],
      ['Start', formatTime(d.start_ns - state.meta.begin_ns)], ['Duration', formatTime(d.duration_ns)]];
    for (const m of d.messages || []) {
      rows.push([m.direction === 'send' ? 'Sent to' : 'Received from', m.peer === undefined ? '?' : 'rank ' + m.peer]);
      rows.push(['Tag', m.tag]);
      rows.push(['Bytes', formatBytes(m.bytes)]);
      rows.push(['Communicator', m.comm]);
    }
    for (const c of d.collectives || []) {
      rows.push(['Collective', c.op]);
      rows.push(['Communicator', c.comm]);
      rows.push(['Root', c.root]);
      rows.push(['Bytes (all ranks)', formatBytes(c.bytes)]);
    }
    linkRows(rows, d);
    if (d.call_site) rows.push(['Source', d.call_site.file + ':' + d.call_site.line + ' (' + d.call_site.function + ')']);
    showDetails(d.function, rows);
  }

  const plural = (n, what) => n + ' ' + what + (n === 1 ? '' : 's');
  const rankOf = (rank) => (rank === null || rank === undefined ? '?' : 'rank ' + rank);
  const sourceOf = (call) => (call && call.call_site ? ' at ' + call.call_site.file + ':' + call.call_site.line : '');

  function rmaKindText(op) {
    const atomic = op.atomic && op.atomic !== 'accumulate' ? ' (' + op.atomic + ')' : '';
    return op.kind + atomic + (op.reduction ? ' with ' + op.reduction : '');
  }

  // One line per operation, for calls that issued or completed several.
  function rmaLine(op) {
    const where = op.target_begin !== undefined ? ', target bytes [' + op.target_begin + ', ' + op.target_end + ')' : '';
    const other = op.role === 'completed' ? ', issued by ' + op.function + sourceOf(op) :
      (op.completed_by && op.role === 'issued' ? ', completed by ' + op.completed_by.function : '');
    return rmaKindText(op) + ' ' + formatBytes(op.bytes) + (op.kind === 'get' ? ' from ' : ' to ') +
      rankOf(op.target_rank) + ' in ' + op.window + where + other;
  }

  function ioLine(op) {
    const at = op.offset === undefined ? ' at the shared file pointer' : ' at offset ' + op.offset;
    const other = op.role === 'completed' ? ', issued by ' + op.function + sourceOf(op) :
      (op.completed_by && op.role === 'issued' ? ', completed by ' + op.completed_by.function : '');
    return op.mode + ' ' + formatBytes(op.bytes) + at + ' of ' + op.file + other;
  }

  function moreRows(rows, group, label) {
    if (group.total > group.listed.length) rows.push([label, (group.total - group.listed.length) + ' more']);
  }

  // What a call did to RMA windows and files (span details' "rma", "io", "files", "seeks"): a call that issued a
  // single operation shows it in full, a call that completed or issued several shows how many and the first few.
  function linkRows(rows, d) {
    const rma = d.rma;
    if (rma && rma.total === 1 && rma.issued === 1) {
      const op = rma.listed[0];
      rows.push(['RMA', rmaKindText(op)], ['Target', rankOf(op.target_rank)], ['Bytes', formatBytes(op.bytes)],
        ['Window', op.window], ['Target disp', op.target_disp]);
      if (op.target_begin !== undefined) rows.push(['Target bytes', '[' + op.target_begin + ', ' + op.target_end + ')']);
      if (op.completed_by && op.completed_by.span !== d.id) {
        rows.push(['Completed by', op.completed_by.function + ' after ' + formatTime(op.end_ns - op.start_ns)]);
      }
    } else if (rma) {
      if (rma.issued) rows.push(['RMA issued', plural(rma.issued, 'operation')]);
      if (rma.completed) rows.push(['Completes', plural(rma.completed, 'RMA operation')]);
      rma.listed.forEach((op, i) => rows.push(['RMA ' + (i + 1), rmaLine(op)]));
      moreRows(rows, rma, 'RMA …');
    }
    const io = d.io;
    if (io && io.total === 1 && io.issued === 1) {
      const op = io.listed[0];
      rows.push(['IO', op.mode + ', ' + op.blocking + (op.collective ? ', collective' : '')], ['File', op.file],
        ['Offset', op.offset === undefined ? 'shared file pointer' : op.offset], ['Bytes', formatBytes(op.bytes)]);
      if (op.completed_by && op.completed_by.span !== d.id) rows.push(['Completed by', op.completed_by.function]);
    } else if (io) {
      if (io.issued) rows.push(['IO issued', plural(io.issued, 'operation')]);
      if (io.completed) rows.push(['IO completed', plural(io.completed, 'operation')]);
      io.listed.forEach((op, i) => rows.push(['IO ' + (i + 1), ioLine(op)]));
      moreRows(rows, io, 'IO …');
    }
    for (const f of (d.files || { listed: [] }).listed) {
      if (f.role !== 'closed') rows.push(['Opened file', f.file], ['Access', f.access]);
      if (f.role !== 'opened') rows.push(['Closed file', f.file], ['Was open for', formatTime(f.end_ns - f.start_ns)]);
    }
    for (const s of (d.seeks || { listed: [] }).listed) {
      rows.push(['Seek', s.offset_request + ' ' + s.whence + ' to offset ' + s.offset_result], ['File', s.file]);
    }
  }

  async function showMessage(id) {
    const seq = ++detailsSeq;
    const m = await source.message(id);
    if (seq !== detailsSeq) return;
    showDetails('Message', [['From', rankName(m.send_lane)], ['To', rankName(m.recv_lane)], ['Tag', m.tag],
      ['Bytes', formatBytes(m.bytes)], ['Communicator', m.comm], ['Latency', formatTime(m.recv_ns - m.send_ns)]]);
  }

  async function showCollective(id, count) {
    const seq = ++detailsSeq;
    const c = await source.collective(id);
    if (seq !== detailsSeq) return;
    showDetails(count > 1 ? c.op + ' and ' + (count - 1) + ' more' : c.op, [['Communicator', c.comm],
      ['Ranks', c.participants], ['Root', c.root], ['Duration', formatTime(c.end_ns - c.start_ns)],
      ['Bytes (all ranks)', formatBytes(c.bytes)]]);
  }

  function callRows(rows, d) {
    if (d.function) rows.push(['Call', d.function]);
    if (d.call_site) rows.push(['Source', d.call_site.file + ':' + d.call_site.line + ' (' + d.call_site.function + ')']);
  }

  async function showRma(id) {
    const seq = ++detailsSeq;
    const d = await source.rma(id);
    if (seq !== detailsSeq) return;
    const rows = [['Origin', d.origin_lane === null ? '?' : rankName(d.origin_lane)],
      ['Target', d.target_lane === null ? '?' : rankName(d.target_lane)], ['Bytes', formatBytes(d.bytes)],
      ['Window', d.window], ['Atomic', d.atomic], ['Reduction', d.reduction], ['Target disp', d.target_disp]];
    if (d.target_begin !== undefined) rows.push(['Target bytes', '[' + d.target_begin + ', ' + d.target_end + ')']);
    rows.push(['Issued', formatTime(d.start_ns - state.meta.begin_ns)], ['Completed after', formatTime(d.end_ns - d.start_ns)]);
    if (d.completed_by) rows.push(['Completed by', d.completed_by.function + sourceOf(d.completed_by)]);
    callRows(rows, d);
    showDetails('RMA ' + d.kind, rows);
  }

  async function showEpoch(id) {
    const seq = ++detailsSeq;
    const d = await source.epoch(id);
    if (seq !== detailsSeq) return;
    const rows = [['Rank', rankName(d.lane)], ['Window', d.window],
      ['Target', d.target === undefined ? undefined : 'rank ' + d.target],
      ['Group', d.group === undefined ? undefined : 'ranks ' + d.group.join(', ')],
      ['Start', formatTime(d.start_ns - state.meta.begin_ns)], ['Duration', formatTime(d.end_ns - d.start_ns)]];
    callRows(rows, d);
    showDetails('RMA ' + d.kind + ' epoch', rows);
  }

  async function showIo(id) {
    const seq = ++detailsSeq;
    const d = await source.io(id);
    if (seq !== detailsSeq) return;
    const rows = [['File', d.file], ['Rank', rankName(d.lane)], ['Offset', d.offset === undefined ? 'shared file pointer' : d.offset],
      ['Bytes', formatBytes(d.bytes)], ['Requested', formatBytes(d.bytes_request)],
      ['Kind', d.blocking + (d.collective ? ', collective' : '')],
      ['Start', formatTime(d.start_ns - state.meta.begin_ns)], ['Duration', formatTime(d.end_ns - d.start_ns)]];
    callRows(rows, d);
    if (d.completed_by && d.completed_by.span !== d.span) rows.push(['Completed by', d.completed_by.function + sourceOf(d.completed_by)]);
    showDetails('IO ' + d.mode, rows);
  }

  async function showFileOpen(id) {
    const seq = ++detailsSeq;
    const d = await source.fileOpen(id);
    if (seq !== detailsSeq) return;
    const call = (c) => (c ? c.function + sourceOf(c) : undefined);
    showDetails('File open', [['File', d.file], ['Rank', rankName(d.lane)], ['Access', d.access],
      ['Opened', formatTime(d.start_ns - state.meta.begin_ns)],
      ['Open for', formatTime(d.end_ns - d.start_ns) + (d.closed ? '' : ' (not closed in the trace)')],
      ['Opened by', call(d.opened_by)], ['Closed by', call(d.closed_by)],
      ['Operations', plural(d.operations, 'operation') + ': ' + formatBytes(d.bytes_read) + ' read, ' +
        formatBytes(d.bytes_written) + ' written']]);
  }

  async function showSeek(id) {
    const seq = ++detailsSeq;
    const d = await source.seek(id);
    if (seq !== detailsSeq) return;
    const rows = [['File', d.file], ['Rank', rankName(d.lane)], ['Requested', d.offset_request + ' ' + d.whence],
      ['New offset', d.offset_result], ['At', formatTime(d.time_ns - state.meta.begin_ns)]];
    callRows(rows, d);
    showDetails('Seek', rows);
  }

  // The interval of `items` on `lane` under x, the narrowest if several.
  function intervalAt(items, lane, x) {
    let best = null;
    for (const item of items || []) {
      if (item[0] !== lane || x < xOf(item[1]) - 2 || x > Math.max(xOf(item[1]) + 1, xOf(item[2])) + 2) continue;
      if (!best || item[2] - item[1] < best[2] - best[1]) best = item;
    }
    return best;
  }

  // The first line (message or RMA operation: [from lane, from ns, to lane, to ns, ...]) within 3 px of (x, y).
  function lineHit(lines, x, y) {
    for (const m of lines || []) {
      const ax = xOf(m[1]), ay = laneTop(m[0]) + LANE_H / 2, bx = xOf(m[3]), by = laneTop(m[2]) + LANE_H / 2;
      const lengthSq = (bx - ax) ** 2 + (by - ay) ** 2 || 1;
      const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / lengthSq));
      if (Math.hypot(ax + t * (bx - ax) - x, ay + t * (by - ay) - y) <= 3) return m;
    }
    return null;
  }

  // ---- hit testing, in CSS pixels of the canvas
  function hit(x, y) {
    const tile = state.tile;
    for (const marker of state.drawn.markers) {
      if (Math.abs(marker.x - x) <= 7 && Math.abs(marker.y - y) <= 7) return { kind: 'finding', id: marker.finding };
    }
    if (!tile) return null;
    const lane = Math.floor(y / LANE_H);
    const inLane = y - laneTop(lane);
    if (inLane <= EPOCH_H + 1) {
      const epoch = intervalAt(tile.epochs, lane, x);
      if (epoch) return { kind: 'epoch', item: epoch };
    }
    if (inLane >= LANE_H - SEEK_H - 1) {
      const seek = intervalAt(tile.seeks, lane, x);
      if (seek) return { kind: 'seek', item: seek };
    }
    if (inLane >= LANE_H - IO_H - 1) {
      const io = intervalAt(tile.io, lane, x);
      if (io) return { kind: 'io', item: io };
      const file = intervalAt(tile.files, lane, x);
      if (file) return { kind: 'file', item: file };
    }
    const rmaLine = lineHit(tile.rma, x, y);
    if (rmaLine) return { kind: 'rma', item: rmaLine };
    const laneTile = tile.lanes.find((l) => l.lane === lane);
    if (laneTile) {
      let best = null;
      for (const s of laneTile.spans) {
        if (xOf(s[0]) - 1 <= x && x <= Math.max(xOf(s[0]) + 1, xOf(s[1])) + 1 && (!best || s[6] >= best[6])) best = s;
      }
      if (best && best[4] >= 0) return { kind: 'span', id: best[4] };
      if (best) return { kind: 'merged', span: best };
    }
    const message = lineHit(tile.messages, x, y);
    if (message) return { kind: 'message', id: message[6] };
    const time = tOf(x);
    for (const band of tile.collectives) {
      const lanes = (state.meta.comms[band[0]] || { lanes: [] }).lanes;
      if (band[1] <= time && time <= band[2] && lanes.includes(lane)) return { kind: 'collective', id: band[4], count: band[3] };
    }
    return null;
  }

  function showHit(target) {
    if (!target) return;
    if (target.kind === 'span') showSpan(target.id);
    else if (target.kind === 'message') showMessage(target.id);
    else if (target.kind === 'collective') showCollective(target.id, target.count);
    else if (target.kind === 'finding') showFinding(state.findings.find((f) => f.id === target.id));
    else if (target.kind === 'rma' && target.item[4] === 1) showRma(target.item[6]);
    else if (target.kind === 'epoch' && target.item[4] === 1) showEpoch(target.item[5]);
    else if (target.kind === 'io' && target.item[4] === 1) showIo(target.item[5]);
    else if (target.kind === 'file' && target.item[4] === 1) showFileOpen(target.item[5]);
    else if (target.kind === 'seek' && target.item[4] === 1) showSeek(target.item[5]);
    else if (target.kind === 'rma') {
      ++detailsSeq;
      showDetails(target.item[4] + ' RMA ' + RMA_KINDS[target.item[7]] + 's', [['Origin', rankName(target.item[0])],
        ['Target', rankName(target.item[2])], ['Bytes', formatBytes(target.item[5])], ['Zoom in', 'to see each one']]);
    } else if (['epoch', 'io', 'file', 'seek'].includes(target.kind)) {
      ++detailsSeq;
      const item = target.item;
      const what = { epoch: 'RMA epochs', io: 'IO operations', file: 'file opens', seek: 'seeks' }[target.kind];
      showDetails(item[4] + ' ' + what, [['Rank', rankName(item[0])], ['From', formatTime(item[1] - state.meta.begin_ns)],
        ['To', formatTime(item[2] - state.meta.begin_ns)], ['Zoom in', 'to see each one']]);
    }
    else if (target.kind === 'merged') {
      ++detailsSeq;
      const s = target.span;
      showDetails(s[3] + ' calls', [['Mostly', FAMILY_LABELS[s[2]]],
        ['Function', s[5] >= 0 ? state.meta.regions[s[5]][0] : 'several'], ['From', formatTime(s[0] - state.meta.begin_ns)],
        ['To', formatTime(s[1] - state.meta.begin_ns)], ['Zoom in', 'to see each call']]);
    }
  }

  // ---- findings
  function showFinding(finding) {
    if (!finding) return;
    ++detailsSeq;
    state.selectedFinding = finding.id;
    const rows = [['Check', finding.check], ['Severity', finding.severity], ['Ranks', (finding.ranks || []).join(', ')]];
    finding.calls.forEach((call, i) => {
      const where = call.file ? ' at ' + call.file + ':' + call.line : '';
      const role = call.role ? ' (' + call.role + ')' : '';
      rows.push(['Call ' + (i + 1), (call.function || '?') + ' on rank ' + call.rank + where + role]);
    });
    rows.push(['Hint', finding.hint]);
    showDetails(finding.message || finding.check, rows);
    if (finding.start_ns !== undefined) {
      const pad = Math.max(500, (finding.end_ns - finding.start_ns) * 0.15);
      setView(finding.start_ns - pad, finding.end_ns + pad);
    } else {
      draw();
    }
  }

  function showFindings(result) {
    state.findings = result.findings || [];
    const list = document.getElementById('findings');
    list.replaceChildren();
    if (result.error) list.appendChild(element('li', 'mpi-analyze: ' + result.error));
    if (state.findings.length === 0 && !result.error) list.appendChild(element('li', 'No findings.'));
    for (const finding of state.findings) {
      const item = element('li', '[' + finding.severity + '] ' + finding.check + ': ' + finding.message);
      item.dataset.finding = String(finding.id);
      item.addEventListener('click', () => showFinding(finding));
      list.appendChild(item);
    }
    draw();
  }

  // ---- panels
  function showSummary(summary) {
    const body = document.querySelector('#functions tbody');
    body.replaceChildren();
    for (const f of summary.functions.slice(0, 40)) {
      const row = element('tr');
      row.appendChild(element('td', f.name));
      row.appendChild(element('td', f.calls));
      row.appendChild(element('td', formatTime(f.time_ns)));
      row.title = f.per_rank.map((r) => 'rank ' + r[0] + ': ' + r[1] + ' calls, ' + formatTime(r[2])).join('\n');
      row.addEventListener('click', () => {
        const next = row.nextSibling;
        if (next && next.classList && next.classList.contains('per-rank')) {
          next.remove();
          return;
        }
        const detail = element('tr', undefined, 'per-rank');
        const cell = element('td', row.title);
        cell.colSpan = 3;
        cell.style.whiteSpace = 'pre';
        detail.appendChild(cell);
        row.after(detail);
      });
      body.appendChild(row);
    }
    drawMatrix(summary.matrix);
    drawHistogram(summary.histogram);
  }

  function drawMatrix(matrix) {
    const node = document.getElementById('matrix');
    const ctx = node.getContext('2d');
    ctx.clearRect(0, 0, node.width, node.height);
    const n = Math.max(1, matrix.ranks);
    const cell = node.width / n;
    const max = matrix.bytes.reduce((m, e) => Math.max(m, e[2]), 1);
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, 0, node.width, node.height);
    for (const [from, to, bytes] of matrix.bytes) {
      const level = Math.log1p(bytes) / Math.log1p(max);
      ctx.fillStyle = 'rgba(78, 121, 167, ' + (0.15 + 0.85 * level).toFixed(3) + ')';
      ctx.fillRect(to * cell, from * cell, Math.max(1, cell - 1), Math.max(1, cell - 1));
    }
    node.title = 'rows: sender rank, columns: receiver rank\n' +
      matrix.bytes.map((e) => e[0] + ' → ' + e[1] + ': ' + formatBytes(e[2]) + ' in ' + e[3]).join('\n');
  }

  function drawHistogram(histogram) {
    const node = document.getElementById('histogram');
    const ctx = node.getContext('2d');
    ctx.clearRect(0, 0, node.width, node.height);
    if (histogram.length === 0) return;
    const max = histogram.reduce((m, e) => Math.max(m, e[1]), 1);
    const barWidth = node.width / histogram.length;
    ctx.font = '9px system-ui, sans-serif';
    histogram.forEach(([log2, count], i) => {
      const h = (count / max) * (node.height - 14);
      ctx.fillStyle = '#4e79a7';
      ctx.fillRect(i * barWidth + 1, node.height - 12 - h, barWidth - 2, h);
      ctx.fillStyle = '#333';
      ctx.fillText(log2 < 0 ? '0' : formatBytes(2 ** log2), i * barWidth + 1, node.height - 2);
    });
    node.title = histogram.map(([log2, count]) => (log2 < 0 ? '0 B' : '≥ ' + formatBytes(2 ** log2)) + ': ' + count).join('\n');
  }

  // ---- interaction
  let drag = null;
  canvas.addEventListener('mousedown', (event) => {
    drag = { x: event.offsetX, y: event.offsetY, pan: event.shiftKey || event.button === 1, view: state.view, moved: false };
    event.preventDefault();
  });
  window.addEventListener('mousemove', (event) => {
    if (!drag) return;
    const x = event.clientX - canvas.getBoundingClientRect().left;
    if (Math.abs(x - drag.x) > 3) drag.moved = true;
    if (drag.pan) {
      const dt = ((x - drag.x) / cssWidth()) * (drag.view.t1 - drag.view.t0);
      setView(drag.view.t0 - dt, drag.view.t1 - dt);
    } else if (drag.moved) {
      selection.hidden = false;
      selection.style.left = Math.min(x, drag.x) + 'px';
      selection.style.width = Math.abs(x - drag.x) + 'px';
    }
  });
  window.addEventListener('mouseup', (event) => {
    if (!drag) return;
    const x = event.clientX - canvas.getBoundingClientRect().left;
    const started = drag;
    drag = null;
    selection.hidden = true;
    if (!started.pan && started.moved && Math.abs(x - started.x) > 4) {
      setView(tOf(Math.min(x, started.x)), tOf(Math.max(x, started.x)));
    } else if (!started.moved) {
      showHit(hit(started.x, started.y));
    }
  });
  canvas.addEventListener('mousemove', (event) => {
    if (drag) return;
    const target = hit(event.offsetX, event.offsetY);
    canvas.style.cursor = target ? 'pointer' : 'crosshair';
    if (target && target.kind !== 'finding') showHit(target);
  });
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const { t0, t1 } = state.view;
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      const dt = (event.deltaX / cssWidth()) * (t1 - t0);
      setView(t0 + dt, t1 + dt);
      return;
    }
    const factor = Math.exp(event.deltaY * 0.002);
    const at = tOf(event.offsetX);
    setView(at - (at - t0) * factor, at + (t1 - at) * factor);
  }, { passive: false });
  let rulerDrag = null;
  ruler.addEventListener('mousedown', (event) => { rulerDrag = { x: event.clientX, view: state.view }; });
  window.addEventListener('mousemove', (event) => {
    if (!rulerDrag) return;
    const dt = ((event.clientX - rulerDrag.x) / cssWidth()) * (rulerDrag.view.t1 - rulerDrag.view.t0);
    setView(rulerDrag.view.t0 - dt, rulerDrag.view.t1 - dt);
  });
  window.addEventListener('mouseup', () => { rulerDrag = null; });
  window.addEventListener('keydown', (event) => {
    const { t0, t1 } = state.view;
    const step = (t1 - t0) * 0.2;
    if (event.key === 'Home' || event.key === 'Escape') resetView();
    else if (event.key === 'ArrowLeft') setView(t0 - step, t1 - step);
    else if (event.key === 'ArrowRight') setView(t0 + step, t1 + step);
    else if (event.key === '+' || event.key === '=') setView(t0 + step, t1 - step);
    else if (event.key === '-') setView(t0 - step, t1 + step);
  });
  document.getElementById('reset').addEventListener('click', resetView);
  window.addEventListener('resize', () => { draw(); requestTile(); });

  async function start() {
    state.meta = await source.meta();
    document.getElementById('trace-name').textContent = state.meta.trace;
    document.title = 'mpi-view: ' + state.meta.trace;
    const legend = document.getElementById('legend');
    const legendItem = (label, color, title) => {
      const item = element('span', label);
      const swatch = element('i');
      swatch.style.background = color;
      item.prepend(swatch);
      if (title) item.title = title;
      legend.appendChild(item);
    };
    FAMILY_LABELS.forEach((label, i) => legendItem(label, FAMILY_COLORS[i]));
    legendItem('file open', FILE_OPEN_COLOR, 'bottom strip of a lane: from MPI_File_open to MPI_File_close');
    legendItem('seek', SEEK_COLOR, 'tick at the bottom of a lane: MPI_File_seek or MPI_File_seek_shared');
    const labels = document.getElementById('lane-labels');
    state.meta.lanes.forEach((lane, i) => {
      const label = element('div', rankName(i), 'lane-label');
      label.title = lane.name;
      labels.appendChild(label);
    });
    resetView();
    await awaitIndex();
    showFindings(await source.findings());
  }

  // While the server is still building the index, its tiles are a coarse view (merged bins, no details) that
  // fills in as events are read: redraw it until the index is ready, then show the real tiles.
  async function awaitIndex() {
    while (state.meta.building) {
      const b = state.meta.building;
      status.textContent = b.total_events ? 'indexing ' + Math.floor((100 * b.events_read) / b.total_events) + '% of ' +
        b.total_events + ' events' : 'loading the index';
      await sleep(250);
      state.meta = await source.meta();
      if (!state.meta.building && state.wholeView) resetView();  // the trace's exact range is known now
      else requestTile();
      if (!state.meta.building) requestSummary();
    }
  }

  start().catch((error) => { status.textContent = 'error: ' + (error.message || error); });
})();
