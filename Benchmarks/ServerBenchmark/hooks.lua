-- wrk script of the server benchmark: each thread posts its share of the pre-signed webhook calls in
-- requests.txt (one "timestamp<TAB>signature<TAB>body" per line) and writes the run id of every 202 to
-- accepted-<thread>.txt; done() prints the latency percentiles as one JSON line.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  thread:set("count", 0)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % args[2] == id then
      local ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(requests, wrk.format("POST", args[3], {
        ["Content-Type"] = "application/json", ["X-Sluice-Timestamp"] = ts, ["X-Sluice-Signature"] = sig }, body))
    end
    index = index + 1
  end
  next_request = 0
  out = io.open(args[4] .. "/accepted-" .. id .. ".txt", "w")
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  if status == 202 then
    count = count + 1
    out:write(body:match('"run":"([^"]+)"') or "?", "\n")
    out:flush()
  end
end

function done(summary, latency, requests)
  local accepted = 0
  for _, thread in ipairs(threads) do accepted = accepted + thread:get("count") end
  io.write(string.format(
    '{"requests": %d, "accepted": %d, "errors": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, accepted, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
