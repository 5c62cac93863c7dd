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

function process(article, ctx)
  for _, field in ipairs({ "headline", "kicker", "standfirst" }) do
    article[field] = terms.apply(list, article[field])
  end
  for _, block in ipairs(article.body) do
    block.text = terms.apply(list, block.text)
  end
  for _, m in ipairs(article.media) do
    m.caption = terms.apply(list, m.caption)
  end
  return article
end
