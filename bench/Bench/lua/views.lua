-- wrk script: GET one post as N distinct anonymous viewers, in turn (each its own `blog.viewer` cookie,
-- as browsers send it; the gateway ignores a client-sent X-Viewer-Id).
-- wrk -s bench/Bench/lua/views.lua GATEWAY/api/articles/<slug> -- <viewers>
local viewers = 100
local counter = 0

function init(args)
  if args[1] then viewers = tonumber(args[1]) end
end

function request()
  counter = counter + 1
  return wrk.format("GET", nil, { ["Cookie"] = string.format("blog.viewer=%032x", counter % viewers) })
end
