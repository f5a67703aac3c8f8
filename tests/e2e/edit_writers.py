#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# edit_writers.py - concurrent writers editing one household through
# POST /api/households/YEAR/HH_ID (docs/http-api.md), to show that no
# update is lost: each writer reads the household, adds one to a counter
# kept in a text field (帮扶责任人, "计数N") and writes it back with the
# version it read. A stale version must be answered 409 (and the writer
# reads again); every 200 must be kept. At the end the counter must have
# gone up by exactly the number of successful edits, and the versions the
# successful edits were given must be distinct and contiguous.
#
# usage: edit_writers.py URL JAR CSRF YEAR HH_ID[,HH_ID...] WRITERS SECONDS
# (writer w edits the (w mod n)-th household given: one household for the
# most conflicts, one each for the most edits)
# Prints one JSON line of figures; exits 1 when an update was lost or a
# request failed otherwise.
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, jar, csrf_file, year, hh, writers, seconds = sys.argv[1:8]
writers, seconds = int(writers), float(seconds)
u = urllib.parse.urlparse(url)
token = None
for line in open(jar, encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    if len(f) == 7 and f[5] == 'kh_session':
        token = f[6]
csrf = open(csrf_file, encoding='utf-8').read().strip()
paths = ['/api/households/%s/%s' % (year, urllib.parse.quote(h))
         for h in hh.split(',')]
PREFIX = '计数'


def connect():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def get(c, path):
    c.request('GET', path, headers={'Cookie': 'kh_session=' + token})
    r = c.getresponse()
    d = json.loads(r.read())
    if r.status != 200:
        raise RuntimeError('GET %d %s' % (r.status, d))
    h = d['household']
    v = h.get('helper', '')
    n = int(v[len(PREFIX):]) if v.startswith(PREFIX) else 0
    return h['version'], n


lock = threading.Lock()
stats = {'edits': 0, 'conflicts': 0, 'versions': {p: [] for p in paths}}
errors = []


def writer(w):
    path = paths[w % len(paths)]
    c = connect()
    end = time.monotonic() + seconds
    mine = []
    conflicts = 0
    try:
        while time.monotonic() < end:
            version, n = get(c, path)
            body = json.dumps({'version': version,
                               'household': {'helper': PREFIX + str(n + 1)}})
            c.request('POST', path, body=body.encode('utf-8'), headers={
                'Cookie': 'kh_session=' + token, 'X-CSRF-Token': csrf,
                'Content-Type': 'application/json'})
            r = c.getresponse()
            d = json.loads(r.read())
            if r.status == 200:
                mine.append(d['version'])
            elif r.status == 409 and d['error']['code'] == 'version_conflict':
                conflicts += 1
            else:
                raise RuntimeError('POST %d %s' % (r.status, d))
    except Exception as e:  # noqa: BLE001 - reported, counted
        with lock:
            errors.append('writer %d: %s' % (w, e))
    with lock:
        stats['edits'] += len(mine)
        stats['conflicts'] += conflicts
        stats['versions'][path] += mine


c0 = connect()
start = {p: get(c0, p) for p in paths}
t0 = time.monotonic()
threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
c0 = connect()
edits = stats['edits']
lost, versions_ok = 0, True
for p in paths:
    v0, n0 = start[p]
    v1, n1 = get(c0, p)
    vs = sorted(stats['versions'][p])
    lost += len(vs) - (n1 - n0)
    versions_ok &= vs == list(range(v0 + 1, v0 + len(vs) + 1)) and v1 == v0 + len(vs)
out = {
    'writers': writers, 'households': len(paths), 'seconds': round(elapsed, 1),
    'edits': edits, 'edits_per_s': round(edits / elapsed, 1) if elapsed else 0,
    'conflicts_409': stats['conflicts'], 'errors': len(errors),
    'lost': lost, 'versions_ok': versions_ok,
}
print(json.dumps(out))
for e in errors:
    print(e, file=sys.stderr)
ok = out['lost'] == 0 and out['versions_ok'] and not errors and edits > 0
sys.exit(0 if ok else 1)
