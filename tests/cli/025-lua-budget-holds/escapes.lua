-- escapes.lua: each article id names one way to try to keep running
-- after the instruction budget or memory cap is exceeded.
local escapes = {
  ["swallow-budget"] = function()
    while true do pcall(function() while true do end end) end
  end,
  ["swallow-memory"] = function()
    local t = {}
    while true do
      pcall(function() for i = 1, 1e9 do t[#t + 1] = string.rep("x", 1000) .. i end end)
      t = {}
    end
  end,
  ["runaway-finalizer"] = function()
    setmetatable({}, {__gc = function() while true do end end})
    collectgarbage()
  end,
  ["runaway-coroutine"] = function()
    local co = coroutine.wrap(function()
      while true do pcall(function() while true do end end) end
    end)
    while true do pcall(co) end
  end,
  ["runaway-xpcall-handler"] = function()
    while true do xpcall(function() while true do end end, function() while true do end end) end
  end,
  ["runaway-close"] = function()
    while true do
      pcall(function()
        local guard <close> = setmetatable({}, {__close = function() while true do end end})
        while true do end
      end)
    end
  end,
  ["catastrophic-regex"] = function()
    galley.re.find(string.rep("a", 40) .. "!", "^(a+)+$")
  end,
  ["catastrophic-lua-pattern"] = function()
    ("b" .. string.rep("a", 60)):find("b.-.-.-.-.-.-.-.-.-.-.-%d") -- the literal b is there
  end,
}

function process(article, ctx)
  local escape = escapes[article.id]
  if escape then escape() end
  article.extra.checked_by = ctx.stage
  return article
end
