"""``gradstep train``: train a small network on a built-in dataset or the user's CSV.

Exit codes: 0 trained; 1 training stopped by the NaN guard; 2 bad input (unknown
dataset or column, bad CSV cell, missing/corrupt checkpoint, another architecture).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer

from gradstep.cli._common import JsonOption, LangOption, check_lang, console, fail, print_json
from gradstep.cli.app import app
from gradstep.errors import GradstepError
from gradstep.i18n import message


def _float(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        fail(f"{option}: {text.strip()!r} is not a number")


def _int(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        fail(f"{option}: {text.strip()!r} is not a whole number")


def _plot_folder(text: str | None) -> Path | None:
    """The --plot folder, made now (before training) so that a bad one fails at once."""
    if text is None:
        return None
    folder = Path(text)
    if folder.exists() and not folder.is_dir():
        fail(f"--plot: {text!r} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail(f"--plot: cannot make the folder {text!r}: {err.strerror or err}")
    return folder


def _saved_settings(checkpoint: Path | None, resume: bool) -> dict[str, Any] | None:
    from gradstep.nn.checkpoint import load_checkpoint

    if not resume:
        return None
    if checkpoint is None:
        fail(message("nn.checkpoint.missing"))
    saved = dict(load_checkpoint(checkpoint).header.get("settings") or {})
    saved.pop("epochs", None)
    return saved


def _plots(folder: Path, model: Any, data: Any, history: Any, study: Any, lang: str) -> list[str]:
    from gradstep.viz.training import plot_decision_boundary, plot_loss, plot_vanishing

    paths = [plot_loss(history, folder / "loss.png", lang)]
    if data.n_features == 2 and data.task == "classification":
        paths.append(plot_decision_boundary(model, data, folder / "decision_boundary.png", lang))
    if study is not None:
        paths.append(plot_vanishing(study, folder / "vanishing_gradients.png", lang))
    return [str(p) for p in paths]


def _print_report(payload: dict[str, Any], history: Any, study: Any, lang: str) -> None:
    say = console.print
    say(
        message(
            "nn.report.title",
            lang,
            dataset=history.dataset,
            epochs=history.epochs,
            seconds=payload["seconds"],
        ),
        highlight=False,
    )
    final = history.final
    if history.records:
        key = "final_accuracy" if history.task == "classification" else "final_r2"
        value = final.get("test_accuracy", final.get("test_r2"))
        say("  " + message(f"nn.report.{key}", lang, value=value, loss=final["test_loss"]))
    if "linear_baseline_r2" in payload:
        say("  " + message("nn.report.baseline", lang, value=payload["linear_baseline_r2"]))
    last = history.records[-1] if history.records else None
    if last is not None and last.grad_norms:
        say("  " + message("nn.report.grad_norms", lang))
        for name, value in last.grad_norms.items():
            say(f"    {name}: {value:.3e}", highlight=False)
    if study is not None:
        say(message("nn.report.vanishing_title", lang, depth=study.depth))
        for name, norms in study.norms.items():
            say(
                "  "
                + message(
                    "nn.report.vanishing_row", lang, activation=name, first=norms[0], last=norms[-1]
                ),
                highlight=False,
            )
        say("  " + message("nn.report.vanishing_ratio", lang, ratio=study.ratio()))
    if payload.get("plots"):
        say(message("nn.report.plots", lang, folder=str(Path(payload["plots"][0]).parent)))


@app.command()
def train(
    dataset: str = typer.Option(None, help="moons, circles, spirals, digits, diabetes or houses."),
    data: str = typer.Option(None, "--data", help="Your own CSV file (header row, numbers)."),
    target: str = typer.Option(None, help="The CSV column to predict."),
    hidden: str = typer.Option(None, help="Hidden layer sizes, e.g. 64,64 (default 64,64)."),
    activation: str = typer.Option(None, help="relu, sigmoid or tanh."),
    optimizer: str = typer.Option(None, help="sgd, momentum or adam (default adam)."),
    lr: str = typer.Option(None, help="Learning rate (tốc độ học)."),
    epochs: str = typer.Option(None, help="Total number of epochs (also when resuming)."),
    batch_size: str = typer.Option(None, "--batch-size", help="Mini-batch size."),
    seed: str = typer.Option(None, help="Seed of the split, the weights and the batches."),
    noise: str = typer.Option(None, help="Noise of generated datasets (default 0.1)."),
    samples: str = typer.Option(None, help="Points in generated datasets (default 1000)."),
    checkpoint: str = typer.Option(None, help="Checkpoint file, written after every epoch."),
    resume: bool = typer.Option(False, "--resume", help="Continue from --checkpoint."),
    diagnose: bool = typer.Option(False, "--diagnose", help="Gradient norms per layer."),
    plot: str = typer.Option(None, "--plot", help="Folder for loss/boundary/gradient plots."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Train a multi-layer perceptron with our own engine; watch, diagnose, checkpoint."""
    check_lang(lang)
    try:
        _train(locals())
    except GradstepError as err:
        fail(str(err))


