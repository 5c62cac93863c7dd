-- runaway.lua: swallows the budget error when the headline asks it to
function process(article, ctx)
  if article.headline == "Runaway" then
    while true do pcall(function() while true do end end) end
  end
  return article
end
