local heap = {}
function process(article)
  if article.headline:find("Sorting") then
    for i = 1, 400000 do heap[i] = {i} end
    local t = {}
    for i = 1, 2000 do t[i] = "collect" end
    table.sort(t, collectgarbage)
  end
end
