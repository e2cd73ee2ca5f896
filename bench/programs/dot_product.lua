-- Dot product of two numeric arrays of 1M elements, repeated.
local function run(n, rounds)
  local a = {}
  local b = {}
  for i = 0, n - 1 do
    a[#a + 1] = (i % 100) * 0.5
    b[#b + 1] = (i % 37) * 0.25 + 1
  end
  local total = 0.0
  for r = 0, rounds - 1 do
    local s = 0.0
    for i = 1, n do
      s = s + a[i] * b[i]
    end
    total = total + s
  end
  return math.floor(total)
end

print(string.format("%d", run(1000000, 40)))
