// Plots on a <canvas>, no library: a curve with points and a ball (1-D), a contour map with
// a path (2-D, marching squares), and lines against step (learning-rate comparison).

const PAD = { left: 56, right: 16, top: 14, bottom: 30 };
export const COLORS = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989"];

function setup(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 640;
  const height = canvas.clientHeight || 360;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "12px system-ui, sans-serif";
  return { ctx, width, height };
}

function finite(values) {
  return values.filter((v) => v !== null && Number.isFinite(v));
}

function niceTicks(lo, hi, count = 6) {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || step0;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) ticks.push(t);
  return ticks;
}

function fmtTick(v) {
  if (Math.abs(v) < 1e-12) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(0) : String(Number(v.toPrecision(4)));
}

function frame(g, xr, yr) {
  const w = g.width - PAD.left - PAD.right;
  const h = g.height - PAD.top - PAD.bottom;
  const sx = (x) => PAD.left + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * w;
  const sy = (y) => PAD.top + h - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * h;
  return { sx, sy, w, h };
}

function axes(g, f, xr, yr, labels = {}) {
  const { ctx } = g;
  ctx.strokeStyle = "#d0d7de";
  ctx.fillStyle = "#57606a";
  ctx.lineWidth = 1;
  for (const t of niceTicks(xr[0], xr[1])) {
    const x = f.sx(t);
    ctx.beginPath();
    ctx.moveTo(x, PAD.top);
    ctx.lineTo(x, PAD.top + f.h);
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.fillText(fmtTick(t), x, PAD.top + f.h + 16);
  }
  for (const t of niceTicks(yr[0], yr[1], 5)) {
    const y = f.sy(t);
    ctx.beginPath();
    ctx.moveTo(PAD.left, y);
    ctx.lineTo(PAD.left + f.w, y);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.fillText(labels.yTick ? labels.yTick(t) : fmtTick(t), PAD.left - 6, y + 4);
  }
  ctx.strokeStyle = "#57606a";
  ctx.strokeRect(PAD.left, PAD.top, f.w, f.h);
  if (labels.x) {
    ctx.textAlign = "right";
    ctx.fillText(labels.x, PAD.left + f.w, PAD.top + f.h + 28);
  }
}

function clip(g, f) {
  g.ctx.save();
  g.ctx.beginPath();
  g.ctx.rect(PAD.left, PAD.top, f.w, f.h);
  g.ctx.clip();
}

function valueRange(values, extra = []) {
  const vals = finite(values).concat(finite(extra)).sort((a, b) => a - b);
  if (!vals.length) return [-1, 1];
  let lo = vals[Math.floor(vals.length * 0.02)];
  let hi = vals[Math.ceil(vals.length * 0.98) - 1];
  for (const v of finite(extra)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

// One variable: the curve f(x), marked points [{x, y, color, label}], and the ball path.
export function drawCurve(canvas, samples, opts = {}) {
  const g = setup(canvas);
  const xs = samples.x;
  const ys = samples.values;
  const xr = [xs[0], xs[xs.length - 1]];
  const marks = opts.points || [];
  const path = opts.path || [];
  const yr = valueRange(ys, marks.map((p) => p.y).concat(path.map((p) => p.y)));
  const f = frame(g, xr, yr);
  axes(g, f, xr, yr, { x: opts.xLabel || "x" });
  clip(g, f);
  const { ctx } = g;
  ctx.strokeStyle = "#24292f";
  ctx.lineWidth = 2;
  ctx.beginPath();
  let pen = false;
  xs.forEach((x, i) => {
    const y = ys[i];
    if (y === null || !Number.isFinite(y)) {
      pen = false;
      return;
    }
    if (pen) ctx.lineTo(f.sx(x), f.sy(y));
    else ctx.moveTo(f.sx(x), f.sy(y));
    pen = true;
  });
  ctx.stroke();
  drawPath1d(ctx, f, path, opts.upTo ?? path.length - 1);
  for (const p of marks) dot(ctx, f.sx(p.x), f.sy(p.y), 5, p.color || "#8250df");
  ctx.restore();
}

function drawPath1d(ctx, f, path, upTo) {
  if (!path.length) return;
  ctx.strokeStyle = "rgba(209,36,47,0.9)";
  ctx.lineWidth = 2;
  ctx.beginPath();
  let shown = 0;
  for (let i = 0; i <= upTo && i < path.length; i++) {
    const p = path[i];
    if (!Number.isFinite(p.y)) break;
    if (i === 0) ctx.moveTo(f.sx(p.x), f.sy(p.y));
    else ctx.lineTo(f.sx(p.x), f.sy(p.y));
    shown = i;
  }
  ctx.stroke();
  // every point visited is a dot: the steps (70 → 56 → 44.8 …) show as jumps that shrink
  for (let i = 0; i <= shown; i++) dot(ctx, f.sx(path[i].x), f.sy(path[i].y), 3.5, "#d1242f");
  const last = path[Math.min(upTo, path.length - 1)];
  if (last && Number.isFinite(last.y)) dot(ctx, f.sx(last.x), f.sy(last.y), 8, "#d1242f");
}

function dot(ctx, x, y, r, color) {
  ctx.fillStyle = color;
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}

function levelColor(t) {
  const a = [237, 244, 255];
  const b = [31, 111, 235];
  const mix = (i) => Math.round(a[i] + (b[i] - a[i]) * t);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

// Two variables: filled levels and contour lines of the grid, the path [{x, y}], points.
export function drawContour(canvas, grid, opts = {}) {
  const g = setup(canvas);
  // the page asks for a grid shaped like the canvas: its ranges give equal scales
  const xr = [grid.x[0], grid.x[grid.x.length - 1]];
  const yr = [grid.y[0], grid.y[grid.y.length - 1]];
  const f = frame(g, xr, yr);
  clip(g, f);
  const flat = finite(grid.values.flat()).sort((a, b) => a - b);
  const levels = [];
  for (let i = 1; i < 12; i++) levels.push(flat[Math.floor((flat.length - 1) * (i / 12) ** 1.6)]);
  fillCells(g.ctx, f, grid, flat);
  g.ctx.strokeStyle = "rgba(36,41,47,0.45)";
  g.ctx.lineWidth = 1;
  for (const level of levels) marchingSquares(g.ctx, f, grid, level);
  g.ctx.restore();
  axes(g, f, xr, yr, { x: opts.xLabel || "x" });
  clip(g, f);
  drawPath2d(g.ctx, f, opts.path || [], opts.upTo ?? (opts.path || []).length - 1);
  for (const p of opts.points || []) dot(g.ctx, f.sx(p.x), f.sy(p.y), 5, p.color || "#8250df");
  g.ctx.restore();
}

function fillCells(ctx, f, grid, sorted) {
  const lo = sorted[0];
  const hi = sorted[Math.floor((sorted.length - 1) * 0.95)];
  const nx = grid.x.length;
  const ny = grid.y.length;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v = grid.values[j][i];
      const t = v === null ? 1 : Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1)));
      ctx.fillStyle = levelColor(1 - Math.sqrt(t));
      const x0 = f.sx(grid.x[i]);
      const y0 = f.sy(grid.y[j + 1]);
      ctx.fillRect(x0, y0, f.sx(grid.x[i + 1]) - x0 + 1, f.sy(grid.y[j]) - y0 + 1);
    }
  }
}

