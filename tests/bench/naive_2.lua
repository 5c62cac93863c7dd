-- naive_2.lua — the script a newsroom writes on day one (tests/bench/run.py,
-- the "naive script" rows): two rules, a plain gsub of each over every
-- block, no prefilter, the result assigned back whether or not it changed.
local rules = {ODKB = 'CSTO', Azeri = 'Azerbaijani'}
function process(article)
  for _, b in ipairs(article.body) do
    for from, to in pairs(rules) do b.text = b.text:gsub('%f[%w]' .. from .. '%f[%W]', to) end
  end
end
