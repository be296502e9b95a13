"""Proves a fuzzing pass really ran authenticated: counts the 2xx answers the server logged (JSON
request log, one line per request) for operations that require a token, since a given log line.

A token that expired mid-run, or one the server never accepted, would leave a pass of nothing but
401s that schemathesis still calls green; this turns that into a failure.

    answered.py BASE_URL SERVER_LOG FIRST_LINE LABEL
"""
import json
import re
import sys
import urllib.request

base, log_path, first_line, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

with urllib.request.urlopen(base.rstrip("/") + "/api-docs/openapi.json") as res:
    spec = json.load(res)

# Operations that declare a security requirement (and do not also allow going without one).
secured = []
for template, item in spec["paths"].items():
    for method, op in item.items():
        if not isinstance(op, dict) or "responses" not in op:
            continue
        security = op.get("security", spec.get("security", []))
        if not security or {} in security:
            continue
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        secured.append((method.upper(), re.compile("^" + pattern + "$"), op.get("operationId", template)))

answered = {}
with open(log_path, encoding="utf-8", errors="replace") as log:
    for number, line in enumerate(log):
        if number < first_line or not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        status, span = entry.get("status"), entry.get("span") or {}
        if entry.get("message") != "request finished" or not isinstance(status, int) or not 200 <= status < 300:
            continue
        path = span.get("path", "").split("?")[0]
        for method, pattern, operation in secured:
            if span.get("method") == method and pattern.match(path):
                answered[operation] = answered.get(operation, 0) + 1
                break

total = sum(answered.values())
summary = ", ".join("%s %d" % (op, n) for op, n in sorted(answered.items()))
print("%s: %d authenticated 2xx answers (%s)" % (label, total, summary or "none"))
if total == 0:
    print("%s: no operation that needs a token ever succeeded: the token did not work" % label)
    sys.exit(1)
