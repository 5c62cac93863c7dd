#!/usr/bin/env python3
"""include_cycles.py — the include graph of core/ and plugins/lib/, by module
(a .c and its .h are one node: core/model/article), and every circle in it.

An edge A -> B means a file of module A includes B's header.  Prints each
strongly connected component of more than one module (a circle, directly or
through others) and exits 1 when there is one; with --edges, prints the
graph's edges instead.  Run from the repository's root (tests/structure.t).
"""
import os
import re
import sys

ROOTS = ["core", "plugins/lib"]
SEARCH = ["core", "core/include", "plugins/lib"]  # the build's -I folders
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources():
    for root in ROOTS:
        for d, _, files in os.walk(root):
            for f in sorted(files):
                if f.endswith((".c", ".h", ".cc")):
                    yield os.path.join(d, f)


def module(path):
    return os.path.splitext(os.path.normpath(path))[0]


def resolve(src, name):
    for d in [os.path.dirname(src)] + SEARCH:
        p = os.path.normpath(os.path.join(d, name))
        if os.path.exists(p):
            return p
    return None


def graph():
    edges = {}
    for src in sources():
        a = module(src)
        edges.setdefault(a, set())
        with open(src, encoding="utf-8") as f:
            text = f.read()
        for name in INCLUDE.findall(text):
            target = resolve(src, name)
            if target and target.startswith(tuple(ROOTS)) and module(target) != a:
                edges[a].add(module(target))
    return edges


def components(edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        m = stack.pop()
                        on.discard(m)
                        comp.append(m)
                        if m == node:
                            break
                    out.append(sorted(comp))
            elif nxt not in index:
                index[nxt] = low[nxt] = counter[0]
                counter[0] += 1
                stack.append(nxt)
                on.add(nxt)
                work.append((nxt, iter(sorted(edges.get(nxt, ())))))
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
    return out


def main():
    edges = graph()
    if "--edges" in sys.argv[1:]:
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print("%s -> %s" % (a, b))
        return 0
    circles = [c for c in components(edges) if len(c) > 1]
    for c in circles:
        print("include circle: " + " <-> ".join(c))
    print("%d modules, %d edges, %d circles" %
          (len(edges), sum(len(v) for v in edges.values()), len(circles)))
    return 1 if circles else 0


if __name__ == "__main__":
    sys.exit(main())
