function wants(article, partner)
  return article.section == "Sport"
end
