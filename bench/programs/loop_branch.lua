-- A scalar loop with a branch taken both ways: sum over i of (i % 3 == 0 ? i * 2 : i - 1).
local function run(n)
  local s = 0
  for i = 0, n - 1 do
    if i % 3 == 0 then
      s = s + i * 2
    else
      s = s + (i - 1)
    end
  end
  return s
end

print(string.format("%d", run(80000000)))
