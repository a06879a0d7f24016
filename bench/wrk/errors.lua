-- wrk script for bench/soak.sh: requests the gateway must refuse, in turn.
--
-- Environment (set by soak.sh):
--   BENCH_LUA_DIR    this folder (for chat.lua's done() report)
--   BENCH_BODY_FILE  a valid chat request body (JSON), which the refused requests are made from
--   BENCH_API_KEY    a valid app key
--
-- Cycles through four requests, each refused before any backend is called:
--   an unknown key (401), malformed JSON (400), a wrong type (400), an unknown model (404).
-- Every response is expected to be non-2xx: soak.sh checks non2xx == requests.

dofile(os.getenv("BENCH_LUA_DIR") .. "/chat.lua")

local requests = {}
local next_index = 1

function init(args)
  local valid = wrk.body
  local key = os.getenv("BENCH_API_KEY") or ""
  local function headers(bearer)
    return {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. bearer,
    }
  end
  requests = {
    wrk.format("POST", nil, headers("sk-sb-not-a-key-000000000000"), valid),
    wrk.format("POST", nil, headers(key), '{"model": "bench-json", "messages": [{"role": "user", "content": "未完'),
    wrk.format("POST", nil, headers(key), '{"model": "bench-json", "messages": "不是数组"}'),
    wrk.format("POST", nil, headers(key), '{"model": "no-such-model", "messages": [{"role": "user", "content": "你好"}]}'),
  }
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
