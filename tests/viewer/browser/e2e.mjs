// End-to-end tests of mpi-view's page in Debian's headless Chromium (driven by playwright-core): traces of the
// examples and a trace with hostile names are opened through a real mpi-view server and as an exported file.
// usage: node e2e.mjs --mpi-view PATH --traces DIR --bugs-source DIR --rma-source FILE --io-source FILE --artifacts DIR
//        (traces DIR holds ring/, allreduce_loop/, hostile_comm/, requests_leak/, hostile/, rma/ and io/, written by
//        trace_examples.sh; bugs-source is examples/bugs, whose BUG(...) comments mark the lines findings name)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const MPI_VIEW = args['mpi-view'];
const TRACES = args.traces;
const ARTIFACTS = args.artifacts;
const BUGS_SOURCE = args['bugs-source'];
const RMA_SOURCE = args['rma-source'];
const IO_SOURCE = args['io-source'];
const HOSTILE_REGION = '<img src=x onerror=alert(2)>';
const HOSTILE_COMM = '<script>alert(1)</script>';
const HOSTILE_FILE = '<img src=x onerror=alert(3)>.bin';
const HOSTILE_WINDOW = '<svg onload=alert(4)>';
const LANE_H = 28;
const RANKS = 4;
fs.mkdirSync(ARTIFACTS, { recursive: true });

// The flags Chromium needs on a machine without network or GPU; playwright gives it a fresh profile directory.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function startView(viewArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(MPI_VIEW, viewArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('mpi-view printed no URL: ' + out)), 30000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/(http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\w+))\n/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], port: Number(match[2]), token: match[3], stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => reject(new Error('mpi-view exited with ' + code + ': ' + out)));
  });
}

async function openPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 600 } });
  page.dialogs = [];
  page.errors = [];
  page.on('dialog', (dialog) => { page.dialogs.push(dialog.message()); dialog.dismiss(); });
  page.on('pageerror', (error) => page.errors.push(String(error)));
  await page.goto(url);
  // Ready: the index is built (not the coarse view of a build in progress) and its tile is drawn.
  await page.waitForFunction(() => window.mpiview && window.mpiview.meta && !window.mpiview.meta.building &&
    window.mpiview.idle, null, { timeout: 20000 });
  return page;
}

const view = (page) => page.evaluate(() => ({ t0: window.mpiview.view.t0, t1: window.mpiview.view.t1 }));

// Runs `action`, then waits until the page has fetched and drawn the tile of the view it led to.
async function settle(page, action) {
  const before = await page.evaluate(() => window.mpiview.tileSeq);
  await action();
  await page.waitForFunction((seq) => window.mpiview.tileSeq > seq && window.mpiview.idle, before, { timeout: 20000 });
}

async function canvasBox(page) { return page.locator('#canvas').boundingBox(); }

// The page position of time `t` in lane `lane` (its middle).
async function pointAt(page, t, lane) {
  const box = await canvasBox(page);
  const v = await view(page);
  return { x: box.x + ((t - v.t0) / (v.t1 - v.t0)) * box.width, y: box.y + lane * 28 + 14 };
}

// Distance from point p to the segment [u, w].
function distance(p, [u, w]) {
  const lengthSq = (w.x - u.x) ** 2 + (w.y - u.y) ** 2 || 1;
  const t = Math.max(0, Math.min(1, ((p.x - u.x) * (w.x - u.x) + (p.y - u.y) * (w.y - u.y)) / lengthSq));
  return Math.hypot(u.x + t * (w.x - u.x) - p.x, u.y + t * (w.y - u.y) - p.y);
}

// Every message and RMA line of the current tile as a segment in page coordinates.
async function lineSegments(page) {
  const lines = await page.evaluate(() => [...window.mpiview.tile.messages, ...window.mpiview.tile.rma]
    .map((m) => [m[0], m[1], m[2], m[3]]));
  const segments = [];
  for (const [fromLane, from, toLane, to] of lines) segments.push([await pointAt(page, from, fromLane), await pointAt(page, to, toLane)]);
  return segments;
}

// Zooms to time `t` of `lane` and returns the call named `name` there: { start_ns, end_ns } of its tile span.
async function callAt(page, lane, name, t) {
  await zoomAround(page, t - 1000, t + 1000);
  const call = await page.evaluate(([lane, name, t]) => {
    const regions = window.mpiview.meta.regions;
    const spans = window.mpiview.tile.lanes.find((l) => l.lane === lane).spans;
    const s = spans.find((s) => s[3] === 1 && s[5] >= 0 && regions[s[5]][0] === name && s[0] <= t && t <= s[1]);
    return s ? { start_ns: s[0], end_ns: s[1] } : null;
  }, [lane, name, t]);
  assert.ok(call, `a call ${name} on lane ${lane} at ${t}`);
  return call;
}

