-- route.lua: drops, quarantines and annotates by id; checks types survive.
function process(article, ctx)
  if article.id == "drop" then return ctx.drop() end
  if article.id == "hold" then return ctx.quarantine("legal hold: " .. ctx.settings.reason) end
  article.extra.count = 3                  -- an integer stays an integer
  article.extra.ratio = 0.5
  article.extra.tags = galley.array({})    -- an empty list stays a list
  article.extra.none = galley.null         -- null is kept, not dropped
  article.extra.run = ctx.run.pipeline .. " " .. ctx.run.date
  article.keywords = { "a", "b" }
  return article
end
