function process(a)
  return a +
end
