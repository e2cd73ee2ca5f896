-- Build strings from many small pieces: each line by repeated concatenation of 50 pieces,
-- then all lines joined. Prints the total length.
local function run(lines)
  local parts = {}
  for i = 0, lines - 1 do
    local line = ""
    for j = 0, 49 do
      line = line .. tostring(i % 97 + j) .. ","
    end
    parts[#parts + 1] = line
  end
  local text = table.concat(parts, "\n")
  return #text
end

print(string.format("%d", run(50000)))
