#!/usr/bin/env python3
"""Print where the machine's CPU goes per request at high concurrency, and the gateway's budget
for the throughput goal, for bench/gateway.sh.

usage: cpu_budget.py CPU_TSV RESULTS_TSV --cpus N --hz HZ [--goal 0.3]

CPU_TSV has a header line and one row per measured wrk run with the columns
target mode requests busy_ticks target_ticks upstream_ticks: the requests served, and the
ticks over the run of all CPUs busy (/proc/stat), of the target (the proxy nginx and its
workers, or the gateway) and of the fake provider (nginx). The rest of the busy time is wrk
and the kernel's work outside those processes. RESULTS_TSV is gateway.sh's per-run results
(for the rps of the runs).

The budget: at the goal's rate (goal x nginx-proxy's req/s) the machine's CPUs allow
cpus / rate seconds of CPU per request; less what the upstream and the rest took per request
in the gateway's own run, that is what the gateway may spend. The machine must be near fully
busy for this to hold, so each run's busy share is printed too.
"""
import argparse
import csv
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cpu_tsv")
    ap.add_argument("results_tsv")
    ap.add_argument("--cpus", type=int, required=True)
    ap.add_argument("--hz", type=int, required=True)
    ap.add_argument("--goal", type=float, default=0.3)
    a = ap.parse_args()
    if a.cpus < 1 or a.hz < 1:
        print("cpu_budget.py: --cpus and --hz must be positive", file=sys.stderr)
        return 2

    try:
        with open(a.results_tsv, newline="") as f:
            results = list(csv.DictReader(f, delimiter="\t"))
        with open(a.cpu_tsv, newline="") as f:
            runs = {(r["target"], r["mode"]): r for r in csv.DictReader(f, delimiter="\t")}
    except OSError as error:
        print(f"cpu_budget.py: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 2

    def rps(target, mode):
        # The measured run at high concurrency is the one with the most connections.
        rows = [r for r in results if r["target"] == target and r["mode"] == mode]
        return float(max(rows, key=lambda r: int(r["conns"]))["rps"]) if rows else None

    def per_request(run):
        n = int(run["requests"])
        if n <= 0:
            return None
        us = lambda ticks: int(ticks) * 1e6 / a.hz / n
        target, upstream, busy = us(run["target_ticks"]), us(run["upstream_ticks"]), us(run["busy_ticks"])
        return {"target": target, "upstream": upstream, "rest": max(busy - target - upstream, 0), "machine": busy}

    def busy_share(run, mode):
        rate = rps(run["target"], mode)
        seconds = int(run["requests"]) / rate if rate else 0
        return int(run["busy_ticks"]) / a.hz / (a.cpus * seconds) if seconds else 0

    for mode in ("json", "sse"):
        proxy, gateway = runs.get(("nginx-proxy", mode)), runs.get(("gateway", mode))
        if not proxy or not gateway:
            continue
        p, g = per_request(proxy), per_request(gateway)
        if not p or not g:
            continue
        print(
            f"CPU µs per request, {mode}, high concurrency: "
            f"nginx-proxy {p['target']:.0f} (upstream {p['upstream']:.0f}, wrk and the rest {p['rest']:.0f}; "
            f"machine {p['machine']:.0f}, {busy_share(proxy, mode):.0%} busy); "
            f"gateway {g['target']:.0f} (upstream {g['upstream']:.0f}, wrk and the rest {g['rest']:.0f}; "
            f"machine {g['machine']:.0f}, {busy_share(gateway, mode):.0%} busy)")
        proxy_rps = rps("nginx-proxy", mode)
        rate = a.goal * proxy_rps
        machine = a.cpus * 1e6 / rate
        budget = machine - g["upstream"] - g["rest"]
        if budget <= 0:
            print(f"  budget for {a.goal}x nginx-proxy ({rate:,.0f} req/s): none; the upstream and the rest alone take {machine - budget:.0f} of the machine's {machine:.0f} µs")
            continue
        print(
            f"  budget for {a.goal}x nginx-proxy ({rate:,.0f} req/s): the machine has {machine:.0f} µs per request; "
            f"less the upstream's and the rest's {g['upstream'] + g['rest']:.0f}, the gateway may spend {budget:.0f} "
            f"and spent {g['target']:.0f} ({g['target'] / budget:.2f}x)")
        print(f"SUMMARY {mode}_gateway_cpu_us={g['target']:.0f} {mode}_gateway_budget_us={budget:.0f} {mode}_proxy_cpu_us={p['target']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
