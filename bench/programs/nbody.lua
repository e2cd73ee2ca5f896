-- The n-body simulation (5 bodies: the Sun and the four giant planets), state kept in numeric arrays.
-- Prints floor(energy * 1e9) before and after the steps.
local sqrt, floor = math.sqrt, math.floor

local function energy(x, y, z, vx, vy, vz, m)
  local n = #m
  local e = 0.0
  for i = 1, n do
    e = e + 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i])
    for j = i + 1, n do
      local dx = x[i] - x[j]
      local dy = y[i] - y[j]
      local dz = z[i] - z[j]
      e = e - m[i] * m[j] / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function simulate(steps)
  local solarMass = 4 * math.pi * math.pi
  local daysPerYear = 365.24
  local x = {0.0, 4.84143144246472090e+00, 8.34336671824457987e+00, 1.28943695621391310e+01,
             1.53796971148509165e+01}
  local y = {0.0, -1.16032004402742839e+00, 4.12479856412430479e+00, -1.51111514016986312e+01,
             -2.59193146099879641e+01}
  local z = {0.0, -1.03622044471123109e-01, -4.03523417114321381e-01, -2.23307578892655734e-01,
             1.79258772950371181e-01}
  local vx = {0.0, 1.66007664274403694e-03 * daysPerYear, -2.76742510726862411e-03 * daysPerYear,
              2.96460137564761618e-03 * daysPerYear, 2.68067772490389322e-03 * daysPerYear}
  local vy = {0.0, 7.69901118419740425e-03 * daysPerYear, 4.99852801234917238e-03 * daysPerYear,
              2.37847173959480950e-03 * daysPerYear, 1.62824170038242295e-03 * daysPerYear}
  local vz = {0.0, -6.90460016972063023e-05 * daysPerYear, 2.30417297573763929e-05 * daysPerYear,
              -2.96589568540237556e-05 * daysPerYear, -9.51592254519715870e-05 * daysPerYear}
  local m = {solarMass, 9.54791938424326609e-04 * solarMass, 2.85885980666130812e-04 * solarMass,
             4.36624404335156298e-05 * solarMass, 5.15138902046611451e-05 * solarMass}
  local n = #m

  -- Offset the Sun's momentum so the total is zero.
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 1, n do
    px = px + vx[i] * m[i]
    py = py + vy[i] * m[i]
    pz = pz + vz[i] * m[i]
  end
  vx[1] = -px / solarMass
  vy[1] = -py / solarMass
  vz[1] = -pz / solarMass

  print(string.format("%d", floor(energy(x, y, z, vx, vy, vz, m) * 1000000000)))
  local dt = 0.01
  for s = 0, steps - 1 do
    for i = 1, n do
      for j = i + 1, n do
        local dx = x[i] - x[j]
        local dy = y[i] - y[j]
        local dz = z[i] - z[j]
        local d2 = dx * dx + dy * dy + dz * dz
        local mag = dt / (d2 * sqrt(d2))
        local mi = m[i] * mag
        local mj = m[j] * mag
        vx[i] = vx[i] - dx * mj
        vy[i] = vy[i] - dy * mj
        vz[i] = vz[i] - dz * mj
        vx[j] = vx[j] + dx * mi
        vy[j] = vy[j] + dy * mi
        vz[j] = vz[j] + dz * mi
      end
    end
    for i = 1, n do
      x[i] = x[i] + dt * vx[i]
      y[i] = y[i] + dt * vy[i]
      z[i] = z[i] + dt * vz[i]
    end
  end
  print(string.format("%d", floor(energy(x, y, z, vx, vy, vz, m) * 1000000000)))
end

simulate(500000)
