-- Sieve of Eratosthenes up to n, repeated; prints the prime count times the rounds.
local function sieve(n)
  local flags = {}
  for i = 0, n do
    flags[i + 1] = true
  end
  local count = 0
  for i = 2, n do
    if flags[i + 1] then
      count = count + 1
      for j = i * i, n, i do
        flags[j + 1] = false
      end
    end
  end
  return count
end

local total = 0
for r = 0, 14 do
  total = total + sieve(1000000)
end
print(string.format("%d", total))
