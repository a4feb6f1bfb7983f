-- wrk script: POST a comment as one reader (token as the first argument), each with its own text.
local token = ""
local counter = 0

function init(args)
  token = args[1]
end

function request()
  counter = counter + 1
  local body = '{"comment":{"body":"Benchmark comment ' .. counter .. ' rand ' .. math.random(1, 1000000000) .. '"}}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token }, body)
end
