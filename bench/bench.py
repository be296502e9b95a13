#!/usr/bin/env python3
"""The benchmarks of docs/BENCHMARKS.md: `make bench` (full) and `make bench-quick` (small data).

    bench.py full|quick
    bench.py render        docs/BENCHMARKS.md again from bench/results/latest.json (after a
                           template edit)

Expects the release binaries built (the Makefile does it): target/release/xuexin and the baseline
in target/bench-baseline/release/. Needs PostgreSQL on BENCH_PG (default
postgres://postgres@127.0.0.1:5432), wrk, psql, sqlite3 and /usr/bin/time. Creates and drops the
database xuexin_bench; files go to bench/data/ (git-ignored). Prints a table and writes
bench/results/latest.json and docs/BENCHMARKS.md.
"""
import csv
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
# BENCH_XUEXIN and BENCH_BASELINE_DIR point at binaries built elsewhere.
XUEXIN = os.environ.get("BENCH_XUEXIN", os.path.join(ROOT, "target/release/xuexin"))
BASELINE_DIR = os.environ.get("BENCH_BASELINE_DIR", os.path.join(ROOT, "target/bench-baseline/release"))
BASELINE = os.path.join(BASELINE_DIR, "xuexin-bench-baseline")
ARGON2 = os.path.join(BASELINE_DIR, "argon2-bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "xuexin_bench"
DB_URL = f"{PG}/{DB}"
PRODUCT = "127.0.0.1:18080"
BASE_URL = "127.0.0.1:18090"
PASSWORD = "Bench-Passw0rd"
# The product's default argon2id cost (backend/src/config.rs: APP_ARGON2_*).
ARGON2_COST = (
    int(os.environ.get("APP_ARGON2_MEMORY_KIB", 19 * 1024)),
    int(os.environ.get("APP_ARGON2_ITERATIONS", 2)),
    int(os.environ.get("APP_ARGON2_PARALLELISM", 1)),
)

MODE = sys.argv[1] if len(sys.argv) > 1 else "quick"
FULL = MODE == "full"
BULK_ROWS = int(os.environ.get("BENCH_ROWS", 1_000_000 if FULL else 20_000))
BASE_ROWS = 10_000
STUDENTS = 1000 if FULL else 300
SECONDS = int(os.environ.get("BENCH_SECONDS", 20 if FULL else 4))
DATA = os.path.join(BENCH, "data", MODE)
RESULTS = []


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, env=None, check=True, capture=True, **kw):
    full_env = dict(os.environ, **(env or {}))
    p = subprocess.run(cmd, env=full_env, text=True, capture_output=capture, **kw)
    if check and p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return p


def psql(sql, db=DB, quiet=True):
    return run(["psql", "-v", "ON_ERROR_STOP=1", "-qAt", f"{PG}/{db}", "-c", sql]).stdout


# ---------------------------------------------------------------- servers


def product_env(url=DB_URL):
    """Production settings (APP_ENV=production refuses dev ones), with the two changes a load
    test needs: a public lookup budget per IP high enough for one client address, and access
    tokens that outlive the run."""
    return {
        "APP_ENV": "production",
        "DATABASE_URL": url,
        "APP_LISTEN": PRODUCT,
        "APP_DATA_DIR": os.path.join(DATA, "server"),
        "APP_SPA_DIR": os.path.join(ROOT, "frontend/dist"),
        "APP_JWT_SECRET": "bench-" + "j" * 40,
        "APP_AUDIT_KEY": "bench-" + "a" * 40,
        "APP_EMAIL_TRANSPORT": "smtp",
        "APP_SMTP_HOST": "127.0.0.1",
        "APP_SMTP_PORT": "2525",
        "APP_SMTP_TLS": "none",
        "APP_SMS_TRANSPORT": "http",
        "APP_SMS_GATEWAY_URL": "http://127.0.0.1:9/sms",
        "APP_IP_PUBLIC_LOOKUPS_PER_MINUTE": "1000000000",
        "APP_ACCESS_TOKEN_TTL_SECS": "86400",
        # wrk on 127.0.0.1 (a trusted proxy by default) may then speak for many client addresses.
        "APP_TRUST_FORWARDED_FOR": "true",
    }


