-- Mandelbrot set on an n x n grid over [-1.5, 0.5] x [-1, 1], at most 50 iterations per point.
-- Prints the number of points inside plus the total iteration count.
local function run(n)
  local inside = 0
  local iters = 0
  for y = 0, n - 1 do
    local ci = 2 * y / n - 1
    for x = 0, n - 1 do
      local cr = 2 * x / n - 1.5
      local zr = 0.0
      local zi = 0.0
      local k = 0
      local escaped = false
      while k < 50 do
        local tr = zr * zr - zi * zi + cr
        zi = 2 * zr * zi + ci
        zr = tr
        k = k + 1
        if zr * zr + zi * zi > 4 then
          escaped = true
          break
        end
      end
      iters = iters + k
      if not escaped then
        inside = inside + 1
      end
    end
  end
  return inside * 1000000 + iters
end

print(string.format("%d", run(1000)))
