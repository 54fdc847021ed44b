// The browser side of mpi-view on a big trace: time from starting mpi-view to the first drawn tile, cold (the
// index is built meanwhile) and with the cached index, tile round trips as the page sees them, and the JS heap
// while zooming and panning many times (it must stay flat).
// usage: node browser_bench.mjs MPI_VIEW TRACE   (playwright-core comes from tests/viewer/browser/node_modules)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/viewer/browser/package.json'));
const { chromium } = require('playwright-core');
const [mpiView, trace] = process.argv.slice(2);

const startView = () => new Promise((resolve, reject) => {
  const child = spawn(mpiView, ['--no-findings', trace], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)\n/);
    if (match) resolve({ url: match[1], child });
  });
  child.on('exit', (code) => reject(new Error('mpi-view exited with ' + code)));
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'] });
// From starting mpi-view to the page's first drawn tile, and to the first tile drawn from the complete index.
async function timeToPaint(label) {
  const started = Date.now();
  const view = await startView();
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  try {
    await page.goto(view.url);
    await page.waitForFunction(() => window.mpiview && window.mpiview.fullPaintMs !== undefined, null, { timeout: 300000 });
    const [first, full] = await page.evaluate(() =>
      [performance.timeOrigin + window.mpiview.firstPaintMs, performance.timeOrigin + window.mpiview.fullPaintMs]);
    console.log(`${label}: mpi-view start to first paint ${(first - started).toFixed(0)} ms, ` +
      `to the complete index's first tile ${(full - started).toFixed(0)} ms`);
  } finally {
    await page.close();
    view.child.kill('SIGTERM');
  }
}

const anchor = fs.statSync(trace).isDirectory() ? path.join(trace, 'traces.otf2') : trace;
fs.rmSync(anchor.replace(/\.otf2$/, '.mpiview-index'), { force: true });
await timeToPaint('cold (index built while serving)');
await timeToPaint('warm (cached index)');
const server = await startView();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapMiB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1048576).toFixed(1);
  };
  await page.goto(server.url);
  await page.waitForFunction(() => window.mpiview && window.mpiview.fullPaintMs !== undefined, null, { timeout: 60000 });
  console.log('first paint (navigation to first drawn tile): ' + (await page.evaluate(() => window.mpiview.firstPaintMs)).toFixed(0) + ' ms');
  console.log('JS heap after first paint: ' + (await heapMiB()) + ' MiB');
  const box = await page.locator('#canvas').boundingBox();
  const tileMs = [];
  for (let round = 1; round <= 4; ++round) {
    for (let i = 0; i < 25; ++i) {
      const x = box.x + box.width * ((i * 37) % 100) / 100;
      const before = await page.evaluate(() => window.mpiview.tileSeq);
      await page.mouse.move(x, box.y + 20);
      await page.mouse.wheel(i % 5 === 4 ? 0 : 0, i % 5 === 4 ? 1500 : -300);
      await page.waitForFunction((seq) => window.mpiview.tileSeq > seq && window.mpiview.idle, before);
      tileMs.push(await page.evaluate(() => window.mpiview.lastTileMs));
    }
    console.log(`JS heap after ${round * 25} zooms: ${await heapMiB()} MiB`);
    await page.click('#reset');
  }
  tileMs.sort((a, b) => a - b);
  console.log(`tile round trip seen by the page: p50 ${tileMs[tileMs.length >> 1].toFixed(1)} ms, ` +
    `p95 ${tileMs[Math.floor(tileMs.length * 0.95)].toFixed(1)} ms, max ${tileMs[tileMs.length - 1].toFixed(1)} ms`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
}
