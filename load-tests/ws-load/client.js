'use strict';
// WebSocket load client of load-tests/bench-fanout.sh and bench-leaderboard-feed.sh (loopback only).
// Opens --clients connections spread round-robin over --urls (each with ?token=), subscribes each to
// --channel, writes --ready-file once every one is subscribed, then measures:
//   --mode=news         every {"type":"message"} frame: latency = receive time - payload.t (ms, the
//                       publisher's clock; same machine), delivered/expected, order per connection.
//   --mode=leaderboard  {"type":"leaderboard"} frames per second per client over --measure-s seconds,
//                       starting --warm-s after ready.
// Prints one JSON line (also to --result-file) and exits; bounded by --connect-timeout-s and --max-run-s.
const fs = require('fs');
const { performance } = require('perf_hooks');
const WebSocket = require('ws');

const opt = parseArgs({
  clients: 1000,
  urls: 'ws://127.0.0.1:8080/ws',
  token: '',
  'auth-frame': false, // send {"op":"auth"} as the first frame instead of ?token=
  channel: 'news:bench',
  top: 0, // leaderboard window; 0: not sent
  mode: 'news',
  messages: 200, // news: messages each client expects
  concurrency: 200, // handshakes in flight at once
  'local-addresses': 4, // spread source addresses over 127.0.0.1..N (ephemeral ports per address)
  'connect-timeout-s': 180,
  'max-failed-percent': 1, // go on when every handshake is done and at most this share failed (reported)
  'max-run-s': 180, // after ready
  'idle-ms': 15000, // news: stop when nothing arrived this long (after the first message)
  'warm-s': 3, // leaderboard
  'measure-s': 20, // leaderboard
  'ready-file': '',
  'result-file': '',
});

const now = () => performance.timeOrigin + performance.now();
const urls = String(opt.urls).split(',');
const N = Number(opt.clients);
const perClient = Number(opt.messages);
const latencies = opt.mode === 'news' ? new Float64Array(N * perClient) : null;
const lastSeq = new Int32Array(N).fill(-1);
const frameCounts = new Uint32Array(N);
const MESSAGE_PREFIX = Buffer.from('{"type":"message"');
const LEADERBOARD_PREFIX = Buffer.from('{"type":"leaderboard"');
const T_FIELD = Buffer.from('"t":');
const SEQ_FIELD = Buffer.from('"seq":');
const sockets = [];
const stats = {
  subscribed: 0, connectFailures: 0, closedEarly: 0, errorFrames: 0, resubscribes: 0, delivered: 0, outOfOrder: 0,
  unparsed: 0, firstFailure: '',
};
const started = now();
let readyAt = 0;
let cpuAtReady = null;
let lastMessageAt = 0;
let measuring = false;
let finished = false;

function parseArgs(defaults) {
  const o = { ...defaults };
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m || !(m[1] in defaults)) {
      console.error(`unknown argument ${a}; known: ${Object.keys(defaults).join(', ')}`);
      process.exit(2);
    }
    o[m[1]] = m[2] === undefined ? true : m[2] === 'false' ? false : m[2];
  }
  return o;
}

// the number after "field": in a frame, without parsing the whole frame
function numberAfter(buf, field) {
  const i = buf.indexOf(field);
  if (i < 0) return NaN;
  let j = i + field.length;
  let k = j;
  while (k < buf.length && buf[k] !== 0x2c && buf[k] !== 0x7d) k++; // ',' '}'
  return Number(buf.toString('latin1', j, k));
}