// Clicks inside the box of `call` on `lane` at a point more than 4 px from every message and RMA line (the page's
// hit test takes lines within 3 px), below the lane's epoch strip, and in the lane's lower part only where no IO
// operation, file open or seek is drawn, so nothing else can take the click; waits for the call's details. Long
// lines of other ranks may run across the lane at any height, depending on the run's timing: the call is tried
// zoomed to itself, then in wider views (where such lines are steeper) while it is still drawn on its own.
async function clickCall(page, lane, call, title) {
  const duration = Math.max(call.end_ns - call.start_ns, 200);
  const middle = (call.start_ns + call.end_ns) / 2;
  for (const widen of [1, 8, 64, 512]) {
    await zoomAround(page, middle - (duration * widen) / 2, middle + (duration * widen) / 2);
    const single = await page.evaluate(([lane, t]) => window.mpiview.tile.lanes.find((l) => l.lane === lane).spans
      .some((s) => s[3] === 1 && s[0] <= t && t <= s[1]), [lane, middle]);
    if (!single) break;
    const segments = await lineSegments(page);
    const strip = await page.evaluate((lane) => ['io', 'files', 'seeks'].flatMap((kind) =>
      window.mpiview.tile[kind].filter((item) => item[0] === lane).map((item) => [item[1], item[2]])), lane);
    const stripRanges = [];
    for (const [s, e] of strip) stripRanges.push([(await pointAt(page, s, lane)).x - 5, (await pointAt(page, e, lane)).x + 5]);
    const a = await pointAt(page, call.start_ns, lane);
    const b = await pointAt(page, call.end_ns, lane);
    const top = a.y - LANE_H / 2;
    for (const part of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
      for (let dy = 5; dy <= 23; dy += 1) {
        const p = { x: a.x + (b.x - a.x) * part, y: top + dy };
        if (dy >= 17 && stripRanges.some(([x0, x1]) => x0 <= p.x && p.x <= x1)) continue;
        if (segments.some((segment) => distance(p, segment) <= 4)) continue;
        await page.mouse.click(p.x, p.y);
        await page.waitForFunction((t) => document.getElementById('details').dataset.title === t, title, { timeout: 5000 });
        return page.locator('#details').textContent();
      }
    }
  }
  await screenshot(page, 'no-clear-point');
  throw new Error(`no point of ${title} on lane ${lane} is clear of every line`);
}

// The colour of the canvas pixel at page point p, as [r, g, b].
async function pixelAt(page, p) {
  const box = await canvasBox(page);
  return page.evaluate(([x, y]) => {
    const canvas = document.getElementById('canvas');
    const ratio = window.devicePixelRatio || 1;
    const data = canvas.getContext('2d').getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
    return [data[0], data[1], data[2]];
  }, [p.x - box.x, p.y - box.y]);
}

async function screenshot(page, name) { await page.screenshot({ path: path.join(ARTIFACTS, name + '.png') }); }

function expectCleanPage(page) {
  assert.deepEqual(page.dialogs, [], 'no dialog may open (a hostile string ran as script)');
  assert.deepEqual(page.errors, [], 'the page threw');
}

