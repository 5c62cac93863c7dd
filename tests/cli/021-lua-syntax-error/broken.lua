function process(article, ctx)
  article.headline = article.headline ..
end
