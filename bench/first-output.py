#!/usr/bin/env python3
"""Runs a command RUNS times and prints the median and best time to its first byte on stdout, to its exit, and the
CPU time it used (less disturbed than wall time when the machine is shared).
Usage: first-output.py RUNS CMD ARGS..."""
import os, subprocess, sys, time, statistics

runs, cmd = int(sys.argv[1]), sys.argv[2:]
first, total, cpu = [], [], []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(1)
    t1 = time.perf_counter()
    p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    t2 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    cpu.append(usage.ru_utime + usage.ru_stime)
    if p.returncode != 0:
        sys.exit("%s exited %d" % (" ".join(cmd), p.returncode))
    first.append(t1 - t0)
    total.append(t2 - t0)
print("first byte: median %.3f s, best %.3f s; exit: median %.3f s; CPU (user+sys): median %.3f s" %
      (statistics.median(first), min(first), statistics.median(total), statistics.median(cpu)))
