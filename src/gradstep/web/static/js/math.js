// Rendered math without a CDN: SymPy's text form (what the API returns) -> HTML.
// A small tokenizer and precedence parser build a tree; the renderer writes powers as
// superscripts, quotients as stacked fractions, Abs(u) as |u|, sqrt(u) as √u, exp(u) as
// eᵘ, pi as π and products as juxtaposition or "·". Anything it cannot read is shown as
// plain text. Text is always escaped: nothing from the server becomes markup unescaped.

const FUNCTION_NAMES = { log: "ln", asin: "arcsin", acos: "arccos", atan: "arctan" };
const SYMBOLS = { pi: "π", E: "e", theta: "θ", alpha: "α", beta: "β", oo: "∞" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tokenize(text) {
  const tokens = [];
  const re = /\s*(\d+\.?\d*(?:e[+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*|[-+*/(),])/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(pos))) break;
      throw new Error("unreadable");
    }
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  return tokens;
}

class Parser {
  constructor(tokens) {
    this.t = tokens;
    this.i = 0;
  }
  peek() {
    return this.t[this.i];
  }
  next() {
    return this.t[this.i++];
  }
  expect(tok) {
    if (this.next() !== tok) throw new Error("expected " + tok);
  }
  sum() {
    let terms = [{ sign: 1, node: this.product() }];
    while (this.peek() === "+" || this.peek() === "-") {
      const sign = this.next() === "+" ? 1 : -1;
      terms.push({ sign, node: this.product() });
    }
    return terms.length === 1 && terms[0].sign === 1 ? terms[0].node : { k: "sum", terms };
  }
  product() {
    let node = this.unary();
    while (this.peek() === "*" || this.peek() === "/") {
      const op = this.next();
      const right = this.unary();
      node = op === "*" ? { k: "mul", a: node, b: right } : { k: "div", a: node, b: right };
    }
    return node;
  }
  unary() {
    if (this.peek() === "-") {
      this.next();
      return { k: "neg", a: this.unary() };
    }
    return this.power();
  }
  power() {
    const base = this.atom();
    if (this.peek() === "**") {
      this.next();
      return { k: "pow", a: base, b: this.unary() };
    }
    return base;
  }
  atom() {
    const tok = this.next();
    if (tok === undefined) throw new Error("end");
    if (tok === "(") {
      const inner = this.sum();
      this.expect(")");
      return { k: "group", a: inner };
    }
    if (/^\d/.test(tok)) return { k: "num", v: tok };
    if (/^[A-Za-z_]/.test(tok)) {
      if (this.peek() === "(") {
        this.next();
        const args = [this.sum()];
        while (this.peek() === ",") {
          this.next();
          args.push(this.sum());
        }
        this.expect(")");
        return { k: "call", f: tok, args };
      }
      return { k: "name", v: tok };
    }
    throw new Error("unexpected " + tok);
  }
}

function strip(node) {
  return node.k === "group" ? strip(node.a) : node;
}

function needsParens(node, context) {
  const n = strip(node);
  if (context === "base") return !["num", "name", "call"].includes(n.k) || /^-/.test(n.v || "");
  if (context === "factor") return n.k === "sum";
  return false;
}

function wrap(node, context) {
  const inner = render(strip(node));
  return needsParens(node, context) ? `(${inner})` : inner;
}

function isNumeric(node) {
  const n = strip(node);
  return n.k === "num" || (n.k === "neg" && isNumeric(n.a));
}

function renderCall(node) {
  const name = node.f;
  const args = node.args.map((a) => render(strip(a)));
  if (name === "Abs") return `|${args[0]}|`;
  if (name === "sqrt") return `√<span class="radicand">${args[0]}</span>`;
  if (name === "exp") return `e<sup>${args[0]}</sup>`;
  const shown = escapeHtml(FUNCTION_NAMES[name] || name);
  return `<span class="fn">${shown}</span>(${args.join(", ")})`;
}

function renderMul(node) {
  const left = strip(node.a);
  const right = strip(node.b);
  const a = wrap(node.a, "factor");
  const b = wrap(node.b, "factor");
  if (left.k === "num" && left.v === "1") return b;
  const juxtapose = isNumeric(left) && !isNumeric(right);
  return juxtapose ? `${a}${b}` : `${a}·${b}`;
}

function render(node) {
  switch (node.k) {
    case "num":
      return escapeHtml(node.v);
    case "name":
      return `<i>${escapeHtml(SYMBOLS[node.v] || node.v)}</i>`;
    case "group":
      return `(${render(node.a)})`;
    case "neg":
      return `−${wrap(node.a, "factor")}`;
    case "sum":
      return node.terms
        .map((t, i) => {
          const body = render(strip(t.node));
          if (i === 0) return t.sign < 0 ? `−${body}` : body;
          if (t.sign > 0 && body.startsWith("−")) return ` − ${body.slice(1)}`;
          return t.sign > 0 ? ` + ${body}` : ` − ${wrap(t.node, "factor")}`;
        })
        .join("");
    case "mul":
      return renderMul(node);
    case "div":
      return `<span class="frac"><span class="num">${render(strip(node.a))}</span><span class="den">${render(strip(node.b))}</span></span>`;
    case "pow": {
      const exponent = strip(node.b);
      if (exponent.k === "div" && strip(exponent.a).v === "1" && strip(exponent.b).v === "2") {
        return `√<span class="radicand">${render(strip(node.a))}</span>`;
      }
      return `${wrap(node.a, "base")}<sup>${render(exponent)}</sup>`;
    }
    case "call":
      return renderCall(node);
    default:
      throw new Error("node");
  }
}

// The HTML of one formula in SymPy's text form, or the escaped text if it cannot be read.
export function mathHtml(text) {
  try {
    const parser = new Parser(tokenize(String(text)));
    const tree = parser.sum();
    if (parser.i !== parser.t.length) throw new Error("trailing");
    return `<span class="math">${render(strip(tree))}</span>`;
  } catch (_err) {
    return `<span class="math">${escapeHtml(text)}</span>`;
  }
}