class Server:
    def __init__(self, name, cmd, env, addr, health):
        self.name, self.addr = name, addr
        os.makedirs(DATA, exist_ok=True)
        self.logfile = open(os.path.join(DATA, f"{name}.log"), "a")
        self.proc = subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=self.logfile,
                                     stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"{name} exited at start; see {self.logfile.name}")
            try:
                with urllib.request.urlopen(f"http://{addr}{health}", timeout=2) as r:
                    if r.status in (200, 404):
                        return
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        sys.exit(f"{name} did not answer within 60 s")

    def reset_peak(self):
        with open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
            f.write("5")

    def peak_rss(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_product():
    return Server("xuexin", [XUEXIN, "serve"], product_env(), PRODUCT, "/health")


def start_baseline():
    return Server("baseline", [BASELINE], {"DATABASE_URL": DB_URL, "BASELINE_LISTEN": BASE_URL},
                  BASE_URL, "/verification-reports/none")


def http(method, addr, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://{addr}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


# ---------------------------------------------------------------- wrk


def wrk(name, addr, lines, connections, seconds=None, threads=2):
    """Runs wrk with bench/rotate.lua over `lines`; answers its summary as a dict."""
    listing = os.path.join(DATA, f"{name}.list")
    with open(listing, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = run(["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d",
             f"{seconds or SECONDS}s", "--timeout", "10s", "-s", os.path.join(BENCH, "rotate.lua"),
             f"http://{addr}"], env={"BENCH_LIST": listing})
    line = next(l for l in p.stdout.splitlines() if l.startswith("BENCH_JSON "))
    s = json.loads(line[len("BENCH_JSON "):])
    secs = s["duration_us"] / 1e6
    ok = s["statuses"].get("200", 0)
    return {
        "connections": connections,
        "seconds": round(secs, 2),
        "requests": s["requests"],
        "ok_per_s": round(ok / secs, 1),
        "req_per_s": round(s["requests"] / secs, 1),
        "p50_ms": round(s["p50_us"] / 1000, 2),
        "p99_ms": round(s["p99_us"] / 1000, 2),
        "statuses": s["statuses"],
        "socket_errors": s["socket_errors"],
    }


def ratio(a, b):
    return round(a / b, 3) if b else None


def record(entry):
    RESULTS.append(entry)
    log(f"{entry['name']}: {json.dumps({k: v for k, v in entry.items() if k != 'name'}, ensure_ascii=False)}")


# ---------------------------------------------------------------- data


def prepare_data():
    marker = os.path.join(DATA, "students.csv")
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(
            os.path.join(BENCH, "gen_data.py")) or not os.path.exists(os.path.join(DATA, f"rows-{BULK_ROWS}")):
        log(f"generating {BASE_ROWS} + {BULK_ROWS} enrollment rows")
        shutil.rmtree(DATA, ignore_errors=True)
        run([sys.executable, os.path.join(BENCH, "gen_data.py"), DATA, str(BULK_ROWS), str(BASE_ROWS),
             str(STUDENTS)])
        open(os.path.join(DATA, f"rows-{BULK_ROWS}"), "w").close()
    shutil.rmtree(os.path.join(DATA, "server"), ignore_errors=True)
    for f in os.listdir(DATA):
        if f.endswith(".log"):
            os.remove(os.path.join(DATA, f))


def cli(*args, url=DB_URL, timed=False):
    cmd = [XUEXIN, *args]
    if timed:
        cmd = ["/usr/bin/time", "-v", *cmd]
    t0 = time.time()
    p = run(cmd, env=product_env(url))
    secs = time.time() - t0
    rss = None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if m:
        rss = int(m.group(1)) * 1024
    return secs, rss


def setup_database():
    log(f"database {DB}: create, migrate, import schools, {BASE_ROWS} enrollments, degrees")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", db="postgres")
    psql(f"CREATE DATABASE {DB}", db="postgres")
    cli("migrate")
    cli("import", "schools", os.path.join(DATA, "schools.csv"))
    cli("import", "enrollments", os.path.join(DATA, "base.csv"))
    cli("import", "degrees", os.path.join(DATA, "degrees.csv"))
    # Accounts are inserted as finished registrations with one argon2id hash of the product's
    # format and cost (each verification costs the same whatever the salt): registering
    # thousands through the API would take most of the run in hashing and SMS steps.
    phc = run([ARGON2, "hash", PASSWORD, *map(str, ARGON2_COST)]).stdout.strip()
    now = "2026-12-01 00:00:00"
    students = list(csv.DictReader(open(os.path.join(DATA, "students.csv"))))
    accounts = os.path.join(DATA, "accounts.csv")
    with open(accounts, "w", newline="") as f:
        w = csv.writer(f)
        for i, s in enumerate(students):
            w.writerow([str(uuid.UUID(int=i + 1)), s["email"], phc, "active", now, now, now, now,
                        s["name"], s["id_number"], f"139{i:08d}", now, "2026-12-03"])
    psql(f"\\copy accounts (id, email, password_hash, status, created_at, updated_at, activated_at, "
         f"completed_at, name, id_number, phone, phone_verified_at, consent_version) FROM '{accounts}' "
         f"WITH (FORMAT csv)")
    # One verification report per student, for the public lookup.
    psql("INSERT INTO verification_reports (code, account_id, record_type, record_id, created_at, "
         "expires_at) SELECT translate(upper(substr(md5(a.id), 1, 16)), '01', 'YZ'), a.id, "
         "'enrollment', e.id, now(), now() + interval '180 days' FROM accounts a JOIN enrollments e "
         "ON e.name = a.name AND e.id_number = a.id_number")
    # A school admin of the largest school, for the staff searches.
    psql(f"INSERT INTO staff (id, email, password_hash, role, school_code, created_at, updated_at, "
         f"must_change_password) VALUES ('{uuid.uuid4()}', 'admin@bench.example', '{phc}', "
         f"'school_admin', '90000', now(), now(), false)")
    psql("ANALYZE")
    return students


def login_all(students):
    """Real logins, a few at a time: each gives the access token of one student."""
    def one(s):
        status, body = http("POST", PRODUCT, "/api/v1/sessions",
                            {"email": s["email"], "password": PASSWORD})
        if status != 200:
            sys.exit(f"login of {s['email']} failed: {status} {body}")
        return body["access_token"]
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, students))


# ---------------------------------------------------------------- benchmarks


def q(**params):
    return urllib.parse.urlencode(params)


def bench_scale(size_label, students, tokens, staff_token):
    rows = int(psql("SELECT count(*) FROM enrollments"))
    reads = [f"GET\t/api/v1/me/enrollments\t{t}\t" for t in tokens]
    surnames = sorted({s["name"][0] for s in students})
    searches = [f"POST\t/api/v1/schools/90000/students/search\t{staff_token}\t"
                + json.dumps({"q": c}, ensure_ascii=False) for c in surnames]
    images = [f"POST\t/api/v1/image-records/search\t{staff_token}\t{{}}"]
    out = {"rows": rows}
    for key, lines in (("record_read", reads), ("school_prefix_search", searches),
                       ("image_records_search", images)):
        r = wrk(f"scale-{key}-{size_label}", PRODUCT, lines, connections=1, threads=1)
        out[key] = {"p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"], "req_per_s": r["req_per_s"],
                    "statuses": r["statuses"]}
    return out


