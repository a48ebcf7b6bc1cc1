#!/usr/bin/env python3
"""Figures of load-tests/bench-fanout.sh and bench-leaderboard-feed.sh from raw samples.

  report.py row DIR TARGET CLIENTS   one JSON line from DIR/{before,after}.*, client.json, publisher.json
  report.py table RESULTS.jsonl      the table of every row, in run order
  report.py feed-table RESULTS.jsonl the leaderboard feed's table

A sample (written by the driver, before and after the measured window) is: time.txt (seconds),
stat.txt (/proc/stat's cpu line), pid.<pid>.stat and .status (/proc/<pid>/, servers), redis.txt (INFO all).
"""
import json
import os
import re
import sys

CLK_TCK = os.sysconf('SC_CLK_TCK')


def read(path, default=''):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return default


def proc_ticks(text):
    # /proc/<pid>/stat: fields after the ')' that closes comm; utime and stime are fields 14 and 15
    if not text:
        return 0, 0
    fields = text[text.rindex(')') + 2:].split()
    return int(fields[11]), int(fields[12])


def box_busy(before, after):
    b = [int(x) for x in before.split()[1:]]
    a = [int(x) for x in after.split()[1:]]
    d = [y - x for x, y in zip(b, a)]
    total = sum(d[:8])
    idle = d[3] + d[4]
    return 100.0 * (total - idle) / total if total else 0.0


def redis_info(text):
    info = {}
    for line in text.splitlines():
        if ':' in line and not line.startswith('#'):
            k, v = line.split(':', 1)
            info[k] = v.strip()
    return info


def command_calls(info):
    calls = {}
    for k, v in info.items():
        if k.startswith('cmdstat_'):
            m = re.search(r'calls=(\d+)', v)
            if m:
                calls[k[len('cmdstat_'):]] = int(m.group(1))
    return calls


def row(d, target, clients):
    client = json.loads(read(f'{d}/client.json', '{}') or '{}')
    publisher = json.loads(read(f'{d}/publisher.json', '{}') or '{}')
    seconds = float(read(f'{d}/after.time.txt', '0')) - float(read(f'{d}/before.time.txt', '0'))
    user = system = 0
    rss_kib = []
    for name in sorted(os.listdir(d)):
        m = re.match(r'before\.pid\.(\d+)\.stat$', name)
        if not m:
            continue
        pid = m.group(1)
        u0, s0 = proc_ticks(read(f'{d}/{name}'))
        u1, s1 = proc_ticks(read(f'{d}/after.pid.{pid}.stat'))
        user += u1 - u0
        system += s1 - s0
        hwm = re.search(r'VmHWM:\s+(\d+)', read(f'{d}/after.pid.{pid}.status'))
        rss_kib.append(int(hwm.group(1)) if hwm else 0)
    r0, r1 = redis_info(read(f'{d}/before.redis.txt')), redis_info(read(f'{d}/after.redis.txt'))
    commands = int(r1.get('total_commands_processed', 0)) - int(r0.get('total_commands_processed', 0))
    redis_cpu = (float(r1.get('used_cpu_user', 0)) + float(r1.get('used_cpu_sys', 0))
                 - float(r0.get('used_cpu_user', 0)) - float(r0.get('used_cpu_sys', 0)))
    c0, c1 = command_calls(r0), command_calls(r1)
    per_command = {k: c1[k] - c0.get(k, 0) for k in c1 if c1[k] - c0.get(k, 0) > 0 and k != 'info'}
    delivered = client.get('delivered') or 0
    us = 1e6 / CLK_TCK
    out = {
        'target': target, 'clients': int(clients), 'client': client, 'publisher': publisher,
        'seconds': round(seconds, 2),
        'loadavg1': float(read(f'{d}/before.loadavg', '0 ').split()[0] or 0),
        'boxBusyPercent': round(box_busy(read(f'{d}/before.stat.txt'), read(f'{d}/after.stat.txt')), 1),
        'serverCpuSeconds': {'user': round(user / CLK_TCK, 2), 'system': round(system / CLK_TCK, 2)},
        'peakRssMiBPerProcess': [round(k / 1024) for k in rss_kib],
        'redisCommands': commands, 'redisCommandsPerSecond': round(commands / seconds, 1) if seconds else None,
        'redisCommandCalls': per_command, 'redisCpuSeconds': round(redis_cpu, 2),
    }
    if delivered:
        if client.get('cpuSecondsSinceReady') is not None:
            out['clientCpuUsPerDelivery'] = round(client['cpuSecondsSinceReady'] * 1e6 / delivered, 2)
        out['cpuUsPerDelivery'] = {'user': round(user * us / delivered, 2), 'system': round(system * us / delivered, 2),
                                   'total': round((user + system) * us / delivered, 2)}
    print(json.dumps(out))


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ms(x):
    return '-' if x is None else (f'{x / 1000:.1f} s' if x >= 10000 else f'{x:.0f}')


