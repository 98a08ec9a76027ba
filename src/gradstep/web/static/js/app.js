// The playground page: type f, see f′ with its steps, the critical points, the plot, and
// gradient descent animated on the curve (1-D) or the contour map (2-D). Every number comes
// from the JSON API (the same JSON as the CLI's --json); every word from /api/messages.

import { escapeHtml, mathHtml } from "./math.js";
import { COLORS, drawContour, drawCurve, drawLines } from "./plot.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_STARTS = [6, 9, 1, 1, 1, 1, 1, 1, 1, 1];
const FIRST_ROWS = 8;
const LAST_ROWS = 3;
const MAX_FRAMES = 150;
const state = { lang: "en", words: {}, expression: "", variables: [], extrema: null,
                run: null, grid: null, gridKey: "", timer: null, seq: 0 };

async function post(path, body) {
  let response;
  try {
    response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" },
                                    body: JSON.stringify(body) });
  } catch (err) {
    return { ok: false, status: 0, data: { detail: String(err) } };
  }
  let data;
  try {
    data = await response.json();
  } catch (_err) {
    data = { detail: `HTTP ${response.status}` };
  }
  return { ok: response.ok, status: response.status, data };
}

function t(key, fields = {}) {
  let text = state.words[key] ?? key;
  for (const [name, value] of Object.entries(fields)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

export function fmt(v) {
  if (v === null || v === undefined) return "—";
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-5)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

async function loadWords(lang) {
  const response = await fetch(`/api/messages/${lang}`);
  state.words = await response.json();
  state.lang = lang;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  $("expression").placeholder = t("web.page.placeholder");
  for (const b of document.querySelectorAll(".lang button"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
}

// ------------------------------------------------------------------ errors next to inputs
function clearError(id) {
  $(id).hidden = true;
  $(id).innerHTML = "";
  if (id === "expr-error") $("expression").removeAttribute("aria-invalid");
}

function showError(id, detail) {
  $(id).innerHTML = `<div class="detail">${escapeHtml(detail)}</div>`;
  $(id).hidden = false;
}

function showExpressionError(text, data) {
  showError("expr-error", data.detail || "error");
  const input = $("expression");
  input.setAttribute("aria-invalid", "true");
  const column = data.column;
  if (!Number.isInteger(column) || column < 1) return;
  $("expr-error").dataset.column = String(column);
  const at = column - 1;
  const marked = `${escapeHtml(text.slice(0, at))}<mark>${escapeHtml(text[at] || " ")}</mark>` +
    escapeHtml(text.slice(at + 1));
  const caret = `${" ".repeat(at)}^ ${escapeHtml(t("web.page.column", { column }))}`;
  $("expr-error").insertAdjacentHTML("beforeend", `<pre class="caret">${marked}\n${caret}</pre>`);
  input.focus();
  input.setSelectionRange(at, Math.min(at + 1, text.length));
}

// ------------------------------------------------------------------ derivative and steps
function stepHtml(step, variable) {
  const v = /\bu\b/.test(step.expression) ? "u" : variable;
  const rule = escapeHtml(t(`calculus.rule.${step.rule}`));
  const line = escapeHtml(t("web.page.rule_step"))
    .replace("{rule}", `<span class="rule">${rule}</span>`)
    .replace("{var}", escapeHtml(v))
    .replace("{expression}", mathHtml(step.expression))
    .replace("{result}", mathHtml(step.result));
  const subs = step.substeps.map((s) => stepHtml(s, variable)).join("");
  return `<li>${line}${subs ? `<ul>${subs}</ul>` : ""}</li>`;
}

function renderDerivative(d) {
  const f = mathHtml(d.expression);
  if (d.gradient) {
    const parts = Object.entries(d.gradient)
      .map(([v, g]) => `∂f/∂${escapeHtml(v)} = ${mathHtml(g)}`);
    $("derivative").innerHTML = `f = ${f}<br>∇f: ${parts.join(", ")}`;
  } else {
    const mark = d.order === 1 ? "′" : `<sup>(${d.order})</sup>`;
    const v = escapeHtml(d.variable || "x");
    $("derivative").innerHTML = `f(${v}) = ${f}<br>f${mark}(${v}) = ${mathHtml(d.derivative)}`;
  }
  const names = d.gradient ? Object.keys(d.gradient) : d.steps.map(() => d.variable || "x");
  $("steps").innerHTML = `<ul>${d.steps.map((s, i) => stepHtml(s, names[i])).join("")}</ul>`;
  const kinks = (d.nondifferentiable_points || []).map((p) =>
    `${escapeHtml(t("web.page.nondiff"))} ${mathHtml(p.exact)}: ${escapeHtml(t(`calculus.nondiff.${p.reason}`))}`);
  $("nondiff").innerHTML = kinks.join("<br>");
}

// ------------------------------------------------------------------ critical points
function pointText(point) {
  return Object.entries(point).map(([k, v]) => `${k} = ${fmt(v)}`).join(", ");
}

function renderExtrema(result, failure) {
  const head = $("extrema").querySelector("thead");
  const body = $("extrema").querySelector("tbody");
  head.innerHTML = "";
  body.innerHTML = "";
  $("extrema-note").textContent = failure ? failure : "";
  if (!result) return;
  head.innerHTML = `<tr><th class="text">${escapeHtml(t("web.page.critical_points"))}</th>` +
    `<th class="text">${escapeHtml(t("web.page.kind"))}</th>` +
    `<th>${escapeHtml(t("web.page.value"))}</th><th class="text">${escapeHtml(t("web.page.method"))}</th></tr>`;
  for (const p of result.critical_points) {
    const exact = p.pattern ? ` (${escapeHtml(p.pattern)})` :
      p.exact && !/^-?\d+(\.\d+)?$/.test(p.exact) ? ` = ${mathHtml(p.exact)}` : "";
    body.insertAdjacentHTML("beforeend",
      `<tr data-kind="${escapeHtml(p.kind)}"><td class="text">${escapeHtml(pointText(p.point))}${exact}</td>` +
      `<td class="text">${escapeHtml(t(`calculus.kind.${p.kind}`))}</td><td>${fmt(p.value)}</td>` +
      `<td class="text">${escapeHtml(p.method)}</td></tr>`);
  }
  if (!result.critical_points.length)
    body.innerHTML = `<tr><td class="text" colspan="4">${escapeHtml(t("web.page.none"))}</td></tr>`;
  const incomplete = result.complete ? "" : ` ${t("web.page.incomplete")}`;
  $("extrema-note").textContent = `${result.note}${incomplete}`;
}

// ------------------------------------------------------------------ start point fields
function buildStartFields(variables) {
  const box = $("start-fields");
  const old = Object.fromEntries([...box.querySelectorAll("input[type=number]")]
    .map((el) => [el.dataset.var, el.value]));
  box.innerHTML = "";
  variables.forEach((v, i) => {
    const value = old[v] ?? DEFAULT_STARTS[i] ?? 1;
    box.insertAdjacentHTML("beforeend",
      `<div class="field"><label for="x0-${v}">${escapeHtml(t("web.page.start"))} ${escapeHtml(v)}₀</label>` +
      `<input type="range" id="x0-${v}-slider" min="-100" max="100" step="0.1" value="${value}">` +
      `<input type="number" id="x0-${v}" data-var="${v}" step="any" value="${value}"></div>`);
    link($(`x0-${v}-slider`), $(`x0-${v}`), (s) => s, (n) => n);
  });
}

function link(slider, number, toNumber, toSlider) {
  slider.addEventListener("input", () => { number.value = String(toNumber(Number(slider.value))); });
  slider.addEventListener("change", () => runDescent());
  number.addEventListener("input", () => { slider.value = String(toSlider(Number(number.value))); });
}

// ------------------------------------------------------------------ the plot
function extent(path, variables) {
  let ext = 10;
  for (const p of path) for (const v of variables) {
    const x = p[v];
    if (Number.isFinite(x) && Math.abs(x) < 1e6) ext = Math.max(ext, Math.abs(x) * 1.15);
  }
  for (const c of state.extrema?.critical_points || []) for (const v of variables) {
    const x = c.point[v];
    if (Number.isFinite(x) && Math.abs(x) < 1e6) ext = Math.max(ext, Math.abs(x) * 1.15);
  }
  return Number(ext.toPrecision(3));
}

async function ensureGrid(ext) {
  // Two variables: the grid is as wide as the canvas (x and y on the same scale, so the
  // circles of x² + y² stay circles) and tall enough for the whole path in y.
  const two = state.variables.length === 2;
  const canvas = $("plot");
  const aspect = two ? Math.max(1, (canvas.clientWidth || 4) / (canvas.clientHeight || 1)) : 1;
  const key = `${state.expression}|${ext}|${aspect.toFixed(2)}`;
  if (state.gridKey === key && state.grid) return state.grid;
  const body = { expression: state.expression, x_range: [-ext * aspect, ext * aspect] };
  if (two) body.y_range = [-ext, ext];
  const r = await post("/api/plot", body);
  state.grid = r.ok ? r.data : null;
  state.gridKey = r.ok ? key : "";
  return state.grid;
}

function marks(variables) {
  return (state.extrema?.critical_points || [])
    .filter((c) => variables.every((v) => Number.isFinite(c.point[v])))
    .map((c) => ({ x: c.point[variables[0]], y: variables.length === 2 ? c.point[variables[1]] : c.value,
                   color: c.kind === "minimum" ? "#1a7f37" : "#8250df" }));
}

function draw(upTo) {
  const vars = state.variables;
  const grid = state.grid;
  if (!grid || vars.length > 2 || grid.variables.length !== vars.length) return;
  const path = (state.run?.path || []).map((p, i) => vars.length === 2
    ? { x: p[vars[0]], y: p[vars[1]] } : { x: p[vars[0]], y: state.run.values[i] });
  if (vars.length === 2) drawContour($("plot"), grid, { path, upTo, points: marks(vars), xLabel: vars[0] });
  else drawCurve($("plot"), grid, { path, upTo, points: marks(vars), xLabel: vars[0] || "x" });
}

async function redraw() {
  const vars = state.variables.length ? state.variables : ["x"];
  await ensureGrid(extent(state.run?.path || [], vars));
  draw(state.run ? state.run.path.length - 1 : -1);
}

function animate() {
  clearInterval(state.timer);
  const total = state.run.path.length - 1;
  const frames = Math.min(total, MAX_FRAMES);
  $("animation-note").textContent = total > frames ? t("web.page.stopped_early", { shown: frames, total }) : "";
  const delay = Math.max(40, Math.min(300, 6000 / Math.max(frames, 1)));  // about 6 s in all
  let k = 0;
  draw(0);
  state.timer = setInterval(() => {
    k += 1;
    draw(k >= frames ? total : k);
    if (k >= frames) clearInterval(state.timer);
  }, delay);
}

// ------------------------------------------------------------------ descent
function startPoint() {
  return Object.fromEntries(state.variables.map((v) => [v, Number($(`x0-${v}`).value)]));
}

function descentBody(extra) {
  return { expression: state.expression, x0: startPoint(), steps: Number($("steps-number").value),
           optimizer: $("optimizer").value, lang: state.lang, ...extra };
}

function renderVerdict(run) {
  const el = $("verdict");
  el.className = `verdict verdict-${run.verdict}`;
  el.dataset.verdict = run.verdict;
  el.innerHTML = `${escapeHtml(t("web.page.verdict"))}: <b>${escapeHtml(t(`descent.verdict.${run.verdict}`))}</b>` +
    ` — ${escapeHtml(run.reason)}`;
}

function tableRow(run, k, vars) {
  const p = run.path[k];
  const next = run.path[k + 1];
  const size = next ? Math.hypot(...vars.map((v) => next[v] - p[v])) : null;
  const cells = [
    ...vars.map((v) => `<td data-col="${escapeHtml(v)}">${fmt(p[v])}</td>`),
    ...vars.map((v) => `<td data-col="d${escapeHtml(v)}">${fmt(run.gradients[k][v])}</td>`),
    `<td data-col="size">${fmt(size)}</td>`, `<td data-col="f">${fmt(run.values[k])}</td>`,
  ];
  return `<tr data-step="${k}"><td>${k}</td>${cells.join("")}</tr>`;
}

function renderTable(run) {
  const vars = state.variables;
  const grads = vars.map((v) => (vars.length === 1 ? "f′" : `∂f/∂${escapeHtml(v)}`));
  $("descent-table").querySelector("thead").innerHTML = `<tr><th>${escapeHtml(t("web.page.table_step"))}</th>` +
    vars.map((v) => `<th>${escapeHtml(v)}</th>`).join("") + grads.map((g) => `<th>${g}</th>`).join("") +
    `<th>${escapeHtml(t("web.page.table_size"))}</th><th>${escapeHtml(t("web.page.table_value"))}</th></tr>`;
  const total = run.path.length;
  let rows = [...Array(total).keys()];
  if (total > FIRST_ROWS + LAST_ROWS + 1)
    rows = [...Array(FIRST_ROWS).keys(), -1, ...[...Array(LAST_ROWS).keys()].map((i) => total - LAST_ROWS + i)];
  const gap = t("web.page.gap", { count: total - FIRST_ROWS - LAST_ROWS });
  $("descent-table").querySelector("tbody").innerHTML = rows.map((k) => (k < 0
    ? `<tr class="gap"><td>…</td><td class="text" colspan="${2 * vars.length + 2}">${escapeHtml(gap)}</td></tr>`
    : tableRow(run, k, vars))).join("");
}

async function runDescent() {
  if (!state.expression || !state.variables.length) return;
  const seq = ++state.seq;
  clearError("descent-error");
  const r = await post("/api/descend", descentBody({ learning_rate: Number($("lr-number").value) }));
  if (seq !== state.seq) return;
  if (!r.ok) {
    showError("descent-error", r.data.detail);
    return;
  }
  state.run = r.data;
  renderVerdict(r.data);
  renderTable(r.data);
  if (state.variables.length <= 2) {
    await ensureGrid(extent(r.data.path, state.variables));
    animate();
  }
}

// ------------------------------------------------------------------ learning-rate comparison
async function compareRates() {
  clearError("compare-error");
  const rates = $("rates").value.split(/[\s,;]+/).filter(Boolean).map(Number);
  if (!rates.length || rates.some((r) => !Number.isFinite(r) || r <= 0)) {
    showError("compare-error", `${t("web.page.rates")}: 0.001, 0.1, 1.1`);
    return;
  }
  const sweep = await post("/api/sweep", descentBody({ learning_rates: rates }));
  if (!sweep.ok) {
    showError("compare-error", sweep.data.detail);
    return;
  }
  renderSweep(sweep.data);
  const runs = await Promise.all(rates.map((lr) => post("/api/descend", descentBody({ learning_rate: lr }))));
  const series = runs.filter((r) => r.ok).map((r, i) => ({
    label: `η = ${fmt(r.data.learning_rate)} (${t(`descent.verdict.${r.data.verdict}`)})`,
    values: r.data.values, color: COLORS[i % COLORS.length] }));
  drawLines($("loss-plot"), series, { xLabel: t("web.page.loss_axis") });
}

function renderSweep(result) {
  const h = ["rate", "verdict", "taken", "final", "final_value"].map((k) => `<th>${escapeHtml(t(`web.page.${k}`))}</th>`);
  $("sweep-table").querySelector("thead").innerHTML = `<tr>${h.join("")}</tr>`;
  $("sweep-table").querySelector("tbody").innerHTML = result.runs.map((r) =>
    `<tr data-verdict="${escapeHtml(r.verdict)}"><td>${fmt(r.learning_rate)}</td>` +
    `<td class="text">${escapeHtml(t(`descent.verdict.${r.verdict}`))}</td><td>${r.steps_taken}</td>` +
    `<td class="text">${escapeHtml(pointText(r.final.point))}</td><td>${fmt(r.final.value)}</td></tr>`).join("");
}

// ------------------------------------------------------------------ analyse a new f
function clearCompare() {
  for (const part of $("sweep-table").children) part.innerHTML = "";
  const canvas = $("loss-plot");
  canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
}

function clearResults() {
  for (const id of ["derivative", "steps", "nondiff", "verdict", "animation-note"]) $(id).innerHTML = "";
  for (const id of ["extrema", "descent-table", "sweep-table"])
    for (const part of $(id).children) part.innerHTML = "";
  renderExtrema(null);
  state.run = null;
  state.grid = null;
  clearInterval(state.timer);
  const ctx = $("plot").getContext("2d");
  ctx.clearRect(0, 0, $("plot").width, $("plot").height);
}

async function analyse() {
  const text = $("expression").value;
  clearError("expr-error");
  document.body.dataset.busy = "true";
  try {
    const diff = await post("/api/diff", { expression: text, lang: state.lang });
    if (!diff.ok) {
      clearResults();
      state.expression = "";
      showExpressionError(text, diff.data);
      return;
    }
    const d = diff.data;
    clearInterval(state.timer);
    state.grid = null;
    state.gridKey = "";
    state.expression = text;
    state.variables = d.variables || [d.variable || "x"];
    renderDerivative(d);
    clearCompare();
    buildStartFields(state.variables);
    const ext = await post("/api/extrema", { expression: text, lang: state.lang });
    state.extrema = ext.ok ? ext.data : null;
    renderExtrema(state.extrema, ext.ok ? "" : ext.data.detail);
    state.run = null;
    await redraw();
    await runDescent();
  } finally {
    document.body.dataset.busy = "false";
  }
}

function init() {
  $("expr-form").addEventListener("submit", (e) => { e.preventDefault(); analyse(); });
  $("descent-form").addEventListener("submit", (e) => { e.preventDefault(); runDescent(); });
  $("compare-form").addEventListener("submit", (e) => { e.preventDefault(); compareRates(); });
  $("optimizer").addEventListener("change", () => runDescent());
  link($("lr-slider"), $("lr-number"), (s) => Number((10 ** s).toPrecision(3)), (n) => Math.log10(n));
  for (const b of document.querySelectorAll(".lang button"))
    b.addEventListener("click", async () => { await loadWords(b.dataset.lang); await analyse(); });
  window.addEventListener("resize", () => draw(state.run ? state.run.path.length - 1 : -1));
  loadWords("en").then(analyse).then(() => { document.body.dataset.ready = "true"; });
}

init();