def _train(a: dict[str, Any]) -> None:
    from gradstep.nn.diagnostics import vanishing_gradients
    from gradstep.nn.recipe import (
        TrainSettings,
        dataset_for,
        linear_baseline_r2,
        model_for,
        optimizer_for,
        parse_hidden,
        resolve,
    )
    from gradstep.nn.training import fit

    lang, as_json = a["lang"], a["as_json"]
    checkpoint = Path(a["checkpoint"]) if a["checkpoint"] else None
    if (
        checkpoint is not None
        and not (checkpoint.parent if str(checkpoint.parent) else Path(".")).is_dir()
    ):
        fail(f"--checkpoint: the folder {str(checkpoint.parent)!r} does not exist")
    hidden = parse_hidden(a["hidden"]) if a["hidden"] is not None else None
    settings = TrainSettings(
        a["dataset"],
        str(a["data"]) if a["data"] else None,
        a["target"],
        hidden,
        a["activation"],
        a["optimizer"],
        _float(a["lr"], "--lr"),
        _int(a["epochs"], "--epochs"),
        _int(a["batch_size"], "--batch-size"),
        _int(a["seed"], "--seed"),
        _float(a["noise"], "--noise"),
        _int(a["samples"], "--samples"),
    )
    s = resolve(settings, _saved_settings(checkpoint, a["resume"]))
    plot_folder = _plot_folder(a["plot"])
    start = time.perf_counter()
    data = dataset_for(s)
    model = model_for(s, data)
    history = fit(
        model,
        data,
        optimizer=optimizer_for(s, model),
        epochs=s.epochs or 1,
        batch_size=s.batch_size or 32,
        seed=s.seed or 0,
        checkpoint=checkpoint,
        resume=a["resume"],
        config=s.config(),
        diagnose=a["diagnose"],
        progress=False if as_json else None,
        lang=lang,
        settings=s.to_dict(),
    )
    study = None
    if a["diagnose"]:
        study = vanishing_gradients(
            x=data.x_train[:256],
            y=data.y_train[:256] if data.task == "classification" else None,
            seed=s.seed or 0,
        )
    payload = history.to_dict() | {"settings": s.to_dict(), "seconds": time.perf_counter() - start}
    if data.task == "regression":
        payload["linear_baseline_r2"] = linear_baseline_r2(data)
    if study is not None:
        payload["diagnostics"] = {"vanishing_gradients": study.to_dict()}
    if plot_folder is not None:
        payload["plots"] = _plots(plot_folder, model, data, history, study, lang)
    if as_json:
        print_json(payload)
    else:
        _print_report(payload, history, study, lang)
    if history.stopped == "nan":
        if not as_json:
            typer.echo(f"error: {history.message}", err=True)
        raise typer.Exit(1)
