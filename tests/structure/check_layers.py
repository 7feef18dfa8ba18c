#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fail when a file of src/ calls or includes a layer above its own, or
when files call each other in a loop.

Usage: check_layers.py SOURCE_ROOT BUILD_ROOT

The layers, top first (each uses only those below it):

  cli/, daemon/ (web/ inside)   programs
  export/, store/               writers and history
  core/                         truth-making
  platform/<os>/                kernel glue; platform/*.h is its interface,
                                platform/bsd/ the code the BSDs share
  decode/                       pure decoders of foreign byte formats
  core/raw.h (and BASE below)   the plain reading structs

Includes are read from the sources. Calls are read from the compiled
objects named in compile_commands.json: what an object leaves undefined
(nm's U) is a call or reference to the object that defines it. So the
build must have run first; meson test builds before it tests.
"""
import json
import os
import re
import subprocess
import sys

# The bottom: the reading structs and the few helpers they are made with.
# Every layer may use these; they use nothing of the project.
BASE = {
    'core/raw.h', 'core/raw.c',          # the reading structs and their arrays
    'core/array.h', 'core/array.c',      # growable array, used by raw.c
    'core/error.h', 'core/error.c',      # the error buffer every reading carries
    'core/u64map.h', 'core/u64map.c',    # the hash map that platform caches and core indexes share
}

RANK = {'cli': 6, 'daemon': 6, 'export': 5, 'store': 5, 'core': 4,
        'platform': 3, 'decode': 2}


def unit(path):
    """(rank, unit name) of a path relative to src/ (or the public header)."""
    if path in BASE:
        return 1, 'base'
    if path.startswith('include/'):
        return 0, 'api'
    parts = path.split('/')
    top = parts[0]
    if top == 'platform':
        if len(parts) == 2:
            return 3.0, 'platform'          # the interface every OS implements
        if parts[1] == 'bsd':
            return 3.1, 'platform/bsd'      # shared by darwin/ and freebsd/
        return 3.2, 'platform/' + parts[1]
    if top not in RANK:
        return None
    return RANK[top], top


def allowed(src, dst):
    """May src use dst? Within a unit, or anything of a lower rank."""
    us, ud = unit(src), unit(dst)
    if us is None or ud is None:
        return True
    if us[1] == ud[1]:
        return True
    return ud[0] < us[0]


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def src_files(root):
    out = []
    for d, _, files in os.walk(os.path.join(root, 'src')):
        for f in files:
            if f.endswith(('.c', '.h')):
                out.append(os.path.relpath(os.path.join(d, f), os.path.join(root, 'src')))
    return sorted(out)


def resolve_include(root, src, name):
    """The path (relative to src/) that #include "name" in src means."""
    for base in (os.path.dirname(src), ''):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(root, 'src', cand)):
            return cand
    if os.path.isfile(os.path.join(root, 'include', name)):
        return 'include/' + name
    return None


def check_includes(root):
    bad = []
    for f in src_files(root):
        with open(os.path.join(root, 'src', f), encoding='utf-8', errors='replace') as fh:
            text = fh.read()
        for name in INCLUDE.findall(text):
            dst = resolve_include(root, f, name)
            if dst and dst != f and not allowed(f, dst):
                bad.append('include points upward: src/%s includes "%s" (src/%s)' % (f, name, dst))
    return bad


def objects(build):
    """{source path relative to src/: [object paths]} from the build."""
    with open(os.path.join(build, 'compile_commands.json')) as fh:
        cmds = json.load(fh)
    out = {}
    for c in cmds:
        src = os.path.realpath(os.path.join(c['directory'], c['file']))
        obj = os.path.join(c['directory'], c['output'])
        rel = os.path.relpath(src, os.path.realpath(SOURCE_ROOT))
        if not rel.startswith('src' + os.sep) or not rel.endswith('.c') or not os.path.isfile(obj):
            continue  # tests, tools and generated files are not layers
        out.setdefault(rel[len('src' + os.sep):], []).append(obj)
    return out


def symbols(obj):
    nm = os.environ.get('NM', 'nm')
    res = subprocess.run([nm, '-P', obj], capture_output=True, text=True, check=True)
    defs, refs = set(), set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == 'U':
            refs.add(name)
        elif kind in 'TDBRSVWC':  # upper case: global (S: Mach-O's other sections)
            defs.add(name)
    return defs, refs


def call_graph(build):
    defs, refs = {}, {}
    for src, objs in objects(build).items():
        d, r = set(), set()
        for o in objs:
            od, orf = symbols(o)
            d |= od
            r |= orf
        defs[src], refs[src] = d, r
    owner = {}
    for src, names in defs.items():
        for n in names:
            owner.setdefault(n, []).append(src)
    edges = {}
    for src, names in refs.items():
        for n in names:
            cands = [o for o in owner.get(n, []) if o != src]
            if not cands:
                continue
            # A name several backends define (nlg_platform_open): the one in
            # the caller's own folder, else every definer.
            near = [o for o in cands if os.path.dirname(o) == os.path.dirname(src)]
            for o in near or cands:
                edges.setdefault(src, {}).setdefault(o, set()).add(n)
    return edges


def cycles(edges):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    global SOURCE_ROOT
    if len(sys.argv) != 3:
        print('usage: check_layers.py SOURCE_ROOT BUILD_ROOT', file=sys.stderr)
        return 2
    SOURCE_ROOT, build = sys.argv[1], sys.argv[2]
    bad = check_includes(SOURCE_ROOT)
    edges = call_graph(build)
    if not edges:
        print('no objects found under %s: build first' % build, file=sys.stderr)
        return 1
    for src in sorted(edges):
        for dst in sorted(edges[src]):
            if not allowed(src, dst):
                bad.append('call points upward: src/%s uses src/%s (%s)'
                           % (src, dst, ', '.join(sorted(edges[src][dst]))))
    for comp in cycles(edges):
        ties = []
        for a in comp:
            for b in comp:
                if b in edges.get(a, {}):
                    ties.append('  src/%s -> src/%s: %s' % (a, b, ', '.join(sorted(edges[a][b]))))
        bad.append('files call each other in a loop:\n' + '\n'.join(ties))
    for b in bad:
        print(b)
    nfiles = len(set(edges) | {d for s in edges.values() for d in s})
    print('%d problem(s); %d files and %d calling pairs read'
          % (len(bad), nfiles, sum(len(v) for v in edges.values())))
    return 1 if bad else 0


SOURCE_ROOT = '.'
if __name__ == '__main__':
    sys.exit(main())
