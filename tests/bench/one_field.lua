-- one_field.lua — the bench's smallest useful script (tests/bench/run.py,
-- the "lua one field" rows): reads one field and writes it back changed.
-- What it costs over the same pipeline without it is the price of a Lua
-- stage itself: the call, the sandbox's limits, the field's two crossings.
function process(article, ctx)
  article.headline = article.headline .. "."
end
