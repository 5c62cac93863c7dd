-- attacks.lua: each article id names one thing the sandbox must stop.
local attacks = {
  ["os-execute"] = function() return os.execute("touch /tmp/galley-sandbox-escaped") end,
  ["io-open"] = function() return io.open("/etc/passwd") end,
  ["require-c"] = function() return require("socket.core") end,
  ["load-bytecode"] = function() return assert(load("\27Lua\84\0\25\147\13\10\26\10")) end,
  ["string-rep"] = function() return string.rep("x", 1 << 30) end,
  ["infinite-loop"] = function() while true do end end,
}

function process(article, ctx)
  local attack = attacks[article.id]
  if attack then attack() end
  article.extra.checked_by = ctx.stage
  return article
end
