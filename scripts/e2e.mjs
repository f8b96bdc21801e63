// Runs the browser test files (tests/e2e/*.test.mjs) in parallel workers, each file in its own
// `node --test` process, and prints each file's output in one piece when it ends, then a table of
// wall times. Every file starts its own server and Chromium, so files never share state.
//
//   node scripts/e2e.mjs [file[@pattern]…] [-- node-test-args…]
//   (a file is a path or a name such as `layer3`; `@pattern` runs only its tests whose names
//   match, as node's --test-name-pattern)
//   E2E_JOBS=2        workers (default 2: this machine has 2 cores)
//   TEST_TIMES=path   also append "browser: <file>\t<seconds>\t<exit code>" lines there
//
// Files start longest first (by the last run's times in target/e2e-times.json, when there is
// one), so the two workers finish close together.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'e2e');
const memo = path.join(root, 'target', 'e2e-times.json');

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const named = dash < 0 ? argv : argv.slice(0, dash);
const passThrough = dash < 0 ? [] : argv.slice(dash + 1);
const patterns = new Map();
let files = named.length
  ? named.map((arg) => {
    const at = arg.indexOf('@');
    const f = at < 0 ? arg : arg.slice(0, at);
    const file = fs.existsSync(f) ? path.resolve(f) : path.join(dir, f.endsWith('.mjs') ? f : `${f}.test.mjs`);
    if (at >= 0) patterns.set(file, arg.slice(at + 1));
    return file;
  })
  : fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).map((f) => path.join(dir, f));
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`No such browser test file: ${f}\nThere are: ${fs.readdirSync(dir).filter((x) => x.endsWith('.test.mjs')).join(', ')}`);
    process.exit(2);
  }
}
const jobs = Math.max(1, Number(process.env.E2E_JOBS) || Math.min(2, os.availableParallelism?.() ?? 2));

// Seconds per file as measured (BENCHMARKS.md), for a fresh clone's first run.
let last = { 'quality.test.mjs': 200, 'teachers.test.mjs': 125, 'lazy.test.mjs': 60, 'layer4.test.mjs': 31, 'page.test.mjs': 25 };
try { last = { ...last, ...JSON.parse(fs.readFileSync(memo, 'utf8')) }; } catch { /* first run */ }
files.sort((a, b) => (last[path.basename(b)] ?? 20) - (last[path.basename(a)] ?? 20) || a.localeCompare(b));

const results = [];
const started = Date.now();

function run(file) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const only = patterns.has(file) ? [`--test-name-pattern=${patterns.get(file)}`] : [];
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...only, ...passThrough, file], {
      cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      const seconds = (Date.now() - t0) / 1000;
      const name = path.basename(file);
      process.stdout.write(`\n━━ ${name} (${seconds.toFixed(1)} s, ${code === 0 ? 'passed' : `FAILED, exit ${code}`})\n${out}`);
      results.push({ name, seconds, code });
      resolve();
    });
  });
}

const queue = [...files];
await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
  while (queue.length) await run(queue.shift());
}));

const wall = (Date.now() - started) / 1000;
results.sort((a, b) => b.seconds - a.seconds);
console.log(`\nBrowser test files (${jobs} worker${jobs > 1 ? 's' : ''}, ${wall.toFixed(1)} s wall):`);
for (const r of results) console.log(`  ${r.name.padEnd(28)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.code === 0 ? 'ok' : 'FAILED'}`);
if (process.env.TEST_TIMES) {
  fs.appendFileSync(process.env.TEST_TIMES, results.map((r) => `browser: ${r.name}\t${r.seconds.toFixed(1)}\t${r.code}\n`).join(''));
}
// Remember full runs' times (not filtered ones) for the next run's order.
if (!passThrough.length && !patterns.size && !process.env.TEST_WIDGETS) {
  fs.mkdirSync(path.dirname(memo), { recursive: true });
  fs.writeFileSync(memo, JSON.stringify({ ...last, ...Object.fromEntries(results.map((r) => [r.name, r.seconds])) }, null, 1));
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
