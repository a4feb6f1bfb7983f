-- wrk script: POST comments as several readers on several posts, in turn, each comment with its own text.
-- Arguments: the number of readers N, their N tokens, then the posts' slugs.
local tokens = {}
local slugs = {}
local counter = 0

function init(args)
  local readers = tonumber(args[1])
  for i = 2, readers + 1 do tokens[#tokens + 1] = args[i] end
  for i = readers + 2, #args do slugs[#slugs + 1] = args[i] end
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local slug = slugs[(counter % #slugs) + 1]
  local body = '{"comment":{"body":"Benchmark comment ' .. counter .. ' rand ' .. math.random(1, 1000000000) .. '"}}'
  return wrk.format("POST", "/api/articles/" .. slug .. "/comments",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token }, body)
end
