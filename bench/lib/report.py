#!/usr/bin/env python3
"""Print the summary table and ratios for bench/gateway.sh.

usage: report.py RESULTS_TSV [--hi N] [--gateway-note TEXT]
                 [--rss-idle-kb N] [--rss-after-kb N] [--hwm-kb N]
(pass the note as --gateway-note=TEXT when TEXT may start with "-")

RESULTS_TSV has a header line and one row per wrk run with the columns
target mode conns threads seconds requests rps p50_us p90_us p99_us max_us
non2xx socket_errors.  Prints a human table, then ratio lines against the
(unenforced) goals, then machine-readable `SUMMARY name=value` lines.
"""
import argparse
import csv
import sys

TARGETS = ("direct", "nginx-proxy", "gateway")
# The goals of issue 15 (docs: README "Benchmarks").
GOAL_TPUT = 0.3       # gateway >= 0.3x nginx-proxy req/s at high concurrency (JSON and SSE)
GOAL_ADDED_MS = 0.4   # gateway p50 - direct p50 <= 0.4 ms at 1 connection (JSON)
GOAL_SSE = 0.9        # gateway SSE req/s >= ~JSON req/s ("as fast as JSON")
GOAL_RSS_MB = 50.0    # idle resident memory
GOAL_RSS_LOAD_MB = 64.0  # resident memory after the load


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("--hi", type=int, default=64, help="high-concurrency connection count")
    ap.add_argument("--gateway-note", default="")
    ap.add_argument("--rss-idle-kb", type=int)
    ap.add_argument("--rss-after-kb", type=int)
    ap.add_argument("--hwm-kb", type=int)
    a = ap.parse_args()

    rows = {}
    with open(a.tsv, newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows[(r["target"], r["mode"], int(r["conns"]))] = r

    def get(target, mode, conns, key):
        r = rows.get((target, mode, conns))
        return float(r[key]) if r else None

    scenarios = [(m, c) for m in ("json", "sse") for c in (a.hi, 1)]
    print()
    print(f"{'scenario':<10} {'target':<12} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non2xx':>7} {'sockerr':>7}")
    for m, c in scenarios:
        print("-" * 68)
        for t in TARGETS:
            r = rows.get((t, m, c))
            if not r:
                if t == "gateway" and not any(k[0] == t for k in rows):
                    note = f" ({a.gateway_note})" if a.gateway_note else ""
                    print(f"{m + ' c=' + str(c):<10} {t:<12} {'skipped':>10}{note}")
                continue
            flag = "  <-- ERRORS" if int(r["non2xx"]) or int(r["socket_errors"]) else ""
            print(f"{m + ' c=' + str(c):<10} {t:<12} {float(r['rps']):>10.0f} "
                  f"{float(r['p50_us']) / 1000:>8.3f} {float(r['p99_us']) / 1000:>8.3f} "
                  f"{r['non2xx']:>7} {r['socket_errors']:>7}{flag}")
    print()

    summary = {}

    def ratio(x, y):
        return None if x is None or y in (None, 0) else x / y

    def fmt_ratio(v):
        return "n/a" if v is None else f"{v:.2f}x"

    def fmt_ms(v):
        return "n/a" if v is None else f"{v:+.3f} ms"

    def line(label, value, goal):
        print(f"  {label:<48} {value:>11}   {goal}".rstrip())

    def mark(ok):
        return "" if ok is None else ("  [meets goal]" if ok else "  [MISSES goal]")

    have_gw = any(k[0] == "gateway" for k in rows)
    if have_gw:
        print("Gateway vs goals (informational, not enforced):")
        for m in ("json", "sse"):
            v = ratio(get("gateway", m, a.hi, "rps"), get("nginx-proxy", m, a.hi, "rps"))
            summary[f"gateway_over_proxy_rps_{m}_c{a.hi}"] = v
            line(f"{m} throughput @{a.hi} conns, gateway / nginx-proxy", fmt_ratio(v),
                 f"goal >= {GOAL_TPUT}x{mark(None if v is None else v >= GOAL_TPUT)}")
        for m in ("json", "sse"):
            g, d = get("gateway", m, 1, "p50_us"), get("direct", m, 1, "p50_us")
            v = None if g is None or d is None else (g - d) / 1000
            summary[f"gateway_added_p50_ms_{m}_c1"] = v
            line(f"{m} added p50 @1 conn, gateway - direct", fmt_ms(v),
                 f"goal <= {GOAL_ADDED_MS} ms{mark(None if v is None else v <= GOAL_ADDED_MS)}")
        for c in (a.hi, 1):
            v = ratio(get("gateway", "sse", c, "rps"), get("gateway", "json", c, "rps"))
            summary[f"gateway_sse_over_json_rps_c{c}"] = v
            line(f"gateway SSE / JSON throughput @{c} conn{'s' if c != 1 else ''}", fmt_ratio(v),
                 f"goal ~1x (>= {GOAL_SSE}x){mark(None if v is None else v >= GOAL_SSE)}")
        if a.rss_idle_kb is not None:
            mb = a.rss_idle_kb / 1024
            summary["gateway_rss_idle_mb"] = mb
            line("gateway idle RSS (after startup, before load)", f"{mb:.1f} MB",
                 f"goal < {GOAL_RSS_MB:.0f} MB{mark(mb < GOAL_RSS_MB)}")
        if a.rss_after_kb is not None:
            mb = a.rss_after_kb / 1024
            summary["gateway_rss_after_load_mb"] = mb
            extra = ""
            if a.hwm_kb is not None:
                summary["gateway_rss_peak_mb"] = a.hwm_kb / 1024
                extra = f"   (peak VmHWM {a.hwm_kb / 1024:.1f} MB)"
            line("gateway RSS after load", f"{mb:.1f} MB", f"goal <= {GOAL_RSS_LOAD_MB:.0f} MB{mark(mb <= GOAL_RSS_LOAD_MB)}{extra}")
        print()
    else:
        print(f"Gateway: skipped{' (' + a.gateway_note + ')' if a.gateway_note else ''}; no gateway ratios.")
        print()

    print("Reference (nginx-proxy vs direct upstream):")
    for m in ("json", "sse"):
        v = ratio(get("nginx-proxy", m, a.hi, "rps"), get("direct", m, a.hi, "rps"))
        summary[f"proxy_over_direct_rps_{m}_c{a.hi}"] = v
        p, d = get("nginx-proxy", m, 1, "p50_us"), get("direct", m, 1, "p50_us")
        added = None if p is None or d is None else (p - d) / 1000
        summary[f"proxy_added_p50_ms_{m}_c1"] = added
        line(f"{m} throughput @{a.hi} conns, nginx-proxy / direct", fmt_ratio(v), "")
        line(f"{m} added p50 @1 conn, nginx-proxy - direct", fmt_ms(added), "")
    print()
    for k, v in summary.items():
        print(f"SUMMARY {k}={'n/a' if v is None else format(v, '.4f')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
