function process(article, ctx)
  if article.headline == "Split me" then
    local big = string.rep("x", 4 * 1024 * 1024)
    for i = 1, 250 do
      ctx.emit{id = "piece-" .. i, headline = "Piece " .. i, body = {{type = "paragraph", text = big}}}
    end
  end
end