function onFrame(i, data) {
  const t = now();
  if (data.length >= MESSAGE_PREFIX.length && data.compare(MESSAGE_PREFIX, 0, MESSAGE_PREFIX.length, 0, MESSAGE_PREFIX.length) === 0) {
    if (opt.mode !== 'news') return;
    const sent = numberAfter(data, T_FIELD);
    const seq = numberAfter(data, SEQ_FIELD);
    if (Number.isNaN(sent) || Number.isNaN(seq)) { stats.unparsed++; return; }
    delivered(i, t, sent, seq);
    return;
  }
  if (data.length >= LEADERBOARD_PREFIX.length && data.compare(LEADERBOARD_PREFIX, 0, LEADERBOARD_PREFIX.length, 0, LEADERBOARD_PREFIX.length) === 0) {
    if (measuring) frameCounts[i]++;
    if (!sockets[i].subscribed) subscribed(i); // a snapshot counts as the subscription's answer too
    return;
  }
  let msg;
  try { msg = JSON.parse(data.toString()); } catch { stats.unparsed++; return; }
  // the same frames with their fields in another order: the slow path
  if (msg.type === 'message' && opt.mode === 'news' && msg.payload && typeof msg.payload.t === 'number') {
    delivered(i, t, msg.payload.t, msg.payload.seq);
  } else if (msg.type === 'leaderboard') {
    if (measuring) frameCounts[i]++;
    if (!sockets[i].subscribed) subscribed(i);
  } else if (msg.type === 'subscribed') {
    if (!sockets[i].subscribed) subscribed(i);
  } else if (msg.type === 'error') {
    stats.errorFrames++;
    if (!stats.firstFailure) stats.firstFailure = `error frame: ${msg.detail}`;
    const ws = sockets[i];
    // a refused subscription ("subscribe again later"): ask again, a few times, a second apart
    if (!ws.subscribed && !finished && ws.retries++ < 5) {
      stats.resubscribes++;
      setTimeout(() => { if (ws.readyState === WebSocket.OPEN) ws.send(subscribeFrame()); }, 1000);
    }
  }
}

function subscribeFrame() {
  const sub = { op: 'subscribe', channel: opt.channel };
  if (Number(opt.top) > 0) sub.top = Number(opt.top);
  return JSON.stringify(sub);
}

function delivered(i, t, sent, seq) {
  if (stats.delivered < latencies.length) latencies[stats.delivered] = t - sent;
  stats.delivered++;
  if (seq <= lastSeq[i]) stats.outOfOrder++;
  lastSeq[i] = seq;
  frameCounts[i]++;
  lastMessageAt = t;
  if (stats.delivered >= stats.subscribed * perClient && readyAt) finish('all delivered');
}

function subscribed(i) {
  sockets[i].subscribed = true;
  stats.subscribed++;
  checkAllAnswered();
}

// every connection subscribed, or failed: go on if few failed, else stop with the reason
function checkAllAnswered() {
  if (readyAt || finished || stats.subscribed + stats.connectFailures < N) return;
  if (stats.connectFailures * 100 <= N * Number(opt['max-failed-percent']) && stats.subscribed > 0) ready();
  else finish(`${stats.connectFailures} connections failed`);
}

function fail(i, why) {
  if (sockets[i].failed) return; // one count per connection ('error' may follow another event)
  sockets[i].failed = true;
  if (sockets[i].subscribed) {
    if (!finished) stats.closedEarly++;
  } else {
    stats.connectFailures++;
  }
  if (!stats.firstFailure) stats.firstFailure = why;
  checkAllAnswered();
}

