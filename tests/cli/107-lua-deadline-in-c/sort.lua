local heap = {}
function process(article)
  if article.headline:find("Sorting") then
    for i = 1, 40000 do heap[i] = {i} end
    local t = {}
    for i = 1, 20000 do t[i] = "collect" end
    table.sort(t, collectgarbage)
  end
end
