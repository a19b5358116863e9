-- GET a path picked at random from a file of paths, one per line, for each request.
-- Argument: the file. Every thread reads it and seeds its own generator.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