function open(i) {
  const url = urls[i % urls.length] + (opt.token && !opt['auth-frame'] ? `?token=${encodeURIComponent(opt.token)}` : '');
  const localAddress = `127.0.0.${1 + (i % Number(opt['local-addresses']))}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress, handshakeTimeout: 30000 });
    ws.subscribed = false;
    ws.retries = 0;
    sockets[i] = ws;
    let settled = false;
    const settle = () => { if (!settled) { settled = true; resolve(); } };
    ws.on('open', () => {
      if (opt.token && opt['auth-frame']) ws.send(JSON.stringify({ op: 'auth', token: opt.token }));
      ws.send(subscribeFrame());
      settle();
    });
    ws.on('message', (data, isBinary) => { if (!isBinary) onFrame(i, data); });
    ws.on('unexpected-response', (req, res) => { fail(i, `upgrade refused: HTTP ${res.statusCode} from ${url.replace(/token=[^&]*/, 'token=…')}`); req.destroy(); settle(); });
    ws.on('error', (e) => { fail(i, `${e.code || ''} ${e.message}`.trim()); settle(); });
    ws.on('close', (code) => { if (!finished && ws.subscribed) fail(i, `closed by server: ${code}`); settle(); });
  });
}

async function connectAll() {
  let next = 0;
  const worker = async () => {
    while (next < N && !finished) {
      const i = next++;
      await open(i);
      // a server that refuses every upgrade (no /ws yet): stop early with the reason
      if (stats.connectFailures >= 20 && stats.subscribed === 0) finish('connections refused');
    }
  };
  await Promise.all(Array.from({ length: Math.min(Number(opt.concurrency), N) }, worker));
}

function ready() {
  readyAt = now();
  cpuAtReady = process.cpuUsage();
  if (opt['ready-file']) fs.writeFileSync(opt['ready-file'], `${N}\n`);
  console.error(`all ${N} subscribed in ${((readyAt - started) / 1000).toFixed(1)} s`);
  setTimeout(() => finish('max-run-s reached'), Number(opt['max-run-s']) * 1000).unref();
  if (opt.mode === 'leaderboard') {
    setTimeout(() => {
      measuring = true;
      setTimeout(() => { measuring = false; finish('measured'); }, Number(opt['measure-s']) * 1000);
    }, Number(opt['warm-s']) * 1000);
  } else {
    const idle = setInterval(() => {
      if (lastMessageAt && now() - lastMessageAt > Number(opt['idle-ms'])) { clearInterval(idle); finish('idle'); }
    }, 500);
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function finish(reason) {
  if (finished) return;
  finished = true;
  const result = {
    mode: opt.mode, clients: N, subscribed: stats.subscribed, connectFailures: stats.connectFailures,
    closedEarly: stats.closedEarly, errorFrames: stats.errorFrames, resubscribes: stats.resubscribes,
    unparsed: stats.unparsed, end: reason,
    connectSeconds: readyAt ? +((readyAt - started) / 1000).toFixed(1) : null,
  };
  if (cpuAtReady) {
    const cpu = process.cpuUsage(cpuAtReady); // this process's CPU since all were subscribed
    result.cpuSecondsSinceReady = +((cpu.user + cpu.system) / 1e6).toFixed(2);
  }
  if (stats.firstFailure) result.firstFailure = stats.firstFailure;
  if (opt.mode === 'news') {
    const got = latencies.subarray(0, Math.min(stats.delivered, latencies.length)).slice().sort();
    const r2 = (x) => (x === null ? null : +x.toFixed(2));
    Object.assign(result, {
      delivered: stats.delivered, expected: stats.subscribed * perClient, outOfOrder: stats.outOfOrder,
      p50: r2(percentile(got, 50)), p99: r2(percentile(got, 99)), max: r2(got.length ? got[got.length - 1] : null),
      clientsMissingSome: sockets.reduce((n, ws, i) => n + (ws && ws.subscribed && frameCounts[i] < perClient ? 1 : 0), 0),
    });
  } else {
    const rates = Array.from(frameCounts, (c) => c / Number(opt['measure-s'])).sort((a, b) => a - b);
    const sum = rates.reduce((a, b) => a + b, 0);
    Object.assign(result, {
      measureSeconds: Number(opt['measure-s']),
      framesPerClientPerSecond: { mean: +(sum / (rates.length || 1)).toFixed(2), min: rates[0] ?? null, max: rates[rates.length - 1] ?? null },
      framesPerSecondTotal: +sum.toFixed(0),
    });
  }
  const line = JSON.stringify(result);
  if (opt['result-file']) fs.writeFileSync(opt['result-file'], `${line}\n`);
  console.log(line);
  for (const ws of sockets) if (ws) ws.terminate();
  setTimeout(() => process.exit(0), 200).unref();
}

process.on('beforeExit', () => finish(stats.firstFailure || 'no connection left'));
process.on('SIGTERM', () => finish('SIGTERM'));
process.on('SIGINT', () => finish('SIGINT'));
setTimeout(() => { if (!readyAt) finish(`not all subscribed within ${opt['connect-timeout-s']} s`); },
  Number(opt['connect-timeout-s']) * 1000).unref();
connectAll();
