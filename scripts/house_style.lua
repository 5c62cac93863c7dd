-- house_style.lua — the magazine's term list applied to every text field.
--
-- Settings (with: in the pipeline):
--   replacements:  map of term -> replacement, e.g. { ODKB = "CSTO" }
-- Terms match whole words only: "ODKB" changes in "the ODKB alliance" but
-- not in "ODKBX".  Letters outside ASCII count as word characters, so a term
-- never matches inside "ÅODKB" either.

local replacements = {}

-- A byte sequence counts as part of a word when it is a letter, a digit or
-- '_' in ASCII, or any non-ASCII character other than punctuation and
-- spaces (U+2000-U+206F, U+00A0-U+00BF).
local function is_word_char(s, i)
  if i < 1 or i > #s then return false end
  local b = s:byte(i)
  if b < 0x80 then
    return s:sub(i, i):match("[%w_]") ~= nil
  end
  -- walk back to the start of the UTF-8 sequence holding byte i
  while i > 1 and s:byte(i) >= 0x80 and s:byte(i) < 0xC0 do i = i - 1 end
  local ok, cp = pcall(utf8.codepoint, s, i)
  if not ok then return true end
  if (cp >= 0x2000 and cp <= 0x206F) or (cp >= 0xA0 and cp <= 0xBF) then
    return false
  end
  return true
end

local function replace_words(text, term, with)
  if text == nil or text == galley.null then return text end
  local out, pos = {}, 1
  while true do
    local s, e = text:find(term, pos, true)
    if not s then break end
    if not is_word_char(text, s - 1) and not is_word_char(text, e + 1) then
      out[#out + 1] = text:sub(pos, s - 1)
      out[#out + 1] = with
    else
      out[#out + 1] = text:sub(pos, e)
    end
    pos = e + 1
  end
  out[#out + 1] = text:sub(pos)
  return table.concat(out)
end

local function apply(text)
  for _, pair in ipairs(replacements) do
    text = replace_words(text, pair[1], pair[2])
  end
  return text
end

function setup(settings)
  local terms = {}
  for term in pairs(settings.replacements or {}) do terms[#terms + 1] = term end
  -- longest first, so "ODKB alliance" wins over "ODKB"; sorted for determinism
  table.sort(terms, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  for _, term in ipairs(terms) do
    replacements[#replacements + 1] = { term, tostring(settings.replacements[term]) }
  end
end

function process(article, ctx)
  for _, field in ipairs({ "headline", "kicker", "standfirst" }) do
    article[field] = apply(article[field])
  end
  for _, block in ipairs(article.body) do
    block.text = apply(block.text)
  end
  for _, m in ipairs(article.media) do
    m.caption = apply(m.caption)
  end
  return article
end
