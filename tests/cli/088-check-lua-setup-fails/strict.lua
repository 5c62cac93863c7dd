-- strict.lua — refuses a mode it does not know, in setup.
local modes = { quiet = true, plain = true }

function setup(settings)
  if not modes[settings.mode] then
    error("unknown mode '" .. tostring(settings.mode) .. "' (quiet or plain)", 0)
  end
end

function process(article)
  return article
end