def main():
    for tool in ("wrk", "psql", "sqlite3"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (bench/run.sh installs it)")
    started = dt.datetime.now(dt.timezone.utc)
    prepare_data()
    students = setup_database()

    product = start_product()
    log(f"logging in {len(students)} students")
    tokens = login_all(students)
    _, body = http("POST", PRODUCT, "/api/v1/staff/sessions",
                   {"email": "admin@bench.example", "password": PASSWORD})
    staff_token = body["access_token"]
    scale_small = bench_scale("small", students, tokens, staff_token)

    # 1. Authenticated record read.
    log("1. record read: product vs baseline at 64 connections")
    baseline = start_baseline()
    lines = [f"GET\t/api/v1/me/enrollments\t{t}\t" for t in tokens]
    base_lines = [f"GET\t/enrollments?{q(name=s['name'], id_number=s['id_number'])}\t-\t"
                  for s in students]
    mine = wrk("read-product", PRODUCT, lines, 64)
    ceiling = wrk("read-baseline", BASE_URL, base_lines, 64)
    product.reset_peak()
    at256 = wrk("read-product-256", PRODUCT, lines, 256)
    read_rss = product.peak_rss()
    record({"name": "read_enrollments", "goal": ">= 0.7", "product": mine, "ceiling": ceiling,
            "ratio": ratio(mine["ok_per_s"], ceiling["ok_per_s"]),
            "p50_ratio": ratio(ceiling["p50_ms"], mine["p50_ms"]),
            "at_256_connections": at256, "rss_bytes": read_rss})

    # 3. Public degree check and report lookup.
    log("3. public degree check and report lookup")
    degrees = list(csv.DictReader(open(os.path.join(DATA, "degrees.csv"))))
    codes = psql("SELECT code FROM verification_reports").split()
    for name, mine_lines, base_lines in (
        ("degree_check",
         [f"GET\t/api/v1/degree-checks?{q(certificate_no=d['certificate_no'], name=d['name'])}\t-\t" for d in degrees],
         [f"GET\t/degree-checks?{q(certificate_no=d['certificate_no'], name=d['name'])}\t-\t" for d in degrees]),
        ("report_lookup",
         [f"GET\t/api/v1/verification-reports/{c}\t-\t" for c in codes],
         [f"GET\t/verification-reports/{c}\t-\t" for c in codes]),
    ):
        # Many clients (each line from its own address, as X-Forwarded-For), and one client:
        # each address has its own lookup budget, counted in one database row.
        many = [f"{l}\t10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i, l in enumerate(mine_lines)]
        mine = wrk(f"{name}-product", PRODUCT, many, 64)
        one = wrk(f"{name}-product-one-ip", PRODUCT, mine_lines, 64)
        ceiling = wrk(f"{name}-baseline", BASE_URL, base_lines, 64)
        record({"name": name, "goal": ">= 0.7", "product": mine, "ceiling": ceiling,
                "ratio": ratio(mine["ok_per_s"], ceiling["ok_per_s"]),
                "product_one_client_ip": one,
                "ratio_one_client_ip": ratio(one["ok_per_s"], ceiling["ok_per_s"])})
    baseline.stop()

    # 2. Login, then the raw argon2id ceiling on the same cores.
    log("2. login vs raw argon2id verifications")
    login_lines = [f"POST\t/api/v1/sessions\t-\t" + json.dumps({"email": s["email"], "password": PASSWORD})
                   for s in students]
    product.reset_peak()
    mine = wrk("login-product", PRODUCT, login_lines, 64)
    login_rss = product.peak_rss()
    product.stop()
    raw = json.loads(run([ARGON2, "verify", str(SECONDS), *map(str, ARGON2_COST)]).stdout)
    record({"name": "login", "goal": ">= 0.9 (200s only)", "product": mine,
            "ceiling": {"argon2id_verifications_per_s": raw["per_second"], "threads": raw["threads"],
                        "cost": dict(zip(("memory_kib", "iterations", "parallelism"), ARGON2_COST))},
            "ratio": ratio(mine["ok_per_s"], raw["per_second"]),
            "answered_503": mine["statuses"].get("503", 0), "rss_bytes": login_rss})

    # 6. Memory (measured during 1 and 2 above).
    record({"name": "memory", "goal": "<= 150 MB", "read_256_connections_rss_bytes": read_rss,
            "login_64_connections_rss_bytes": login_rss,
            "ratio": ratio(150 * 1024 * 1024, max(read_rss or 0, login_rss or 0))})

    # 4. Import on PostgreSQL.
    log(f"4. import of {BULK_ROWS} rows on PostgreSQL")
    secs, rss = cli("import", "enrollments", os.path.join(DATA, "bulk.csv"), timed=True)
    psql("DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE enrollments INCLUDING ALL)")
    t0 = time.time()
    psql(f"\\copy bench_copy FROM '{os.path.join(DATA, 'bulk_copy_pg.csv')}' WITH (FORMAT csv)")
    copy_secs = time.time() - t0
    copied = int(psql("SELECT count(*) FROM bench_copy"))
    psql("DROP TABLE bench_copy; ANALYZE")
    record({"name": "import_postgres", "goal": ">= 0.8, peak RSS <= 200 MB", "rows": BULK_ROWS,
            "product": {"seconds": round(secs, 2), "rows_per_s": round(BULK_ROWS / secs)},
            "ceiling": {"tool": "psql \\copy", "rows": copied, "seconds": round(copy_secs, 2),
                        "rows_per_s": round(copied / copy_secs)},
            "ratio": ratio(BULK_ROWS / secs, copied / copy_secs), "rss_bytes": rss})

    # 5. Scale: the same reads with the bulk rows in.
    log("5. scale: the reads again with the bulk rows")
    product = start_product()
    scale_large = bench_scale("large", students, tokens, staff_token)
    product.stop()
    record({"name": "scale_lookup", "goal": "p50 at the large size <= 1.5x the small",
            "small": scale_small, "large": scale_large,
            "ratio": ratio(scale_large["record_read"]["p50_ms"], scale_small["record_read"]["p50_ms"]),
            "search_ratio": ratio(scale_large["school_prefix_search"]["p50_ms"],
                                  scale_small["school_prefix_search"]["p50_ms"]),
            "image_search_ratio": ratio(scale_large["image_records_search"]["p50_ms"],
                                        scale_small["image_records_search"]["p50_ms"])})

    # 4b. Import on SQLite.
    log(f"4. import of {BULK_ROWS} rows on SQLite")
    lite = os.path.join(DATA, "bench.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(lite + suffix):
            os.remove(lite + suffix)
    url = f"sqlite://{lite}"
    cli("migrate", url=url)
    cli("import", "schools", os.path.join(DATA, "schools.csv"), url=url)
    secs, rss = cli("import", "enrollments", os.path.join(DATA, "bulk.csv"), url=url, timed=True)
    schema = run(["sqlite3", lite, ".schema enrollments"]).stdout
    schema = re.sub(r"\benrollments\b", "bench_copy", schema).replace("enrollments_", "bench_copy_")
    run(["sqlite3", lite], input=schema)
    t0 = time.time()
    run(["sqlite3", lite], input=f".mode csv\n.import {os.path.join(DATA, 'bulk_copy_sqlite.csv')} bench_copy\n")
    copy_secs = time.time() - t0
    copied = int(run(["sqlite3", lite, "SELECT count(*) FROM bench_copy"]).stdout)
    record({"name": "import_sqlite", "goal": "no goal (reported); peak RSS <= 200 MB", "rows": BULK_ROWS,
            "product": {"seconds": round(secs, 2), "rows_per_s": round(BULK_ROWS / secs)},
            "ceiling": {"tool": "sqlite3 .import", "rows": copied, "seconds": round(copy_secs, 2),
                        "rows_per_s": round(copied / copy_secs)},
            "ratio": ratio(BULK_ROWS / secs, copied / copy_secs), "rss_bytes": rss})

    # 7. SPA.
    log("7. SPA bundle sizes")
    record(spa_sizes())

    if not os.environ.get("BENCH_KEEP_DB"):  # BENCH_KEEP_DB=1 keeps it for EXPLAIN ANALYZE
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", db="postgres")
    write_results(started)


def spa_sizes():
    import gzip
    p = run(["npm", "run", "--silent", "size"], cwd=os.path.join(ROOT, "frontend"), check=False)
    text = p.stdout + p.stderr

    def kb(pattern):
        m = re.search(pattern, text, re.M)
        return float(m.group(1)) if m else None
    dist = os.path.join(ROOT, "frontend/dist")
    css = {}
    for dirpath, _, files in os.walk(dist):
        for f in files:
            if f.endswith(".css"):
                css[f] = round(len(gzip.compress(open(os.path.join(dirpath, f), "rb").read(), 9)) / 1024, 1)
    index = open(os.path.join(dist, "index.html")).read() if os.path.exists(os.path.join(dist, "index.html")) else ""
    first_css = sum(v for k, v in css.items() if k in index)
    return {"name": "spa", "goal": "registration routes <= 200 KB JS gzipped (npm run size)",
            "first_route_js_kb": kb(r"^entry \(index\.html \+ static imports\): ([\d.]+) KB"),
            "registration_js_kb": kb(r"together \(entry once\): ([\d.]+) KB"),
            "first_route_css_kb": round(first_css, 1),
            "registration_css_kb": round(sum(css.values()), 1),
            "css_files_kb": css, "size_script_ok": p.returncode == 0,
            "ratio": ratio(200, kb(r"together \(entry once\): ([\d.]+) KB") or 0)}


def fmt_row(e):
    n = e["name"]
    if n in ("read_enrollments", "degree_check", "report_lookup", "login"):
        p = e["product"]
        c = e["ceiling"]
        cs = f"{c['ok_per_s']} req/s, p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms" if "ok_per_s" in c \
            else f"{c['argon2id_verifications_per_s']} argon2id verifications/s ({c['threads']} threads)"
        extra = f"; 503: {e['answered_503']}" if n == "login" else ""
        if "product_one_client_ip" in e:
            o = e["product_one_client_ip"]
            extra = f" (one client IP: {o['ok_per_s']} ok/s, p50 {o['p50_ms']} ms, ratio {e['ratio_one_client_ip']})"
        return (n, f"{p['ok_per_s']} ok/s, p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms{extra}", cs, e["ratio"], e["goal"])
    if n.startswith("import"):
        return (n, f"{e['product']['rows_per_s']} rows/s ({e['rows']} rows, {e['product']['seconds']} s), "
                f"peak RSS {mb(e['rss_bytes'])}", f"{e['ceiling']['rows_per_s']} rows/s ({e['ceiling']['tool']})",
                e["ratio"], e["goal"])
    if n == "scale_lookup":
        s, l = e["small"], e["large"]
        part = lambda k: f"{k}: p50 {s[k]['p50_ms']}→{l[k]['p50_ms']} ms, p99 {s[k]['p99_ms']}→{l[k]['p99_ms']} ms"
        return (n, f"{s['rows']}→{l['rows']} rows; " + "; ".join(part(k) for k in
                ("record_read", "school_prefix_search", "image_records_search")), "the small size", e["ratio"], e["goal"])
    if n == "memory":
        return (n, f"read at 256 conn: {mb(e['read_256_connections_rss_bytes'])}; login at 64 conn: "
                f"{mb(e['login_64_connections_rss_bytes'])}", "150 MB", e["ratio"], e["goal"])
    if n == "spa":
        return (n, f"first route JS {e['first_route_js_kb']} KB + CSS {e['first_route_css_kb']} KB; registration JS "
                f"{e['registration_js_kb']} KB + CSS {e['registration_css_kb']} KB (gzipped)", "200 KB budget", e["ratio"], e["goal"])
    return (n, "", "", e.get("ratio"), e.get("goal"))


def mb(b):
    return f"{b / 1024 / 1024:.0f} MB" if b else "?"


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) * 1024
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_bytes": mem, "kernel": platform.release(),
            "load_average_at_end": list(os.getloadavg()),
            "postgres": psql("SHOW server_version", db="postgres").strip()}


def table_of(results):
    """The results as the Markdown table of docs/BENCHMARKS.md."""
    rows = [fmt_row(e) for e in results]
    table = ["| benchmark | product | ceiling | ratio | goal |", "|---|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} | {g} |" for a, b, c, d, g in rows]
    return "\n".join(table)


def render(doc):
    """Writes docs/BENCHMARKS.md from the template and a run's results (`doc`, as in latest.json)."""
    m = doc["machine"]
    table = table_of(doc["benchmarks"])
    print(table)
    template = open(os.path.join(BENCH, "BENCHMARKS.template.md")).read()
    text = (template.replace("{{TABLE}}", table)
            .replace("{{COMMAND}}", doc["command"])
            .replace("{{DATE}}", doc["date"])
            .replace("{{CORES}}", str(m["cores"]))
            .replace("{{CPU}}", m["cpu"])
            .replace("{{MEMORY}}", f"{m['memory_bytes'] / 2**30:.1f} GiB")
            .replace("{{LOAD}}", " ".join(f"{x:.1f}" for x in m["load_average_at_end"]))
            .replace("{{POSTGRES}}", m["postgres"])
            .replace("{{ROWS}}", f"{doc['bulk_rows']:,}")
            .replace("{{STUDENTS}}", f"{doc['students']:,}")
            .replace("{{SECONDS}}", str(doc["seconds_per_run"])))
    with open(os.path.join(ROOT, "docs", "BENCHMARKS.md"), "w") as f:
        f.write(text)


def write_results(started):
    m = machine()
    doc = {"mode": MODE, "command": "make bench" if FULL else "make bench-quick",
           "date": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": m, "bulk_rows": BULK_ROWS,
           "base_rows": BASE_ROWS, "students": STUDENTS, "seconds_per_run": SECONDS,
           "benchmarks": RESULTS}
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    # Only the full run is the record; the quick one (small data) proves the harness works.
    out = "latest.json" if FULL else "quick.json"
    with open(os.path.join(BENCH, "results", out), "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    if not FULL and os.environ.get("BENCH_WRITE_DOCS") != "1":
        print(table_of(doc["benchmarks"]))
        log(f"wrote bench/results/{out}")
        return
    render(doc)
    log(f"wrote bench/results/{out} and docs/BENCHMARKS.md")


if __name__ == "__main__":
    if MODE == "render":
        # After editing the template: docs/BENCHMARKS.md again from the recorded full run.
        render(json.load(open(os.path.join(BENCH, "results", "latest.json"))))
    else:
        main()