def table(path):
    print('| clients | target | delivered / expected | p50 / p99 / max ms | server CPU us per delivery (user + sys) '
          '| peak RSS MiB per process | Redis cmds/s (per message) | box busy, load avg |')
    print('|---|---|---|---|---|---|---|---|')
    for r in rows(path):
        c = r['client']
        cpu = r.get('cpuUsPerDelivery')
        cpu_text = f"{cpu['total']:.1f} ({cpu['user']:.1f} + {cpu['system']:.1f})" if cpu else '-'
        sent = r['publisher'].get('sent') or 0
        per_message = f" ({r['redisCommands'] / sent:.1f})" if sent else ''
        note = ''
        if c.get('connectFailures') or c.get('closedEarly') or c.get('outOfOrder') or r['publisher'].get('failed'):
            note = (f" [connect failures {c.get('connectFailures')}, closed early {c.get('closedEarly')}, "
                    f"out of order {c.get('outOfOrder')}, publish failures {r['publisher'].get('failed')}"
                    f"{', ' + c['firstFailure'] if c.get('firstFailure') else ''}]")
        print(f"| {r['clients']:,} | {r['target']} | {c.get('delivered', 0):,} / {c.get('expected', 0):,}{note} "
              f"| {ms(c.get('p50'))} / {ms(c.get('p99'))} / {ms(c.get('max'))} | {cpu_text} "
              f"| {'/'.join(str(x) for x in r['peakRssMiBPerProcess'])} "
              f"| {r['redisCommandsPerSecond']:,.0f}{per_message} | {r['boxBusyPercent']:.0f} %, {r['loadavg1']:.1f} |")


def feed_table(path):
    print('| clients | leaderboard frames per client per second (mean, min-max) | frames/s total '
          '| score writes/s sent, answered 2xx (failed) | Redis cmds/s (per answered write) | busiest commands per second '
          '| server CPU s (user + sys) | box busy, load avg |')
    print('|---|---|---|---|---|---|---|---|')
    for r in rows(path):
        c, p = r['client'], r['publisher']
        f = c.get('framesPerClientPerSecond') or {}
        cpu = r['serverCpuSeconds']
        busiest = sorted(r['redisCommandCalls'].items(), key=lambda kv: -kv[1])[:4]
        ok = p.get('okPerSecond') or 0
        per_write = f"{r['redisCommandsPerSecond'] / ok:.1f}" if ok else '-'
        per_second = ', '.join(f'{k} {v / r["seconds"]:,.0f}' for k, v in busiest)
        print(f"| {r['clients']:,} | {f.get('mean', '-')} ({f.get('min', '-')}-{f.get('max', '-')}) "
              f"| {c.get('framesPerSecondTotal', '-')} | {p.get('ratePerSecond', '-')}, {p.get('okPerSecond', '-')} ({p.get('failed', '-')}) "
              f"| {r['redisCommandsPerSecond']:,.0f} ({per_write}) | {per_second} | {cpu['user']:.1f} + {cpu['system']:.1f} "
              f"| {r['boxBusyPercent']:.0f} %, {r['loadavg1']:.1f} |")


if __name__ == '__main__':
    {'row': lambda: row(*sys.argv[2:5]), 'table': lambda: table(sys.argv[2]),
     'feed-table': lambda: feed_table(sys.argv[2])}[sys.argv[1]]()
