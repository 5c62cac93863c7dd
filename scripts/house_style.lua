-- house_style.lua — the magazine's term list applied to every text field
-- but credits (a credit is a name).
--
-- Settings (with: in the pipeline):
--   replacements:  map of term -> replacement, e.g. { ODKB = "CSTO" }
-- Terms match whole words only: "ODKB" changes in "the ODKB alliance" but
-- not in "ODKBX" or "ÅODKB" (scripts/lib/terms.lua).

local terms = require("terms")
local list = {}

function setup(settings)
  list = terms.compile(settings.replacements)
end

-- Numeric loops, not ipairs, and the functions in locals: under the
-- sandbox's count hook every step of ipairs is a C function call and every
-- Lua instruction a hook check (valgrind, 1,000 articles: 4.8% of the
-- whole run for ipairs, 1.5% for the lookups).
local apply = terms.apply

function process(article, ctx)
  article.headline = apply(list, article.headline)
  article.kicker = apply(list, article.kicker)
  article.standfirst = apply(list, article.standfirst)
  local body, media = article.body, article.media
  for i = 1, #body do
    local block = body[i]
    block.text = apply(list, block.text)
  end
  for i = 1, #media do
    local item = media[i]
    item.caption = apply(list, item.caption)
  end
  return article
end
