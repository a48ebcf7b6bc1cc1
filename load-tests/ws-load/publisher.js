'use strict';
// Publisher of load-tests/bench-fanout.sh and bench-leaderboard-feed.sh, in its own process (loopback only).
//   --target=http   POST {base}/api/v1/notifications {"channel","payload":{"t":<ms>,"seq":n}} (Bearer token)
//   --target=redis  PUBLISH <channel> {"offset":"<n+1>-0","payload":{"t":<ms>,"seq":n}} on 127.0.0.1:<redis-port>
//                   (the frame shape load-tests/ws-baseline expects)
//   --target=scores POST {base}/api/v1/leaderboards/{board}/scores {"member":"m<n % members>","score":n,"mode":"set"}
//                   (every write is a new high score, so the top window changes all the time)
// --base may list several servers (comma-separated): the requests alternate over them.
// Sends --count messages at --rate per second (scores: for --duration-s), on a fixed schedule (a slow server
// does not slow the schedule down; requests queue instead), then prints one JSON line and exits.
const http = require('http');
const net = require('net');
const { performance } = require('perf_hooks');

const opt = {
  target: 'http', base: 'http://127.0.0.1:8080', token: '', channel: 'news:bench', 'redis-port': 6379,
  count: 200, rate: 20, board: 'bench', members: 1000, 'duration-s': 0, sockets: 16, 'timeout-s': 60,
};
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (!m || !(m[1] in opt)) { console.error(`unknown argument ${a}; known: ${Object.keys(opt).join(', ')}`); process.exit(2); }
  opt[m[1]] = m[2];
}
const now = () => performance.timeOrigin + performance.now();
const rate = Number(opt.rate);
const count = opt.target === 'scores' && Number(opt['duration-s']) > 0 ? Math.round(rate * Number(opt['duration-s'])) : Number(opt.count);
const result = { target: opt.target, sent: 0, ok: 0, failed: 0, receivers: 0, firstError: '' };
let started = 0;
let answered = 0;

const bases = String(opt.base).split(','); // http targets: requests alternate over these
let posted = 0;
// up to --sockets requests in flight, so a slow response never delays the next send (and its timestamp);
// two notifications in flight at once may reach Redis in either order, so a client may see them swapped
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(opt.sockets) });
const responseMs = [];
function post(path, body) {
  const data = Buffer.from(JSON.stringify(body));
  const url = new URL(path, bases[posted++ % bases.length]);
  const sentAt = now();
  const req = http.request(url, {
    method: 'POST', agent,
    headers: { 'Content-Type': 'application/json', 'Content-Length': data.length, Authorization: `Bearer ${opt.token}` },
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      responseMs.push(now() - sentAt);
      if (res.statusCode < 300) {
        result.ok++;
        if (opt.target === 'http') {
          try { result.receivers += JSON.parse(Buffer.concat(chunks)).receivers || 0; } catch { /* counted as ok */ }
        }
      } else {
        failed(`HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`);
      }
      done();
    });
  });
  req.on('error', (e) => { failed(e.message); done(); });
  req.end(data);
}

let redis;
let pendingReplies = '';
function redisPublish(channel, message) {
  const arg = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  redis.write(`*3\r\n${arg('PUBLISH')}${arg(channel)}${arg(message)}`);
}
function onRedisData(chunk) {
  pendingReplies += chunk.toString('latin1');
  let nl;
  while ((nl = pendingReplies.indexOf('\r\n')) >= 0) {
    const line = pendingReplies.slice(0, nl);
    pendingReplies = pendingReplies.slice(nl + 2);
    if (line[0] === ':') { result.ok++; result.receivers += Number(line.slice(1)); } else { failed(line); }
    done();
  }
}

function failed(why) {
  result.failed++;
  if (!result.firstError) result.firstError = why;
}

function sendOne(n) {
  result.sent++;
  const t = +now().toFixed(3);
  if (opt.target === 'redis') {
    redisPublish(opt.channel, JSON.stringify({ offset: `${n + 1}-0`, payload: { t, seq: n } }));
  } else if (opt.target === 'http') {
    post('/api/v1/notifications', { channel: opt.channel, payload: { t, seq: n } });
  } else {
    post(`/api/v1/leaderboards/${encodeURIComponent(opt.board)}/scores`, { member: `m${n % Number(opt.members)}`, score: n, mode: 'set' });
  }
}

function done() {
  if (++answered === count) finish();
}

let lastSentAt = 0;
let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  result.seconds = +((now() - started) / 1000).toFixed(2); // until the last answer (or the stop)
  result.ratePerSecond = +(result.sent / Math.max((lastSentAt - started) / 1000, 0.001)).toFixed(1); // as scheduled
  result.okPerSecond = +(result.ok / Math.max(result.seconds, 0.001)).toFixed(1); // answered with 2xx
  result.unanswered = result.sent - answered;
  if (!result.firstError) delete result.firstError;
  if (responseMs.length) { // from sending a request (queued behind earlier ones included) to its response
    responseMs.sort((a, b) => a - b);
    const at = (p) => +responseMs[Math.min(responseMs.length - 1, Math.ceil(p * responseMs.length) - 1)].toFixed(1);
    result.responseMs = { p50: at(0.5), p99: at(0.99), max: at(1) };
  }
  console.log(JSON.stringify(result));
  agent.destroy();
  if (redis) redis.end();
  process.exit(result.failed ? 1 : 0);
}

// fixed schedule: message n is due at started + n / rate; every tick sends whatever is due
function run() {
  started = now();
  let n = 0;
  const tick = () => {
    const due = Math.min(count, Math.floor(((now() - started) * rate) / 1000) + 1);
    while (n < due) sendOne(n++);
    lastSentAt = now();
    if (n < count) setTimeout(tick, Math.max(1, Math.min(10, 1000 / rate / 2)));
  };
  tick();
  setTimeout(() => { failed(`timeout: ${count - answered} unanswered`); result.failed += count - answered - 1; finish(); },
    (count / rate + Number(opt['timeout-s'])) * 1000).unref();
}
process.on('SIGTERM', () => { if (started) finish(); else process.exit(1); }); // stopped by the driver: report so far

if (opt.target === 'redis') {
  redis = net.connect(Number(opt['redis-port']), '127.0.0.1', run);
  redis.setNoDelay(true);
  redis.on('data', onRedisData);
  redis.on('error', (e) => { console.error(`redis: ${e.message}`); process.exit(1); });
} else {
  run();
}
