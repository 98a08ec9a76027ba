"""Example 10: backpropagation. For one neuron (weighted sum → sigmoid → squared error)
∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w, the update w ← w − η·∂L/∂w, and deep sigmoid networks'
vanishing gradients; then a real network trained on the moons with the same rule."""

from __future__ import annotations

import gradstep as gs
from gradstep.calculus import derivative
from gradstep.data import load_dataset
from gradstep.nn import MLP
from gradstep.nn.diagnostics import vanishing_gradients
from gradstep.nn.training import fit
from gradstep.optim import SGD, Adam
from gradstep.report.checks import Check, at_least, below, close
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult
from gradstep.viz.training import plot_decision_boundary, plot_loss, plot_vanishing

X, Y, W, LR = 1.5, 1.0, 0.8, 0.5


def _neuron(w: gs.Tensor) -> tuple[gs.Tensor, gs.Tensor, gs.Tensor]:
    z = w * gs.tensor(X, name="x")
    z.name = "z"
    y_hat = gs.sigmoid(z)
    y_hat.name = "ŷ"
    loss = (y_hat - gs.tensor(Y, name="y")) ** 2
    loss.name = "L"
    return z, y_hat, loss


def _one_neuron(ctx: TourContext) -> tuple[list[Check], list[str]]:
    w = gs.tensor(W, requires_grad=True, name="w")
    z, y_hat, loss = _neuron(w)
    explained = str(gs.explain(loss, ctx.lang))
    loss.backward()
    dl_dw = float(w.grad.item())
    # The three local derivatives, each by the engine on its own small graph.
    dl_dyhat = float(gs.grad(lambda a: (a - Y) ** 2)(gs.tensor(y_hat.item())).item())
    dyhat_dz = float(gs.grad(gs.sigmoid)(gs.tensor(z.item())).item())
    dz_dw = float(gs.grad(lambda v: v * X)(gs.tensor(W)).item())
    symbolic = derivative(f"(sigmoid(w*{X}) - {Y})^2", wrt="w").at(w=W).derivative
    before = float(loss.item())
    SGD([w], lr=LR).step()
    after = float(_neuron(gs.tensor(w.item()))[2].item())
    checks = [
        close(ctx.t("check.chain_product"), dl_dyhat * dyhat_dz * dz_dw, dl_dw, tol=1e-12),
        close(ctx.t("check.symbolic_agrees"), symbolic, dl_dw, tol=1e-12),
        close(ctx.t("check.update", lr=LR), W - LR * dl_dw, w.item(), tol=1e-12),
        below(ctx.t("check.loss_after"), before, after),
    ]
    factors = ctx.t("e10.factors", a=dl_dyhat, b=dyhat_dz, c=dz_dw, g=dl_dw, lr=LR, w=w.item())
    return checks, [explained, factors]


def _network(ctx: TourContext) -> tuple[list[Check], list[str], tuple]:
    study = vanishing_gradients(depth=10, seed=0)
    ratio = study.ratio("sigmoid", "relu")
    data = load_dataset("moons", seed=0, n=ctx.pick(1000, 600), noise=0.1)
    model = MLP([2, 32, 32, 2], "relu", seed=0)
    epochs = ctx.pick(30, 12)
    history = fit(
        model,
        data,
        optimizer=Adam(model.parameters(), lr=0.01),
        epochs=epochs,
        progress=False,
        lang=ctx.lang,
    )
    accuracy = history.final["test_accuracy"]
    losses = [r.loss for r in history.records]
    checks = [
        below(ctx.t("check.vanishing_ratio"), 1e-2, ratio),
        at_least(ctx.t("check.moons_accuracy", epochs=epochs), 0.97, accuracy),
        below(ctx.t("check.loss_fell"), losses[0], losses[-1]),
    ]
    lines = [
        ctx.t("e10.layer", name=name, first=norms[0], last=norms[-1])
        for name, norms in study.norms.items()
    ]
    lines.append(ctx.t("e10.trained", epochs=epochs, accuracy=accuracy, loss=losses[-1]))
    pictures = (
        ctx.picture(
            "10-vanishing.png", ctx.t("e10.vanishing"), lambda p: plot_vanishing(study, p, ctx.lang)
        ),
        ctx.picture(
            "10-decision-boundary.png",
            ctx.t("e10.boundary"),
            lambda p: plot_decision_boundary(model, data, p, ctx.lang),
        ),
        ctx.picture(
            "10-loss-curve.png", ctx.t("e10.loss"), lambda p: plot_loss(history, p, ctx.lang)
        ),
    )
    return checks, lines, pictures


def run(ctx: TourContext) -> ExampleResult:
    checks, computed = _one_neuron(ctx)
    more, lines, pictures = _network(ctx)
    return ExampleResult(
        10,
        ctx.t("e10.title"),
        ctx.t("e10.question"),
        (*computed, *lines),
        pictures,
        (*checks, *more),
    )
