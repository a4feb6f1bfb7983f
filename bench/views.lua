-- wrk script: GET one post as N distinct anonymous viewers, in turn (X-Viewer-Id).
-- wrk -s bench/views.lua http://localhost:8090/api/articles/<slug> -- <viewers>
local viewers = 100
local counter = 0

function init(args)
  if args[1] then viewers = tonumber(args[1]) end
end

function request()
  counter = counter + 1
  return wrk.format("GET", nil, { ["X-Viewer-Id"] = "bench-" .. (counter % viewers) })
end
