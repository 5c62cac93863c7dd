local back = {
  number = 42, string = "done", ["function"] = print,
  ["true"] = true, ["false"] = false,
}
function process(article)
  article.kicker = "Seen"
  local kind = article.headline:match("^Returns (%w+)")
  if kind == "table" then return article end
  return back[kind]
end
