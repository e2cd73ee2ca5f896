-- Two nested counted loops with arithmetic in the inner body.
local function run(n)
  local s = 0
  for i = 0, n - 1 do
    for j = 0, n - 1 do
      s = s + ((i + 1) * (j + 2) - j)
    end
  end
  return s
end

print(string.format("%d", run(7000)))
