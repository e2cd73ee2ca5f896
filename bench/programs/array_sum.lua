-- Fill a numeric array of 1M elements with push, then sum it by index several times.
local function run(n, rounds)
  local a = {}
  for i = 0, n - 1 do
    a[#a + 1] = i % 1000
  end
  local total = 0
  for r = 0, rounds - 1 do
    local s = 0
    for i = 1, n do
      s = s + a[i]
    end
    total = total + (s + r)
  end
  return total
end

print(string.format("%d", run(1000000, 80)))
