-- yesterday.lua: a script that writes a date in words, which galley refuses
function process(article)
  if article.headline:find("Library") then article.dates.published = "yesterday" end
end
