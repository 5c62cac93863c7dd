-- pattern_cases.lua: string.find/match/gmatch/gsub over many patterns,
-- results and errors serialised to one string.  test_lua_pattern.c runs
-- it in stock Lua and in the sandbox (whose matcher is galley's own) and
-- wants the same string from both.
local out = {}
local function show(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do
    local v = select(i, ...)
    -- the sandbox has no package.loaded to name C functions in errors
    if type(v) == "string" then v = v:gsub("bad argument #(%d) to '[^']*'", "bad argument #%1") end
    parts[#parts + 1] = type(v) .. ":" .. tostring(v)
  end
  return n .. "[" .. table.concat(parts, ",") .. "]"
end
local function try(label, f, ...)
  out[#out + 1] = label .. " => " .. show(pcall(f, ...))
end

local cases = {
  {"hello world", "o"}, {"hello world", "o", 6}, {"hello world", "l+"}, {"hello", ""},
  {"aaaab", "aab"}, {"abab", "bab"}, {"xyz", "z"}, {"ab", "abc"}, {"the ferry ODKB", "ODKB"},
  {"the ODKB", "ODKB", 6}, {string.rep("ab", 40) .. "c", string.rep("ab", 17) .. "c"},
  {string.rep("ab", 40), string.rep("ab", 16) .. "a"}, {"abc", "abc", 4},
  {string.rep("a", 40), string.rep("a", 31) .. "b"}, {string.rep("a", 40) .. "b", string.rep("a", 31) .. "b"},
  {"", ""}, {"", "a*"}, {"hello world", "^h"}, {"hello world", "^w"}, {"hello world", "d$"},
  {"hello$", "o$"}, {"a$b", "$b"}, {"a$b", "a$"}, {"x^y", "x^"}, {"THE (quick) fox", "%((%a+)%)"},
  {"x = 1, y = 22", "(%w+)%s*=%s*(%d+)"}, {"  trim me  ", "^%s*(.-)%s*$"}, {"f(a(b)c)d", "%b()"},
  {"f(a(b c)d", "%b()"}, {"'quoted' text", "%b''"}, {"abc", "%f[%a]%a+"},
  {"THE (quick) fox", "%f[%a]%a+%f[%A]"}, {"hello", "()ll()"}, {"hello", "()"},
  {"abcabc", "(abc)%1"}, {"abcabd", "(ab)(c)%1"}, {"aaa", "a-"}, {"aaa", "a-$"}, {"aaab", "a*b"},
  {"aaab", "a+?"}, {"b", "a?b"}, {"ab", "a?b"}, {"aab", "a?ab"}, {"[test]", "[]]"}, {"a-b", "[a-]"},
  {"a-b", "[%-]"}, {"x^y", "[%^]"}, {"x^y", "[^^]"}, {"abc", "[^%a]"}, {"123abc", "[%d]+"},
  {"abc]", "[^]]+"}, {"a]b", "[]a]+"}, {"z-a", "[z-a]"}, {"mid-dash", "[a-z-]+"},
  {"Åsa Berg", "%a+"}, {"\195\133sa", "[\195]"}, {"tab\there", "%c"}, {"punct!?", "%p+"},
  {"hex ff", "%x+"}, {"UPPER lower", "%u+"}, {"UPPER lower", "%l+"}, {"a\0b", "%z"},
  {"a\0b", "\0"}, {"a\0b", "[\0]"}, {"a.b", "%."}, {"a.b", "."}, {"a b\tc", "%S+"},
  {"v1.2.3", "(%d+)%.(%d+)%.(%d+)"}, {"key=val; k2=v2", "(%w+)=(%w+)"}, {"aXbXc", "X"},
  {"hello", "l", -2}, {"hello", "l", -10}, {"hello", "l", 10}, {"hello", "", 6}, {"hello", "", 7},
  {"hello", "l", 0}, {"hello", "^l", 3}, {"abc", "%w%W"}, {"a,b", "%w%W%w"},
  {"THE END", "%f[%z]"}, {"end", "%f[%Z]"}, {"word", "%f[%w]%w+$"}, {"ab", "%f[a]"},
  {"x", "%"}, {"x", "[a"}, {"x", "[a%"}, {"x", "(a"}, {"x", "a)"}, {"x", "%b"}, {"x", "%ba"},
  {"x", "%f"}, {"x", "%fa"}, {"x", "%1"}, {"x", "(x)%2"}, {"x", "%0"}, {"x", "(()x"},
  {string.rep("a", 40), string.rep("(a)", 33)},
  -- the literal a pattern requires (script_literal.c): skipping, windows, anchors
  {"the ODKB said; ODKBX no", "%f[%w]ODKB%f[%W]"}, {"no such term here", "%f[%w]ODKB%f[%W]"},
  {"Azeri and Azerbaijani", "%f[%w]Azeri%f[%W]"}, {"price 120 kr, 9 kr", "%d+ kr"},
  {"price 120 kr, 9 kr", "(%d+) (kr)"}, {"aaa xab yab", ".ab"}, {"aaa xab yab", "..ab"},
  {"xxabyyab", "a?ab"}, {"abab", "b?ab"}, {"no match", "^no"}, {"no match", "^match"},
  {"ab-ab", "%-ab"}, {"1.5 and 2.5", "%d%.5"}, {"lit(eral)s", "t%(e"}, {"aa+b", "a+%+b"},
  {"xaaab", "a+b"}, {"xaaab", "xa*b"}, {"xaaab", "xa-b"}, {"ab", "(a)(b)"}, {"ab", "a()b"},
  {"q$", "q%$"}, {"q$", "q$"}, {"w^x", "w^x"}, {"%x", "%%x"}, {"x", "x%"}, {"abc", "z%"},
  {"abc", "(z)%2"}, {"abc", "z)"}, {"abc", "z[a"}, {"abc", "z%f"}, {"abc", "z%b("},
  {"(a)", "%b()b"}, {"x(a)b", "x%b()b"}, {"caa", "[abc]aa"}, {"ab" .. string.rep("x", 70) .. "cd",
  "ab" .. string.rep("x", 70) .. "c"}, {"end.", "d%.$"}, {"end.", "e.-%.$"},
  {string.rep("filler ", 50) .. "ODKB", "%f[%w]ODKB"}, {"ODKB ODKB", "ODKB", 2},
  -- errors the matcher raises only when it gets there: the literal must not hide them
  {"ab", "^" .. string.rep("(", 33) .. "zz"}, {"ab", "a" .. string.rep("(", 33) .. "zz"},
  {"ab", "(a(zz)"}, {"zz", "(a(zz)"}, {"abzz", "^(a(zz)"},
  -- anchored: the literal searched only as far as a match at the start can reach it
  {"xxab ab", "^x?ab"}, {"xab", "^x?ab"}, {"zzab", "^z?ab", 2}, {"zab", "^z?ab", 2},
  {"a.b.c", "^a%.b"}, {"xa.b", "^a%.b"}, {"aaab", "^a*b"}, {"ab" .. string.rep("x", 80), "^ab"},
}

for i, c in ipairs(cases) do
  local s, p, init = c[1], c[2], c[3]
  try(i .. " find", string.find, s, p, init)
  try(i .. " find plain", string.find, s, p, init, true)
  try(i .. " match", string.match, s, p, init)
  try(i .. " gmatch", function()
    local got = {}
    for a, b in string.gmatch(s, p, init) do got[#got + 1] = show(a, b) end
    return table.concat(got, ";")
  end)
  try(i .. " gsub", string.gsub, s, p, "<%0>")
  try(i .. " gsub1", string.gsub, s, p, "[%1]", 2)
end

local subject = "the quick brown fox jumps over the lazy dog"
try("gsub table", string.gsub, subject, "%w+", {quick = "slow", fox = false, dog = 7})
try("gsub function", string.gsub, subject, "(%w+) (%w+)", function(a, b) return b .. " " .. a end)
try("gsub function nil", string.gsub, subject, "%w+", function(w) if #w > 4 then return w:upper() end end)
try("gsub function positions", string.gsub, subject, "()o()", function(a, b) return a .. "-" .. b end)
try("gsub bad value", string.gsub, subject, "%w+", function() return {} end)
try("gsub bad repl", string.gsub, subject, "%w+", true)
try("gsub percent", string.gsub, subject, "o", "%%")
try("gsub bad percent", string.gsub, subject, "o", "%x")
try("gsub trailing percent", string.gsub, subject, "o", "%")
try("gsub missing capture", string.gsub, subject, "o", "%2")
try("gsub number repl", string.gsub, subject, "o", 0)
try("gsub n=0", string.gsub, subject, "o", "0", 0)
try("gsub n=-1", string.gsub, subject, "o", "0", -1)
try("gsub anchored", string.gsub, subject, "^the", "a")
try("gsub anchored miss", string.gsub, subject, "^fox", "a")
try("gsub empty matches", string.gsub, "abc", "x*", "-")
try("gsub empty pattern", string.gsub, "abc", "", "/")
try("gsub position capture repl", string.gsub, "abc", "()", "%1")
try("gmatch empty", function()
  local got = {}
  for w in string.gmatch("one two  three", "%a*") do got[#got + 1] = "<" .. w .. ">" end
  return table.concat(got)
end)
try("gmatch anchor", function()
  local got = {}
  for w in string.gmatch("^a^b", "^%a") do got[#got + 1] = w end
  return table.concat(got, ",")
end)
try("method call", function() return ("x-y"):gsub("-", "+") end)
try("too complex", string.find, string.rep("a", 300), string.rep("a?", 300) .. string.rep("a", 300))
-- gsub with no match hands back the subject itself; with matches, the text between
try("gsub no match same", function()
  local s = "a paragraph that does not mention the term"
  local r, n = string.gsub(s, "%f[%w]ODKB%f[%W]", "CSTO")
  return r == s, n
end)
try("gsub literal many", string.gsub, "ODKB, ODKB and ODKBs", "%f[%w]ODKB%f[%W]", "CSTO")
try("gsub literal function", string.gsub, "x1 y22 z333", "(%a)(%d+)", function(a, d) return d .. a end)
try("gmatch literal", function()
  local got = {}
  for w in string.gmatch("kr 1, 20 kr, 300 kr", "(%d+) kr") do got[#got + 1] = w end
  return table.concat(got, ",")
end)
return table.concat(out, "\n")
