"""``gradstep backprop``: one neuron's backward pass, the chain rule in words and numbers."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from gradstep.cli.app import app


@app.command()
def backprop(
    x: float = typer.Option(2.0, help="The input x."),
    w: float = typer.Option(0.5, help="The weight w."),
    b: float = typer.Option(0.1, help="The bias b."),
    y: float = typer.Option(1.0, help="The target y."),
    lang: str = typer.Option("en", help="Language of the explanation: en or vi."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """One neuron, ŷ = σ(w·x + b), loss L = (ŷ − y)²: ∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w."""
    import gradstep as gs

    if lang not in ("en", "vi"):
        typer.echo(f"error: unknown language {lang!r}: choose en or vi", err=True)
        raise typer.Exit(2)
    w_t = gs.tensor(w, requires_grad=True, name="w")
    b_t = gs.tensor(b, requires_grad=True, name="b")
    x_t = gs.tensor(x, name="x")
    z = w_t * x_t + b_t
    z.name = "z"
    y_hat = gs.sigmoid(z)
    y_hat.name = "ŷ"
    loss = (y_hat - y) ** 2
    loss.name = "L"
    explanation = gs.explain(loss, lang=lang)
    if as_json:
        loss.backward()
        payload = explanation.to_dict() | {
            "loss": loss.item(),
            "gradient": {"w": w_t.grad.item(), "b": b_t.grad.item()},
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    for line in explanation.lines:
        console.print(line, highlight=False)
