#!/usr/bin/env python3
"""alternate.py RUNS NAME=CMD... : run the commands in rounds, one after
the other within a round (so that every command sees the same load of a
shared machine), RUNS rounds. Each CMD is a shell command; its output is
discarded. A CMD of the form "SETUP ;; CMD" runs SETUP first, untimed
(a fresh database, say). Prints one JSON object: for each NAME the wall
times, the CPU seconds (user + system) and the peak resident set sizes
(MiB) of its runs, in round order, and "load": the 1-minute load average
before each round and after the last."""
import json, os, subprocess, sys, time


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(cmd):
    if " ;; " in cmd:
        setup, cmd = cmd.split(" ;; ", 1)
        subprocess.run(setup, shell=True, check=True)
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
    return dt, ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime


def main():
    runs = int(sys.argv[1])
    cmds = [a.split("=", 1) for a in sys.argv[2:]]
    res = {name: {"s": [], "mib": [], "cpu": []} for name, _ in cmds}
    res["load"] = []
    for _ in range(runs):
        res["load"].append(load())
        for name, cmd in cmds:
            dt, mib, cpu = run(cmd)
            res[name]["s"].append(round(dt, 3))
            res[name]["mib"].append(round(mib, 1))
            res[name]["cpu"].append(round(cpu, 2))
    res["load"].append(load())
    json.dump(res, sys.stdout)
    print()


main()