function marchingSquares(ctx, f, grid, level) {
  const v = grid.values;
  const lerp = (a, b, va, vb) => a + ((level - va) / (vb - va)) * (b - a);
  ctx.beginPath();
  for (let j = 0; j < grid.y.length - 1; j++) {
    for (let i = 0; i < grid.x.length - 1; i++) {
      const c = [v[j][i], v[j][i + 1], v[j + 1][i + 1], v[j + 1][i]];
      if (c.some((q) => q === null)) continue;
      const [x0, x1, y0, y1] = [grid.x[i], grid.x[i + 1], grid.y[j], grid.y[j + 1]];
      const pts = [];
      const edges = [
        [c[0], c[1], () => [lerp(x0, x1, c[0], c[1]), y0]],
        [c[1], c[2], () => [x1, lerp(y0, y1, c[1], c[2])]],
        [c[3], c[2], () => [lerp(x0, x1, c[3], c[2]), y1]],
        [c[0], c[3], () => [x0, lerp(y0, y1, c[0], c[3])]],
      ];
      for (const [a, b, at] of edges) if ((a < level) !== (b < level)) pts.push(at());
      for (let k = 0; k + 1 < pts.length; k += 2) {
        ctx.moveTo(f.sx(pts[k][0]), f.sy(pts[k][1]));
        ctx.lineTo(f.sx(pts[k + 1][0]), f.sy(pts[k + 1][1]));
      }
    }
  }
  ctx.stroke();
}

function drawPath2d(ctx, f, path, upTo) {
  if (!path.length) return;
  ctx.strokeStyle = "#d1242f";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i <= upTo && i < path.length; i++) {
    const p = path[i];
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) break;
    if (i === 0) ctx.moveTo(f.sx(p.x), f.sy(p.y));
    else ctx.lineTo(f.sx(p.x), f.sy(p.y));
  }
  ctx.stroke();
  for (let i = 0; i <= upTo && i < path.length; i++) {
    const p = path[i];
    if (Number.isFinite(p.x) && Number.isFinite(p.y))
      dot(ctx, f.sx(p.x), f.sy(p.y), i === upTo ? 7 : 3, "#d1242f");
  }
}

// Lines against step: series [{label, values, color}], y on a signed log scale.
export function drawLines(canvas, series, opts = {}) {
  const g = setup(canvas);
  const squash = (v) => Math.sign(v) * Math.log10(1 + Math.abs(v));
  const unsquash = (s) => Math.sign(s) * (10 ** Math.abs(s) - 1);
  const longest = Math.max(1, ...series.map((s) => s.values.length - 1));
  const all = series.flatMap((s) => finite(s.values).map(squash));
  const yr = all.length ? [Math.min(...all), Math.max(...all) || 1] : [0, 1];
  if (yr[1] - yr[0] < 1e-9) yr[1] = yr[0] + 1;
  const xr = [0, longest];
  const f = frame(g, xr, yr);
  axes(g, f, xr, yr, { x: opts.xLabel || "step", yTick: (t) => fmtTick(unsquash(t)) });
  clip(g, f);
  const { ctx } = g;
  series.forEach((s, n) => {
    ctx.strokeStyle = s.color || COLORS[n % COLORS.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      if (i === 0) ctx.moveTo(f.sx(i), f.sy(squash(v)));
      else ctx.lineTo(f.sx(i), f.sy(squash(v)));
    });
    ctx.stroke();
  });
  ctx.restore();
  series.forEach((s, n) => {
    ctx.fillStyle = s.color || COLORS[n % COLORS.length];
    ctx.textAlign = "right";
    ctx.fillText(s.label, g.width - PAD.right - 6, PAD.top + 14 + 14 * n);
  });
}
