"""Runs commands interleaved inside a node and measures each run's CPU (user+sys of the process tree),
wall time and peak RSS from wait4's rusage; then the resident guard's CPU per tick period.
Usage (inside a node): python3 measure.py RUNS GUARD_SECONDS NAME=COMMAND ...  Prints JSON."""
import json, os, shlex, subprocess, sys, time

def run(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return {"cpu_ms": round((ru.ru_utime + ru.ru_stime) * 1000), "wall_ms": round((time.monotonic() - t0) * 1000),
            "rss_kb": ru.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}

def proc_cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000 / tick  # utime + stime

def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmHWM:")).split()[1])

runs, guard_seconds, cmds = int(sys.argv[1]), int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]
out = {name: [] for name, _ in cmds}
for _ in range(runs):
    for name, cmd in cmds:  # interleaved: a shared machine's load falls on both alike
        out[name].append(run(cmd))
guard = []
if guard_seconds > 0:
    subprocess.run(["systemctl", "start", "failover-watchdog-guard.service"], check=True)
    pid = int(subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", "failover-watchdog-guard.service"],
                             capture_output=True, text=True).stdout)
    time.sleep(30)  # past its start-up and first ticks: the steady state is what it costs
    for _ in range(guard_seconds // 10):
        c0, t0 = proc_cpu_ms(pid), time.monotonic()
        time.sleep(10)  # one tick period of the guard: one tick and ten samples
        guard.append({"cpu_ms": round(proc_cpu_ms(pid) - c0), "wall_ms": round((time.monotonic() - t0) * 1000), "rss_kb": rss_kb(pid)})
out["guard (resident, per 10 s)"] = guard
print(json.dumps(out))
