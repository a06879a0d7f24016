-- wrk script for bench/gateway.sh.
--
-- Environment (set by gateway.sh, compare.sh, ladder.sh):
--   BENCH_BODY_FILE  request body (JSON) to POST; not read when BENCH_METHOD is GET
--   BENCH_API_KEY    optional; sent as "Authorization: Bearer <key>"
--   BENCH_METHOD     optional; GET sends a bodiless GET instead (default POST)
--
-- No request()/response() hooks: wrk then sends one pre-built request over and
-- over and does not hand responses to Lua, so the script costs nothing per
-- request.  done() prints one machine-readable line:
--   BENCH_RESULT requests=N duration_us=N rps=F p50_us=N p90_us=N p99_us=N
--                max_us=N mean_us=F bytes=N non2xx=N connect_errors=N
--                read_errors=N write_errors=N timeout_errors=N
-- non2xx is wrk's errors.status, i.e. responses with a status >= 400.

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then
    error("chat.lua: cannot open BENCH_BODY_FILE '" .. tostring(path) .. "': " .. tostring(err))
  end
  local s = f:read("*a")
  f:close()
  return s
end

if os.getenv("BENCH_METHOD") == "GET" then
  wrk.method = "GET"
else
  local body_file = os.getenv("BENCH_BODY_FILE")
  if not body_file or body_file == "" then
    error("chat.lua: BENCH_BODY_FILE is not set")
  end
  wrk.method = "POST"
  wrk.body = read_file(body_file)
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Accept"] = "application/json, text/event-stream"

local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local rps = 0
  if secs > 0 then rps = summary.requests / secs end
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d rps=%.2f p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f mean_us=%.1f bytes=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeout_errors=%d\n",
    summary.requests, summary.duration, rps,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, summary.bytes,
    e.status, e.connect, e.read, e.write, e.timeout))
end
