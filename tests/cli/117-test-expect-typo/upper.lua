-- upper.lua: the headline in capitals
function process(article)
  article.headline = article.headline:upper()
end
