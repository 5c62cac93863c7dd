-- long_reads.lua — a partner's when: script (pipelines/README.md,
-- Partners): the partner wants only long reads, 300 words or more.
-- Tested by long_reads.test.yaml (galley test scripts/).
function wants(article, partner)
  local words = 0
  for _ in galley.re.gmatch(article:text(), "\\w+") do words = words + 1 end
  return words >= 300
end
