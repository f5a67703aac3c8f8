#!/usr/bin/env python3
"""measure.py RUNS -- CMD...: run CMD RUNS times; print the median wall time
in seconds and the peak resident set size (MiB) of the slowest-memory run.
Each run gets a fresh child, so ru_maxrss is measured per run."""
import os, resource, statistics, subprocess, sys, time

def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    setup = os.environ.get("BENCH_SETUP")
    times, peaks = [], []
    for _ in range(runs):
        if setup:
            subprocess.run(setup, shell=True, check=True)
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvp(cmd[0], cmd)
        _, status, ru = os.wait4(pid, 0)
        times.append(time.perf_counter() - t0)
        peaks.append(ru.ru_maxrss / 1024.0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit("command failed with exit %d: %s" % (code, " ".join(cmd)))
    print("%.3f %.1f" % (statistics.median(times), max(peaks)))

main()
