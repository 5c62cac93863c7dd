function process(article, ctx)
  if article.headline:find("slow") then
    while true do local s = string.rep("x", 100000) end
  end
  return article
end
