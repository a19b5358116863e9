-- POST a comment per request, each with a body no other request sends (no duplicate 409s).
-- Arguments: path, cookie header, form fields (already URL-encoded, without `body`).
-- Prints status counts as name=value lines for bench/loadgen.py.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, cookie, fields = args[1], args[2], args[3]
  accepted, other = 0, 0
end

function request()
  counter = counter + 1
  local body = fields .. "&body=Bench+comment+" .. tid .. "-" .. counter .. "+says+hello."
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  if status == 303 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_accepted, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_other = total_other + thread:get("other")
  end
  io.write("accepted=" .. total_accepted .. "\n")
  io.write("refused=" .. total_other .. "\n")
end
