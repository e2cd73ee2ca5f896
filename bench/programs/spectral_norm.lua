-- The spectral norm of the infinite matrix A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1),
-- by 10 power iterations on an n x n section. Prints floor(norm * 1e9).
local function a(i, j)
  return 1 / ((i + j) * (i + j + 1) / 2 + i + 1)
end

local function mulAv(n, v)
  local out = {}
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do
      s = s + a(i, j) * v[j + 1]
    end
    out[#out + 1] = s
  end
  return out
end

local function mulAtv(n, v)
  local out = {}
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do
      s = s + a(j, i) * v[j + 1]
    end
    out[#out + 1] = s
  end
  return out
end

local function mulAtAv(n, v)
  return mulAtv(n, mulAv(n, v))
end

local function run(n)
  local u = {}
  for i = 0, n - 1 do
    u[#u + 1] = 1.0
  end
  local v = {}
  for k = 0, 9 do
    v = mulAtAv(n, u)
    u = mulAtAv(n, v)
  end
  local vbv, vv = 0.0, 0.0
  for i = 1, n do
    vbv = vbv + u[i] * v[i]
    vv = vv + v[i] * v[i]
  end
  return math.sqrt(vbv / vv)
end

print(string.format("%d", math.floor(run(550) * 1000000000)))
