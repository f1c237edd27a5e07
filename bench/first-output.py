#!/usr/bin/env python3
"""Runs a command RUNS times and prints the median and best time to its first byte on stdout, and to its exit.
Usage: first-output.py RUNS CMD ARGS..."""
import os, subprocess, sys, time, statistics

runs, cmd = int(sys.argv[1]), sys.argv[2:]
first, total = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(1)
    t1 = time.perf_counter()
    p.stdout.read()
    p.wait()
    t2 = time.perf_counter()
    if p.returncode != 0:
        sys.exit("%s exited %d" % (" ".join(cmd), p.returncode))
    first.append(t1 - t0)
    total.append(t2 - t0)
print("first byte: median %.3f s, best %.3f s; exit: median %.3f s" %
      (statistics.median(first), min(first), statistics.median(total)))
