-- lua_finds.lua — the heavy house style's inner loop without galley, to
-- compare Lua interpreters by hand (README, Benchmarks: LuaJIT):
--   lua5.4 tests/bench/lua_finds.lua; luajit tests/bench/lua_finds.lua
--   luajit -joff tests/bench/lua_finds.lua        (the compiler off)
--   lua5.4 -e 'debug.sethook(function() end, "", 1000)' tests/bench/lua_finds.lua
-- 200 terms, a plain find of each in each of 31 fields of an article,
-- 2,000 articles.  Then whether a count hook still fires in a hot loop:
-- the sandbox's instruction budget and deadline are one.
local terms = {}
for i = 1, 200 do terms[i] = "Term" .. i .. "x" end
local words = {"the", "ferry", "between", "villages", "will", "run", "every", "ninety",
               "minutes", "operator"}
local fields = {}
for f = 1, 31 do
  local t = {}
  for w = 1, 25 do t[w] = words[(f * w) % #words + 1] end
  fields[f] = table.concat(t, " ")
end
local hits, start = 0, os.clock()
for _ = 1, 2000 do
  for f = 1, #fields do
    for i = 1, #terms do
      if string.find(fields[f], terms[i], 1, true) then hits = hits + 1 end
    end
  end
end
print(string.format("%s: %.1f us an article (%d hits)", _VERSION,
                    (os.clock() - start) / 2000 * 1e6, hits))

local before = debug.gethook()
local calls = 0
debug.sethook(function() calls = calls + 1 end, "", 1000)
local x = 0
for i = 1, 1e8 do x = x + i % 7 end
debug.sethook(before, "", 1000)
if not before then debug.sethook() end
print(string.format("a count hook every 1,000 instructions fired %d times in a loop of 10^8", calls))
