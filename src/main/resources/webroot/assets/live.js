// The live leaderboard page: one WebSocket to /ws, subscribed to leaderboard:<board> with a top N.
// Protocol (README "WebSocket"): optional first frame {"op":"auth","token"}, then {"op":"subscribe"};
// the server answers "authenticated", "subscribed", then "leaderboard" frames (a snapshot, then each
// new window with its "changes"), "pong" and "error". Members are user data: shown with textContent only.
// The token is kept in memory and sent only in the auth frame: never in a URL, never logged.
'use strict';

(() => {
  const NAME = /^[A-Za-z0-9._:-]{1,128}$/;
  const DEFAULT_TOP = 10;
  const MAX_TOP = 100; // the server's default realtime.maxLeaderboardWindow
  const PING_EVERY_MS = 20000; // below the server's idle timeout, and keeps proxies from closing a quiet socket
  const ANSWER_WITHIN_MS = 10000; // no frame at all this long after a ping: the connection is dead
  const RETRY_FIRST_MS = 500;
  const RETRY_CAP_MS = 15000;
  const MARK_MS = 6000; // how long a movement marker stays next to a row

  // close codes after which reconnecting with the same settings cannot help (the server's CloseCodes)
  const FINAL_CLOSES = new Map([
    [1009, 'a frame was too large for the server'],
    [4001, 'the token was not accepted'],
    [4029, 'too many unknown tokens from this address; wait a minute'],
  ]);
  const CLOSE_REASONS = new Map([
    [1001, 'the server went away'],
    [1006, 'connection lost'],
    [1013, 'the server is busy'],
    [4008, 'the page fell behind'],
    [4009, 'the connection went quiet'],
  ]);

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('board-form'), board: $('board'), top: $('top'), token: $('token'), state: $('state'),
    name: $('board-name'), size: $('board-size'), body: document.querySelector('#entries tbody'),
    empty: $('empty'), left: $('left'), updated: $('updated'),
  };

  let target = null; // {board, top, token}: what the page shows
  let conn = null; // the current connection: {ws, subscribed, final, lastError}
  let attempt = 0; // failed connections in a row, for the backoff
  const timers = { retry: 0, countdown: 0, ping: 0, answer: 0, marks: 0 };
  const rows = new Map(); // member -> <tr>, reused so rows can move
  const marks = new Map(); // member -> {kind: up|down|new, text, until}
  const departed = new Map(); // member -> until (left the window)

  const channel = () => 'leaderboard:' + target.board;

  function setState(state, text) {
    ui.state.dataset.state = state;
    ui.state.textContent = text;
  }

  function send(ws, frame) {
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(frame));
    }
  }

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  }

  // ------------------------------------------------------------------ connection

  function connect() {
    stopTimers();
    abandon();
    setState('connecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
    const ws = new WebSocket(wsUrl());
    const c = { ws, subscribed: false, final: false, lastError: null };
    conn = c;
    ws.onopen = () => {
      if (target.token) {
        send(ws, { op: 'auth', token: target.token });
      } else {
        subscribe(ws);
      }
      timers.ping = setInterval(() => ping(c), PING_EVERY_MS);
    };
    ws.onmessage = (event) => {
      if (conn !== c) {
        return;
      }
      clearTimeout(timers.answer);
      timers.answer = 0;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (notJson) {
        return;
      }
      received(c, frame);
    };
    ws.onclose = (event) => {
      if (conn === c) {
        conn = null;
        closed(c, event);
      }
    };
  }

  function subscribe(ws) {
    send(ws, { op: 'subscribe', channel: channel(), top: target.top });
  }

  function ping(c) {
    send(c.ws, { op: 'ping' });
    if (!timers.answer) {
      timers.answer = setTimeout(() => {
        if (conn === c) {
          abandon();
          retry('no answer from the server');
        }
      }, ANSWER_WITHIN_MS);
    }
  }

  function received(c, frame) {
    switch (frame.type) {
      case 'authenticated':
        subscribe(c.ws);
        break;
      case 'subscribed':
        if (frame.channel === channel()) {
          c.subscribed = true;
          setState('live', 'live');
        }
        break;
      case 'leaderboard':
        if (frame.board === target.board) {
          attempt = 0;
          c.subscribed = true;
          setState('live', 'live');
          render(frame);
        }
        break;
      case 'error':
        if (!frame.channel || frame.channel === channel()) {
          failed(c, String(frame.detail || 'unknown error'));
        }
        break;
      default: // pong, and frames of other kinds: nothing to show
    }
  }

  // The server's error details say "again"/"later" when retrying helps ("could not be read now;
  // subscribe again later"); anything else (not public, bad token, bad board) needs the user.
  function failed(c, detail) {
    c.lastError = detail;
    if (/\b(again|later)\b/i.test(detail)) {
      c.ws.close(1000);
      return; // onclose retries
    }
    c.final = true;
    setState('error', 'error: ' + detail);
    if (/authenticate|token/i.test(detail)) {
      ui.token.focus();
    }
    c.ws.close(1000);
  }

  function closed(c, event) {
    stopTimers();
    if (c.final) {
      return;
    }
    if (FINAL_CLOSES.has(event.code)) {
      setState('error', 'error: ' + (c.lastError || event.reason || FINAL_CLOSES.get(event.code)));
      return;
    }
    retry(c.lastError || event.reason || CLOSE_REASONS.get(event.code) || '');
  }

  // Capped exponential backoff with jitter: after a server restart, clients spread their reconnects.
  function retryDelayMs() {
    const ceiling = Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** Math.min(attempt, 16));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function retry(why) {
    stopTimers();
    const at = Date.now() + retryDelayMs();
    attempt += 1;
    const show = () => {
      const seconds = Math.max(1, Math.ceil((at - Date.now()) / 1000));
      setState('reconnecting', 'reconnecting in ' + seconds + ' s' + (why ? ' (' + why + ')' : ''));
    };
    show();
    timers.countdown = setInterval(show, 1000);
    timers.retry = setTimeout(connect, at - Date.now());
  }

  function abandon() {
    if (!conn) {
      return;
    }
    const { ws } = conn;
    conn = null;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close(1000);
    } catch (ignored) {
      // already closing
    }
  }

  function stopTimers() {
    clearTimeout(timers.retry);
    clearInterval(timers.countdown);
    clearInterval(timers.ping);
    clearTimeout(timers.answer);
    timers.retry = timers.countdown = timers.ping = timers.answer = 0;
  }

  // ------------------------------------------------------------------ rendering

  function makeRow(member) {
    const tr = document.createElement('tr');
    tr.dataset.member = member;
    for (const name of ['rank', 'move', 'member', 'score']) {
      const td = document.createElement('td');
      td.className = name;
      tr.appendChild(td);
    }
    tr.cells[2].textContent = member;
    return tr;
  }

  function restartAnimation(element, className) {
    element.classList.remove(className);
    void element.offsetWidth; // a reflow, so the animation starts again
    element.classList.add(className);
  }

  // A snapshot (a new subscription, e.g. after a reconnect) has no changes: measure against what is shown.
  function changesOf(frame) {
    if ((frame.changes && frame.changes.length) || rows.size === 0) {
      return frame.changes || [];
    }
    const shown = new Map();
    for (const [member, tr] of rows) {
      shown.set(member, Number(tr.dataset.rank));
    }
    const changes = [];
    for (const e of frame.entries) {
      const from = shown.get(e.member);
      if (from === undefined) {
        changes.push({ member: e.member, change: 'entered', from: null, to: e.rank });
      } else if (from !== e.rank) {
        changes.push({ member: e.member, change: 'moved', from, to: e.rank });
      }
      shown.delete(e.member);
    }
    for (const [member, from] of shown) {
      changes.push({ member, change: 'left', from, to: null });
    }
    return changes;
  }

  function render(frame) {
    const now = Date.now();
    const changed = new Set();
    for (const c of changesOf(frame)) {
      if (c.change === 'entered') {
        marks.set(c.member, { kind: 'new', text: 'new', until: now + MARK_MS });
        departed.delete(c.member);
        changed.add(c.member);
      } else if (c.change === 'moved') {
        const places = c.from - c.to;
        marks.set(c.member, {
          kind: places > 0 ? 'up' : 'down', text: (places > 0 ? '▲' : '▼') + Math.abs(places), until: now + MARK_MS,
        });
        changed.add(c.member);
      } else if (c.change === 'left') {
        marks.delete(c.member);
        departed.set(c.member, now + MARK_MS);
      }
    }

    // FLIP: remember where rows were, put them in order, then slide them from there
    const before = new Map();
    for (const [member, tr] of rows) {
      before.set(member, tr.getBoundingClientRect().top);
    }
    const present = new Set();
    for (const e of frame.entries) {
      let tr = rows.get(e.member);
      if (!tr) {
        tr = makeRow(e.member);
        rows.set(e.member, tr);
      }
      const score = String(e.score);
      const scoreCell = tr.cells[3];
      if (scoreCell.textContent !== '' && scoreCell.textContent !== score) {
        restartAnimation(scoreCell, 'bumped');
      }
      tr.dataset.rank = String(e.rank);
      tr.cells[0].textContent = String(e.rank + 1);
      scoreCell.textContent = score;
      ui.body.appendChild(tr);
      present.add(e.member);
    }
    for (const [member, tr] of rows) {
      if (!present.has(member)) {
        tr.remove();
        rows.delete(member);
      }
    }
    for (const member of changed) {
      const tr = rows.get(member);
      if (tr) {
        restartAnimation(tr, 'flash');
      }
    }
    slide(before);
    showMarks();
    ui.empty.hidden = frame.entries.length > 0;
    ui.updated.textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function slide(before) {
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
      return;
    }
    for (const [member, top] of before) {
      const tr = rows.get(member);
      const delta = tr ? top - tr.getBoundingClientRect().top : 0;
      if (delta) {
        tr.style.transition = 'none';
        tr.style.transform = 'translateY(' + delta + 'px)';
        requestAnimationFrame(() => {
          tr.style.transition = 'transform 300ms ease-out';
          tr.style.transform = '';
        });
      }
    }
  }

  // Markers expire: shows the live ones and wakes up when the next one is due.
  function showMarks() {
    clearTimeout(timers.marks);
    const now = Date.now();
    let next = Infinity;
    for (const [member, tr] of rows) {
      const mark = marks.get(member);
      const cell = tr.cells[1];
      if (mark && mark.until > now) {
        cell.textContent = mark.text;
        cell.dataset.change = mark.kind;
        next = Math.min(next, mark.until);
      } else {
        marks.delete(member);
        cell.textContent = '';
        delete cell.dataset.change;
      }
    }
    const gone = [];
    for (const [member, until] of departed) {
      if (until > now) {
        gone.push(member);
        next = Math.min(next, until);
      } else {
        departed.delete(member);
      }
    }
    ui.left.hidden = gone.length === 0;
    ui.left.textContent = gone.length ? 'left the top ' + target.top + ': ' + gone.join(', ') : '';
    if (next !== Infinity) {
      timers.marks = setTimeout(showMarks, next - now + 50);
    }
  }

  function clearBoard() {
    rows.clear();
    marks.clear();
    departed.clear();
    ui.body.replaceChildren();
    ui.empty.hidden = true;
    ui.left.hidden = true;
    ui.updated.textContent = '';
  }

  // ------------------------------------------------------------------ location and form

  // "#global", "#global&top=20" or "#board=global&top=20"; "?board=global&top=20" works too.
  function fromLocation() {
    const hash = location.hash.replace(/^#/, '');
    const parts = hash ? hash.split('&') : [];
    const params = new URLSearchParams(location.search);
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq < 0) {
        params.set('board', decodeURIComponent(part));
      } else {
        params.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)));
      }
    }
    const top = Number(params.get('top') || DEFAULT_TOP);
    return { board: params.get('board') || '', top: Number.isInteger(top) && top >= 1 && top <= MAX_TOP ? top : DEFAULT_TOP };
  }

  function toHash(board, top) {
    return '#' + board + (top === DEFAULT_TOP ? '' : '&top=' + top);
  }

  function open(board, top, token) {
    if (!NAME.test(board)) {
      setState('error', 'error: a board name is 1-128 characters of A-Z a-z 0-9 . _ : -');
      return;
    }
    if (!target || target.board !== board || target.top !== top) {
      clearBoard();
    }
    target = { board, top, token };
    attempt = 0;
    ui.name.textContent = board;
    ui.size.textContent = 'top ' + top;
    document.title = board + ' · redwire live leaderboard';
    if (location.hash !== toHash(board, top)) {
      history.replaceState(null, '', location.pathname + location.search + toHash(board, top));
    }
    connect();
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const top = Number(ui.top.value);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      setState('error', 'error: top is a whole number 1-' + MAX_TOP);
      return;
    }
    open(ui.board.value.trim(), top, ui.token.value.trim());
  });

  window.addEventListener('hashchange', () => {
    const wanted = fromLocation();
    if (wanted.board && (!target || wanted.board !== target.board || wanted.top !== target.top)) {
      ui.board.value = wanted.board;
      ui.top.value = String(wanted.top);
      open(wanted.board, wanted.top, target ? target.token : ui.token.value.trim());
    }
  });

  // back online: do not wait for the backoff
  window.addEventListener('online', () => {
    if (target && timers.retry) {
      connect();
    }
  });

  const initial = fromLocation();
  ui.top.value = String(initial.top);
  if (initial.board) {
    ui.board.value = initial.board;
    open(initial.board, initial.top, '');
  } else {
    ui.board.focus();
  }
})();
