#!/usr/bin/env python3
"""Where the CPU goes during one benchmark's load, product and ceiling side by side.

    BENCH_KEEP_DB=1 make bench        # once: leaves the xuexin_bench database and bench/data/full
    bench/profile.py read|degree_check|report_lookup|login [seconds]

Runs the benchmark's wrk load against the product and then against the ceiling server while
`perf record -a` samples every CPU, and prints (1) the share of the machine's CPU each process
took (server, PostgreSQL, wrk, idle) and the requests per second, and (2) the product's hottest
functions. This is the profile docs/BENCHMARKS.md cites for the gaps that remain. Needs `perf`
(Debian: linux-perf) and root or kernel.perf_event_paranoid <= 0.
"""
import collections
import os
import subprocess
import sys
import threading

sys.argv = [sys.argv[0], "full"] + sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as b  # noqa: E402  (reads the mode from sys.argv)

WHAT = sys.argv[2] if len(sys.argv) > 2 else "read"
SECONDS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
STUDENTS = 200  # logins cost an argon2id verification each; 200 tokens rotate well enough


def load_lines(students, tokens):
    """The product's and the ceiling's request lines of the benchmark `WHAT`."""
    if WHAT == "read":
        return ([f"GET\t/api/v1/me/enrollments\t{t}\t" for t in tokens],
                [f"GET\t/enrollments?{b.q(name=s['name'], id_number=s['id_number'])}\t-\t" for s in students])
    if WHAT == "login":
        # The ceiling is bench/baseline's argon2-bench (no server): only the product is profiled.
        return ([f"POST\t/api/v1/sessions\t-\t" + b.json.dumps({"email": s["email"], "password": b.PASSWORD})
                 for s in students], None)
    if WHAT == "degree_check":
        import csv
        degrees = list(csv.DictReader(open(os.path.join(b.DATA, "degrees.csv"))))
        mine = [f"GET\t/api/v1/degree-checks?{b.q(certificate_no=d['certificate_no'], name=d['name'])}\t-\t"
                for d in degrees]
        base = [f"GET\t/degree-checks?{b.q(certificate_no=d['certificate_no'], name=d['name'])}\t-\t"
                for d in degrees]
    elif WHAT == "report_lookup":
        codes = b.psql("SELECT code FROM verification_reports").split()
        mine = [f"GET\t/api/v1/verification-reports/{c}\t-\t" for c in codes]
        base = [f"GET\t/verification-reports/{c}\t-\t" for c in codes]
    else:
        sys.exit(f"unknown benchmark {WHAT!r}: read, degree_check, report_lookup or login")
    many = [f"{l}\t10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i, l in enumerate(mine)]
    return many, base


def profiled(name, addr, lines):
    """wrk at 64 connections for SECONDS, with perf sampling all CPUs meanwhile."""
    data = os.path.join(b.DATA, f"perf-{name}.data")
    result = {}
    t = threading.Thread(target=lambda: result.update(b.wrk(f"profile-{name}", addr, lines, 64, SECONDS)))
    t.start()
    subprocess.run(["perf", "record", "-a", "-g", "-F", "499", "-o", data, "--", "sleep", str(SECONDS - 2)],
                   check=True, capture_output=True)
    t.join()
    return result, data


def by_process(data):
    """CPU share of each process group, in percent of all samples (idle included)."""
    out = subprocess.run(["perf", "report", "-i", data, "--sort", "comm", "--stdio", "--no-children",
                          "-g", "none"], capture_output=True, text=True).stdout
    shares = collections.Counter()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith("%"):
            comm = " ".join(parts[1:])
            group = ("postgres" if comm.startswith("postgres") else
                     "idle" if comm == "swapper" else
                     "wrk" if comm == "wrk" else
                     "hashing" if comm.startswith("xuexin-hash") else
                     "server" if comm.startswith(("actix", "xuexin", "tokio", "r2d2"))
                     or "baseline" in comm else "other")
            shares[group] += float(parts[0][:-1])
    return shares


def hottest(data, comm_filter, n=25):
    out = subprocess.run(["perf", "report", "-i", data, "--sort", "dso,sym", "--stdio", "--no-children",
                          "-g", "none", "--comms", comm_filter, "--percent-limit", "0.7"],
                         capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if l.strip() and not l.startswith("#")][:n]


def main():
    students = list(b.csv.DictReader(open(os.path.join(b.DATA, "students.csv"))))[:STUDENTS]
    product = b.start_product()
    tokens = b.login_all(students) if WHAT == "read" else []
    mine_lines, base_lines = load_lines(students, tokens)
    comms = subprocess.run(["ps", "-T", "-o", "comm=", "-p", str(product.proc.pid)],
                           capture_output=True, text=True).stdout.split()
    mine, mine_data = profiled("product", b.PRODUCT, mine_lines)
    product.stop()
    runs = [("product", mine, mine_data)]
    if base_lines is not None:
        baseline = b.start_baseline()
        ceiling, base_data = profiled("baseline", b.BASE_URL, base_lines)
        baseline.stop()
        runs.append(("ceiling", ceiling, base_data))
    print(f"{WHAT}, 64 connections, {SECONDS} s, perf at 499 Hz on all CPUs")
    for label, r, data in runs:
        s = by_process(data)
        print(f"  {label:8} {r['ok_per_s']:8.1f} ok/s  p50 {r['p50_ms']:6.2f} ms   CPU: "
              + ", ".join(f"{k} {v:.1f}%" for k, v in s.most_common()))
    print("product's hottest functions (server threads, % of all samples):")
    for line in hottest(mine_data, ",".join(sorted(set(comms)))):
        print("  " + line.strip())


if __name__ == "__main__":
    main()
