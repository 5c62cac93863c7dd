-- breaker.lua — returns a malformed article, a different fault per sample.
local faults = {
  ["fjord-ferry-electric"] = function(a) a.headline = 42 end,
  ["djurgardslinjen-oppnar-igen"] = function(a) a.body[1].type = "banner" end,
  ["city-libraries-extend-opening-hours"] = function(a) a.bogus = 1 end,
  ["volunteers-clear-four-tonnes-of-plastic-from-harbour"] = function(a)
    a.keywords = { "harbour", "bad \255 byte" }
  end,
  ["three-reasons-for-russias-actions-in-nagorno-karabakh"] = function(a)
    a.dates.tomorrow = "x"
  end,
}

function process(article, ctx)
  faults[article.id](article)
  return article
end
