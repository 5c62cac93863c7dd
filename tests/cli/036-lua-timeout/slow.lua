function process(article, ctx)
  if article.headline:find("slow") then
    local n = 0
    while true do n = n + 1 end
  end
  return article
end
