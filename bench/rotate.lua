-- wrk script: every request is the next line of the file named by BENCH_LIST, each thread starting
-- at its own offset. A line is METHOD<TAB>PATH<TAB>TOKEN-or-"-"<TAB>JSON-BODY-or-empty, optionally
-- followed by <TAB>X-Forwarded-For (a client address, for a server that trusts this proxy).
-- At the end it prints one JSON line (prefixed BENCH_JSON) with the status counts of every thread.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  lines = {}
  for line in io.lines(os.getenv("BENCH_LIST")) do
    local f = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(f, field) end
    local method, path, token, body = f[1], f[2], f[3], f[4] or ""
    local headers = {}
    if f[5] and f[5] ~= "" then headers["X-Forwarded-For"] = f[5] end
    if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
    if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
    table.insert(lines, wrk.format(method, path, headers, body))
  end
  index = (id * 7919) % #lines
end

function request()
  index = index % #lines + 1
  return lines[index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%d": %d', k, v)) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ", ")))
end