async function testRing(browser) {
  const server = await startView(['--no-findings', path.join(TRACES, 'ring', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    assert.equal(await page.locator('.lane-label').count(), RANKS, 'one lane label per rank');
    const drawn = await page.evaluate(() => window.mpiview.drawn);
    assert.equal(drawn.lanes, RANKS);
    // Ring: every rank sends 10 messages to its right neighbour; lines merged at this zoom carry their count.
    const perPair = new Map();
    for (const line of drawn.messages) {
      assert.equal(line.to, (line.from + 1) % RANKS, `message line from lane ${line.from} to ${line.to}`);
      perPair.set(line.from, (perPair.get(line.from) || 0) + line.count);
    }
    for (let rank = 0; rank < RANKS; ++rank) assert.equal(perPair.get(rank), 10, `messages from rank ${rank}`);
    // Panels for the whole trace: calls per function, bytes between ranks, message sizes.
    await page.waitForFunction(() => document.querySelectorAll('#functions tbody tr').length > 0);
    const rows = await page.locator('#functions tbody tr').evaluateAll((trs) =>
      Object.fromEntries(trs.map((tr) => [tr.cells[0].textContent, Number(tr.cells[1].textContent)])));
    assert.equal(rows.MPI_Send, 40, 'MPI_Send calls in view');
    assert.equal(rows.MPI_Recv, 40, 'MPI_Recv calls in view');
    assert.equal(rows.MPI_Reduce, RANKS);
    const matrix = await page.locator('#matrix').getAttribute('title');
    for (let rank = 0; rank < RANKS; ++rank) assert.ok(matrix.includes(`${rank} → ${(rank + 1) % RANKS}: `), matrix);
    assert.ok((await page.locator('#histogram').getAttribute('title')).includes('≥ 64 B: 40'), 'sizes 64..76 B');
    await screenshot(page, 'ring-whole');

    // Zoom with the wheel around the middle: the visible range shrinks and stays around the pointer.
    const full = await view(page);
    const box = await canvasBox(page);
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await settle(page, () => page.mouse.wheel(0, -600));
    const zoomed = await view(page);
    assert.ok(zoomed.t1 - zoomed.t0 < (full.t1 - full.t0) / 2, 'wheel zoomed in');
    assert.ok(zoomed.t0 > full.t0 && zoomed.t1 < full.t1, 'zoomed range inside the old one');

    // Drag-select a quarter of the width: the new range is what was under the selection.
    const from = box.x + box.width * 0.25;
    const to = box.x + box.width * 0.5;
    const expected0 = zoomed.t0 + 0.25 * (zoomed.t1 - zoomed.t0);
    const expected1 = zoomed.t0 + 0.5 * (zoomed.t1 - zoomed.t0);
    await settle(page, async () => {
      await page.mouse.move(from, box.y + 20);
      await page.mouse.down();
      await page.mouse.move((from + to) / 2, box.y + 20);
      await page.mouse.move(to, box.y + 20);
      await page.mouse.up();
    });
    const selected = await view(page);
    const tolerance = (zoomed.t1 - zoomed.t0) * 0.01;
    assert.ok(Math.abs(selected.t0 - expected0) < tolerance && Math.abs(selected.t1 - expected1) < tolerance,
      `drag-select zoomed to [${selected.t0}, ${selected.t1}], expected [${expected0}, ${expected1}]`);
    const rangeText = await page.locator('#range').textContent();
    await screenshot(page, 'ring-zoomed');

    // The way back: the whole trace again.
    await settle(page, () => page.click('#reset'));
    assert.deepEqual(await view(page), full);
    assert.notEqual(await page.locator('#range').textContent(), rangeText, 'the ruler text follows the range');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

async function testCollectives(browser) {
  const server = await startView(['--no-findings', path.join(TRACES, 'allreduce_loop', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    const drawn = await page.evaluate(() => window.mpiview.drawn);
    // One Bcast, 20 Allreduces and a Barrier over MPI_COMM_WORLD: bands spanning all four lanes.
    assert.ok(drawn.bands.length >= 1, 'collective bands drawn');
    let total = 0;
    for (const band of drawn.bands) {
      assert.deepEqual(band.lanes, [0, 1, 2, 3], 'band covers every rank of MPI_COMM_WORLD');
      total += band.count;
    }
    assert.equal(total, 22, 'every collective counted once');
    assert.equal(drawn.bands[0].op, 'Bcast');
    // Zoomed into the first band: it is a single collective, across all lanes.
    await settle(page, () => page.evaluate(() => {
      const first = window.mpiview.drawn.bands[0];
      const pad = (first.end_ns - first.start_ns) * 0.2 + 100;
      window.mpiview.zoomTo(first.start_ns - pad, first.end_ns + pad);
    }));
    const zoomed = await page.evaluate(() => window.mpiview.drawn.bands);
    assert.equal(zoomed[0].op, 'Bcast');
    assert.equal(zoomed[0].count, 1);
    await screenshot(page, 'allreduce-band');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

// Clicks the hostile call (rank 0, [1000, 2000] ns) and checks its names arrive as text.
async function checkHostileDetails(page) {
  const point = await pointAt(page, 1500, 0);
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction((name) => document.getElementById('details').dataset.title === name, HOSTILE_REGION);
  const details = await page.locator('#details').textContent();
  assert.ok(details.includes(HOSTILE_REGION), 'function name shown as text');
  assert.ok(details.includes(HOSTILE_COMM), 'communicator name shown as text: ' + details);
  assert.ok(details.includes('rank 1') && details.includes('128 B') && details.includes('Tag5'), details);
  assert.equal(await page.locator('#details img, #details script, #findings b').count(), 0, 'no markup from the trace');
  assert.equal(await page.locator('script').count(), 2, 'only the page\'s own scripts');
  // Rank 2's MPI_Put into the window named like markup: the call's details show its operation and the name as text.
  const text = await clickCall(page, 2, { start_ns: 40000, end_ns: 41000 }, 'MPI_Put');
  assert.ok(text.includes('Window' + HOSTILE_WINDOW), 'window name shown as text: ' + text);
  assert.ok(text.includes('RMAput') && text.includes('Targetrank 3') && text.includes('Bytes32 B') &&
    text.includes('Target bytes[8, 40)') && text.includes('Completed byMPI_Win_flush'), text);
  assert.equal(await page.locator('#details svg, svg').count(), 0, 'no markup from the window name');
}

async function testHostileWithFinding(browser) {
  const dir = path.join(TRACES, 'hostile');
  const server = await startView(['--findings', path.join(dir, 'findings.json'), path.join(dir, 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    await page.waitForFunction(() => window.mpiview.drawn.markers.length === 2);
    const item = page.locator('#findings li');
    assert.equal(await item.count(), 1);
    assert.ok((await item.textContent()).includes('<b>hostile</b> finding'), 'finding text shown as text');
    const full = await view(page);
    // Click the marker drawn on rank 1's call: the view zooms to the finding's calls, [1000, 2600] ns.
    const marker = await page.evaluate(() => window.mpiview.drawn.markers.find((m) => m.lane === 1));
    const box = await canvasBox(page);
    await settle(page, () => page.mouse.click(box.x + marker.x, box.y + marker.y));
    const zoomed = await view(page);
    assert.ok(zoomed.t0 <= 1000 && zoomed.t1 >= 2600, `finding's calls visible in [${zoomed.t0}, ${zoomed.t1}]`);
    assert.ok(zoomed.t1 - zoomed.t0 < (full.t1 - full.t0) / 10, 'zoomed in to the calls');
    assert.equal(await page.evaluate(() => window.mpiview.selectedFinding), 0);
    assert.ok((await page.locator('#details').textContent()).includes('MPI_Recv on rank 1 at <x>.c:12'));
    await checkHostileDetails(page);
    await screenshot(page, 'hostile-finding');
    expectCleanPage(page);

    // The token: requests without it are refused, with it served.
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/api/meta`)).status, 403);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/`)).status, 403);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/api/meta?token=${server.token}`)).status, 200);
  } finally {
    server.stop();
  }
}

// A real program named its communicator like markup (MPI_Comm_set_name): the name reaches the page as text.
async function testTracedHostileCommunicator(browser) {
  const server = await startView(['--no-findings', path.join(TRACES, 'hostile_comm', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    const band = await page.evaluate((name) => window.mpiview.drawn.bands.find(
      (b) => window.mpiview.meta.comms[b.comm].name === name && b.op === 'Barrier'), HOSTILE_COMM);
    assert.ok(band, 'a Barrier band on the communicator named ' + HOSTILE_COMM);
    assert.deepEqual(band.lanes, [0, 1, 2, 3]);
    await settle(page, () => page.evaluate((b) => {
      const pad = (b.end_ns - b.start_ns) * 0.5 + 100;
      window.mpiview.zoomTo(b.start_ns - pad, b.end_ns + pad);
    }, band));
    // Click rank 0's MPI_Barrier inside the band: its details name the communicator.
    const point = await pointAt(page, (band.start_ns + band.end_ns) / 2, 0);
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(() => document.getElementById('details').textContent.includes('Communicator'));
    const details = await page.locator('#details').textContent();
    assert.ok(details.includes(HOSTILE_COMM), details);
    assert.equal(await page.locator('script').count(), 2, 'only the page\'s own scripts');
    await screenshot(page, 'hostile-communicator');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

// The 1-based line of `file` carrying `marker` (the buggy examples mark their bug's line with BUG(check)).
function markerLine(file, marker) {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(marker));
  assert.ok(index >= 0, `${file} has no ${marker}`);
  return index + 1;
}

// A real buggy run: mpi-view runs mpi-analyze on the trace of requests_leak (rank 0's MPI_Isend is never waited
// for); the finding is listed, drawn at the call, a click zooms to exactly its calls and both the finding and the
// call's own details name the marked source line.
async function testAnalyzedFinding(browser) {
  const line = markerLine(path.join(BUGS_SOURCE, 'requests_leak.c'), 'BUG(requests.leak)');
  const where = `requests_leak.c:${line}`;
  const server = await startView([path.join(TRACES, 'requests_leak', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    await page.waitForFunction(() => document.querySelector('#findings li[data-finding]'), null, { timeout: 30000 });
    const findings = await page.evaluate(() => window.mpiview.findings);
    const leak = findings.find((f) => f.check === 'requests.leak');
    assert.ok(leak, 'requests.leak listed: ' + JSON.stringify(findings.map((f) => f.check)));
    assert.ok((await page.locator(`#findings li[data-finding="${leak.id}"]`).textContent()).includes('requests.leak'));
    const isend = leak.calls.find((c) => c.function === 'MPI_Isend');
    assert.ok(isend, 'the finding names the MPI_Isend: ' + JSON.stringify(leak.calls));
    assert.equal(isend.rank, 0);
    assert.equal(isend.lane, 0);
    assert.ok(String(isend.file).endsWith('requests_leak.c') && isend.line === line,
      `finding at ${isend.file}:${isend.line}, expected ${where}`);
    const placed = leak.calls.filter((c) => c.lane !== null && c.start_ns !== undefined);
    const drawnMarkers = await page.evaluate((id) => window.mpiview.drawn.markers.filter((m) => m.finding === id), leak.id);
    assert.equal(drawnMarkers.length, placed.length, 'one marker per placed call');
    assert.ok(drawnMarkers.some((m) => m.lane === 0), 'a marker on rank 0');
    await screenshot(page, 'requests-leak-whole');

    // Click the marker on rank 0: the view becomes the finding's calls, padded, and no more.
    const full = await view(page);
    const marker = drawnMarkers.find((m) => m.lane === 0);
    const box = await canvasBox(page);
    await settle(page, () => page.mouse.click(box.x + marker.x, box.y + marker.y));
    assert.equal(await page.evaluate(() => window.mpiview.selectedFinding), leak.id);
    const zoomed = await view(page);
    const first = Math.min(...placed.map((c) => c.start_ns));
    const last = Math.max(...placed.map((c) => c.end_ns));
    assert.ok(zoomed.t0 <= first && zoomed.t1 >= last, `calls [${first}, ${last}] visible in [${zoomed.t0}, ${zoomed.t1}]`);
    assert.ok(zoomed.t1 - zoomed.t0 < full.t1 - full.t0, 'narrower than the whole trace');
    // Exactly its calls: the padding around them is bounded (at most 15% each side, or 500 ns for short ones).
    const pad = Math.max(500, (last - first) * 0.15);
    assert.ok(first - zoomed.t0 <= pad + 1 && zoomed.t1 - last <= pad + 1, 'no more than the calls and their padding');
    const findingText = await page.locator('#details').textContent();
    assert.ok(findingText.includes('MPI_Isend on rank 0 at ') && findingText.includes(where), findingText);

    // The call itself, clicked on the timeline: its details name the same source line.
    const point = await pointAt(page, (isend.start_ns + isend.end_ns) / 2, 0);
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(() => document.getElementById('details').dataset.title === 'MPI_Isend');
    const callText = await page.locator('#details').textContent();
    assert.ok(callText.includes(where), 'call details name the source line: ' + callText);
    assert.ok(callText.includes('Sent to') && callText.includes('rank 1') && callText.includes('Tag7'), callText);
    await screenshot(page, 'requests-leak-finding');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

async function testExport(browser) {
  const dir = path.join(TRACES, 'hostile');
  const file = path.resolve(ARTIFACTS, 'hostile-export.html');
  await new Promise((resolve, reject) => {
    const child = spawn(MPI_VIEW, ['--findings', path.join(dir, 'findings.json'), '--export', file,
      path.join(dir, 'traces.otf2')], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('export exited with ' + code))));
  });
  const page = await openPage(browser, 'file://' + file);
  assert.equal(await page.locator('.lane-label').count(), RANKS);
  const drawn = await page.evaluate(() => window.mpiview.drawn);
  assert.deepEqual(drawn.messages.map((m) => [m.from, m.to, m.count]).sort(), [[0, 1, 1], [2, 3, 1]]);
  assert.equal(drawn.bands.length, 2);
  await settle(page, () => page.click('#findings li'));
  const zoomed = await view(page);
  assert.ok(zoomed.t0 <= 1000 && zoomed.t1 >= 2600);
  await checkHostileDetails(page);
  await screenshot(page, 'hostile-export');
  expectCleanPage(page);
}

// Zooms to [t0, t1] padded by 5% and waits for its tile.
async function zoomAround(page, t0, t1) {
  await settle(page, () => page.evaluate(([a, b]) => {
    const pad = Math.max(200, (b - a) * 0.05);
    window.mpiview.zoomTo(a - pad, b + pad);
  }, [t0, t1]));
}

// Sums drawn items' counts by key.
function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] || 0) + item.count;
  return counts;
}

// tests/e2e/programs/rma.c on 4 ranks: every rank r puts 5 times to its right neighbour (fence x2, lock_all, Rput,
// dynamic window), gets once from its left (fence) and twice from rank 0 (shared lock, Rget), makes 2 atomics on
// rank 0 (fetch-and-op, compare-and-swap), and the odd ranks accumulate once into the rank below (PSCW).
function expectedRmaLines() {
  const expected = {};
  const add = (from, to, kind, n) => { const key = `${from}->${to} ${kind}`; expected[key] = (expected[key] || 0) + n; };
  for (let r = 0; r < RANKS; ++r) {
    add(r, (r + 1) % RANKS, 'put', 5);
    add(r, (r + RANKS - 1) % RANKS, 'get', 1);
    add(r, 0, 'get', 2);
    add(r, 0, 'accumulate', 2);
    if (r % 2 === 1) add(r, r - 1, 'accumulate', 1);
  }
  return expected;
}

// Per lane of rma.c: one fence epoch (window a), one PSCW epoch (odd ranks access to the rank below, even ranks
// exposure to the rank above), exclusive locks on itself and on rank 0, shared locks on rank 0 and on itself, and
// lock_all on the allocated, shared and dynamic windows.
const EXPECTED_EPOCHS = { fence: 1, 'exclusive lock': 2, 'shared lock': 2, lock_all: 3 };

async function testRma(browser) {
  const server = await startView(['--no-findings', path.join(TRACES, 'rma', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    const whole = await page.evaluate(() => window.mpiview.drawn);
    assert.deepEqual(countBy(whole.rmaOps, (l) => `${l.from}->${l.to} ${l.kind}`), expectedRmaLines(),
      'RMA operation lines between the right lanes, by kind');
    await screenshot(page, 'rma-whole');

    // Zoomed to the epochs: each lane's epochs one by one, of the right kinds.
    const first = Math.min(...whole.epochs.map((e) => e.start_ns));
    const last = Math.max(...whole.epochs.map((e) => e.end_ns));
    await zoomAround(page, first, last);
    const zoomed = await page.evaluate(() => window.mpiview.drawn);
    for (let lane = 0; lane < RANKS; ++lane) {
      const epochs = zoomed.epochs.filter((e) => e.lane === lane);
      const kinds = countBy(epochs, (e) => e.kind);
      const pscw = lane % 2 === 1 ? { access: 1 } : { exposure: 1 };
      assert.deepEqual(kinds, { ...EXPECTED_EPOCHS, ...pscw }, `epochs of lane ${lane}: ${JSON.stringify(epochs)}`);
    }
    assert.deepEqual(countBy(zoomed.rmaOps, (l) => `${l.from}->${l.to} ${l.kind}`), expectedRmaLines(),
      'the same lines when zoomed in');
    await screenshot(page, 'rma-epochs');

    // Lane 1's PSCW access epoch: hover shows the epoch with its window and group.
    const access = zoomed.epochs.find((e) => e.lane === 1 && e.kind === 'access' && e.count === 1);
    await zoomAround(page, access.start_ns, access.end_ns);
    const box = await canvasBox(page);
    const epochAt = await pointAt(page, (access.start_ns + access.end_ns) / 2, 1);
    await page.mouse.move(epochAt.x, box.y + 28 + 1);
    await page.waitForFunction(() => document.getElementById('details').dataset.title === 'RMA access (start/complete) epoch');
    let text = await page.locator('#details').textContent();
    assert.ok(text.includes('rank 1') && text.includes('ranks 0') && text.includes('window'), text);

    // The accumulate of rank 1 into rank 0 inside it: click its line, details name kind, ranks, bytes, target bytes.
    const line = await page.evaluate(() => window.mpiview.drawn.rmaOps.find((l) => l.from === 1 && l.to === 0 &&
      l.kind === 'accumulate' && l.count === 1));
    assert.ok(line, 'the PSCW accumulate line is drawn on its own');
    // Zoomed to the line itself; the click goes to a point on it more than 4 px from every other RMA line (a put
    // issued just before it in the same epoch may run close by, depending on the run's timing), in lane 1 below
    // the epoch strip.
    const ends = await page.evaluate((id) => {
      const op = window.mpiview.tile.rma.find((o) => o[6] === id);
      return { a: op[1], b: op[3] };
    }, line.id);
    await zoomAround(page, ends.a, ends.b);
    const rma = await page.evaluate(() => window.mpiview.tile.rma.map((o) => [o[0], o[1], o[2], o[3], o[6]]));
    const own = rma.find((o) => o[4] === line.id);
    assert.ok(own, 'the accumulate line is in the tile');
    const a = await pointAt(page, own[1], own[0]);
    const b = await pointAt(page, own[3], own[2]);
    const others = [];
    for (const o of rma.filter((o) => o[4] !== line.id)) {
      others.push([await pointAt(page, o[1], o[0]), await pointAt(page, o[3], o[2])]);
    }
    let clicked = false;
    for (let part = 0.05; part <= 0.5 && !clicked; part += 0.05) {
      const p = { x: a.x + (b.x - a.x) * part, y: a.y + (b.y - a.y) * part };
      if (others.some((segment) => distance(p, segment) <= 4)) continue;
      await page.mouse.click(p.x, p.y);
      clicked = await page.waitForFunction(() => document.getElementById('details').dataset.title === 'RMA accumulate',
        null, { timeout: 5000 }).then(() => true, () => false);
    }
    assert.ok(clicked, 'a click on the accumulate line shows its details');
    text = await page.locator('#details').textContent();
    assert.ok(text.includes('Originrank 1') && text.includes('Targetrank 0') && text.includes('4 B'), text);
    assert.ok(text.includes('Target bytes[20, 24)') && text.includes('MPI_Accumulate'), text);
    await screenshot(page, 'rma-accumulate');

    // The MPI_Accumulate call itself: its operation in full, with the reduction and the user's source line.
    const accumulateLine = markerLine(RMA_SOURCE, 'MPI_Accumulate(&add');
    const accumulate = await callAt(page, 1, 'MPI_Accumulate', own[1]);
    text = await clickCall(page, 1, accumulate, 'MPI_Accumulate');
    assert.ok(text.includes('RMAaccumulate with MPI_SUM') && text.includes('Targetrank 0') && text.includes('Bytes4 B') &&
      text.includes('Target disp5') && text.includes('Target bytes[20, 24)') && text.includes('WindowMPI_Win_create window 0') &&
      text.includes('Completed byMPI_Win_complete') && text.includes(`rma.c:${accumulateLine}`), text);
    await screenshot(page, 'rma-accumulate-call');

    // Rank 1's closing fence (where its fence epoch ends) completes the epoch's three operations: count and list.
    const fenceEpoch = zoomed.epochs.find((e) => e.lane === 1 && e.kind === 'fence' && e.count === 1);
    const fence = await callAt(page, 1, 'MPI_Win_fence', fenceEpoch.end_ns);
    text = await clickCall(page, 1, fence, 'MPI_Win_fence');
    assert.ok(text.includes('Completes3 RMA operations'), text);
    assert.ok(text.includes('RMA 1put 8 B to rank 2') && text.includes('RMA 2get 4 B from rank 0') &&
      text.includes('RMA 3put 8 B to rank 2'), text);
    assert.ok(text.includes('issued by MPI_Put at ') && text.includes('issued by MPI_Get at '), text);
    await screenshot(page, 'rma-fence-call');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

// tests/e2e/programs/io.c on 4 ranks, on a file named like markup: every rank's reads and writes are drawn in its
// lane, and their details name the file as text, with offset and bytes.
async function testIo(browser) {
  const server = await startView(['--no-findings', path.join(TRACES, 'io', 'traces.otf2')]);
  try {
    const page = await openPage(browser, server.url);
    const whole = await page.evaluate(() => window.mpiview.drawn);
    const first = Math.min(...whole.io.map((o) => o.start_ns));
    const last = Math.max(...whole.io.map((o) => o.end_ns));
    await zoomAround(page, first, last);
    const drawn = await page.evaluate(() => window.mpiview.drawn);
    for (let lane = 0; lane < RANKS; ++lane) {
      // 15 operations (reads, writes, flushes), plus write_shared on rank 0.
      const total = drawn.io.filter((o) => o.lane === lane).reduce((n, o) => n + o.count, 0);
      assert.equal(total, lane === 0 ? 16 : 15, `I/O operations on lane ${lane}`);
    }
    await screenshot(page, 'io-whole');
    // Rank 2's first write (write_at: 16 B at offset 32): hover the IO strip of lane 2.
    const write = drawn.io.filter((o) => o.lane === 2)[0];
    await zoomAround(page, write.start_ns, write.end_ns);
    const single = await page.evaluate(() => window.mpiview.drawn.io.find((o) => o.lane === 2 && o.count === 1));
    assert.equal(single.mode, 'write');
    const box = await canvasBox(page);
    const at = await pointAt(page, (single.start_ns + single.end_ns) / 2, 2);
    await page.mouse.move(at.x, box.y + 3 * 28 - 2);
    await page.waitForFunction(() => document.getElementById('details').dataset.title === 'IO write');
    const text = await page.locator('#details').textContent();
    assert.ok(text.includes(HOSTILE_FILE), 'file name shown as text: ' + text);
    assert.ok(text.includes('Offset32') && text.includes('Bytes16 B') && text.includes('blocking') &&
      text.includes('MPI_File_write_at'), text);
    assert.equal(await page.locator('#details img, img').count(), 0, 'no markup from the file name');
    await screenshot(page, 'io-write');

    // The MPI_File_write_at call: its operation (file, offset, bytes) and source line.
    const writeCall = await callAt(page, 2, 'MPI_File_write_at', single.start_ns);
    let callText = await clickCall(page, 2, writeCall, 'MPI_File_write_at');
    assert.ok(callText.includes('IOwrite, blocking') && callText.includes('File') && callText.includes(HOSTILE_FILE) &&
      callText.includes('Offset32') && callText.includes('Bytes16 B') &&
      callText.includes(`io.c:${markerLine(IO_SOURCE, 'MPI_File_write_at(fh')}`), callText);
    assert.equal(await page.locator('img').count(), 0, 'no markup from the file name');
    await screenshot(page, 'io-write-call');

    // Seeks: two ticks per lane; rank 2's MPI_File_seek is a dark tick at its time (pixels), its hover tells where
    // the pointer went, and a click on the MPI_File_seek call shows the same seek.
    await zoomAround(page, first, last);
    const ticks = await page.evaluate(() => window.mpiview.drawn.seeks);
    for (let lane = 0; lane < RANKS; ++lane) {
      assert.equal(ticks.filter((s) => s.lane === lane).reduce((n, s) => n + s.count, 0), 2, `seeks on lane ${lane}`);
    }
    const seekCall = await callAt(page, 2, 'MPI_File_seek', (await page.evaluate(() => window.mpiview.drawn.seeks))
      .find((s) => s.lane === 2).start_ns);
    await zoomAround(page, seekCall.start_ns, seekCall.end_ns);
    const tick = await page.evaluate(() => window.mpiview.drawn.seeks.find((s) => s.lane === 2 && s.count === 1));
    assert.equal(tick.origin, 'from start');
    const tickAt = await pointAt(page, tick.start_ns, 2);
    const tickPoint = { x: Math.round(tickAt.x - box.x) + box.x - 0.5, y: tickAt.y + 6 };
    assert.deepEqual(await pixelAt(page, tickPoint), [0x4b, 0x1f, 0x45], 'the seek tick is drawn');
    await page.mouse.move(tickPoint.x, tickPoint.y);
    await page.waitForFunction(() => document.getElementById('details').dataset.title === 'Seek');
    callText = await page.locator('#details').textContent();
    assert.ok(callText.includes('Requested96 from start') && callText.includes('New offset96') &&
      callText.includes('CallMPI_File_seek') && callText.includes(HOSTILE_FILE), callText);
    await screenshot(page, 'io-seek');
    callText = await clickCall(page, 2, seekCall, 'MPI_File_seek');
    assert.ok(callText.includes('Seek96 from start to offset 96'), callText);

    // The file is open on every lane from MPI_File_open to MPI_File_close: a pale band at the bottom of the lane,
    // under the operations. At a point of lane 1's band clear of its operations and seeks the band's colour shows,
    // and hovering it explains the open file.
    await settle(page, () => page.click('#reset'));
    const wholeFiles = await page.evaluate(() => window.mpiview.drawn.files);
    assert.deepEqual(wholeFiles.map((f) => [f.lane, f.count, f.access]).sort(),
      [[0, 1, 'read-write'], [1, 1, 'read-write'], [2, 1, 'read-write'], [3, 1, 'read-write']]);
    const band = wholeFiles.find((f) => f.lane === 1);
    await zoomAround(page, band.start_ns, band.end_ns);
    const busy = await page.evaluate(() => [...window.mpiview.drawn.io, ...window.mpiview.drawn.seeks]
      .filter((o) => o.lane === 1).map((o) => [o.start_ns, o.end_ns]));
    const from = await pointAt(page, band.start_ns, 1);
    const to = await pointAt(page, band.end_ns, 1);
    let clear = null;
    for (let x = Math.ceil(from.x) + 3; x < to.x - 3 && !clear; x += 2) {
      const free = await Promise.all(busy.map(async ([s, e]) => {
        const a = await pointAt(page, s, 1);
        const b = await pointAt(page, e, 1);
        return x < a.x - 4 || x > b.x + 4;
      }));
      if (free.every(Boolean)) clear = { x: x + 0.5, y: from.y + LANE_H / 2 - 2 };
    }
    assert.ok(clear, 'a point of the file-open band clear of operations');
    assert.deepEqual(await pixelAt(page, clear), [0xea, 0xdb, 0xe6], 'the file-open band is drawn');
    await page.mouse.move(clear.x, clear.y);
    await page.waitForFunction(() => document.getElementById('details').dataset.title === 'File open');
    callText = await page.locator('#details').textContent();
    assert.ok(callText.includes(HOSTILE_FILE) && callText.includes('Rankrank 1') && callText.includes('Accessread-write') &&
      callText.includes('Operations15 operations: 80 B read, 84 B written') && callText.includes('Opened byMPI_File_open at ') &&
      callText.includes('Closed byMPI_File_close at '), callText);
    assert.equal(await page.locator('img').count(), 0, 'no markup from the file name');
    await screenshot(page, 'io-file-open');
    expectCleanPage(page);
  } finally {
    server.stop();
  }
}

const tests = { testRing, testCollectives, testHostileWithFinding, testTracedHostileCommunicator, testAnalyzedFinding,
  testExport, testRma, testIo };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30000 });
let failed = 0;
try {
  for (const [name, test] of Object.entries(tests)) {
    if (args.only && !args.only.split(',').includes(name)) continue;  // --only testA,testB while developing
    const started = Date.now();
    try {
      await test(browser);
      console.log(`PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}: ${error.stack || error}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${Object.keys(tests).length - failed} passed, ${failed} failed; screenshots in ${ARTIFACTS}`);
process.exit(failed ? 1 : 0);
