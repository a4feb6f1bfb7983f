-- wrk script: POST comments as one reader (token: first argument) on the posts named by the other
-- arguments (slugs), in turn, each comment with its own text.
local token = ""
local slugs = {}
local counter = 0

function init(args)
  token = args[1]
  for i = 2, #args do slugs[#slugs + 1] = args[i] end
end

function request()
  counter = counter + 1
  local slug = slugs[(counter % #slugs) + 1]
  local body = '{"comment":{"body":"Benchmark comment ' .. counter .. ' rand ' .. math.random(1, 1000000000) .. '"}}'
  return wrk.format("POST", "/api/articles/" .. slug .. "/comments",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token }, body)
end
