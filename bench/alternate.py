#!/usr/bin/env python3
"""alternate.py RUNS NAME=CMD... : run the commands in rounds, one after
the other within a round (so that every command sees the same load of a
shared machine), RUNS rounds. Each CMD is a shell command; its output is
discarded. Prints one JSON object: for each NAME the wall times and the
peak resident set sizes (MiB) of its runs, in round order."""
import json, os, subprocess, sys, time


def run(cmd):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp("sh", ["sh", "-c", "exec " + cmd])
    _, status, ru = os.wait4(pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("command failed with exit %d: %s" % (code, cmd))
    return dt, ru.ru_maxrss / 1024.0


def main():
    runs = int(sys.argv[1])
    cmds = [a.split("=", 1) for a in sys.argv[2:]]
    res = {name: {"s": [], "mib": []} for name, _ in cmds}
    for _ in range(runs):
        for name, cmd in cmds:
            dt, mib = run(cmd)
            res[name]["s"].append(round(dt, 3))
            res[name]["mib"].append(round(mib, 1))
    json.dump(res, sys.stdout)
    print()


main()
