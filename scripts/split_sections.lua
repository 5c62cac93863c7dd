-- split_sections.lua — one article per subheading section, for partners
-- that take short pieces.  Each section becomes a new article: its heading
-- is the headline, the original headline its kicker, id ORIGINAL-N.  The
-- original is dropped once split; an article without subheadings passes
-- unchanged.
--
-- Settings (with: in the pipeline):
--   keep_original: true keeps the whole article too (default false)

local keep_original = false

function setup(settings)
  keep_original = settings.keep_original == true
end

-- The sections: { heading = text, body = blocks } in order.
local function sections(article)
  local parts, current = {}, nil
  for _, block in ipairs(article.body) do
    if block.type == "heading" then
      current = { heading = block.text, body = galley.array({}) }
      parts[#parts + 1] = current
    elseif current then
      current.body[#current.body + 1] = block
    end
  end
  return parts
end

function process(article, ctx)
  local parts = sections(article)
  if #parts == 0 then return article end
  for i, part in ipairs(parts) do
    ctx.emit({
      id = article.id .. "-" .. i,
      headline = part.heading,
      kicker = article.headline,
      language = article.language,
      section = article.section,
      bylines = article.bylines,
      dates = article.dates,
      body = part.body,
    })
  end
  if not keep_original then ctx.drop() end
  return article
end
