"""The vectorised sweep (stops noted per step, recorded in batches, runs dropped as they
finish, the formula replayed) gives each run exactly what a single run gives."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pytest

from gradstep.descent import descend, sweep
from gradstep.descent.results import Fields, Verdict

CASES = [
    ("x^2", 70.0, np.logspace(-3, np.log10(1.2), 40), 400),
    ("x^2 + 10 y^2", {"x": 3.0, "y": 2.0}, np.logspace(-4, np.log10(0.2), 40), 600),
    ("(1 - x)^2 + 100 (y - x^2)^2", {"x": -1.5, "y": 2.0}, np.logspace(-5, -2, 25), 300),
    ("x^4 - 3x^2 + x", 2.0, np.logspace(-3, 0, 30), 300),
]


@pytest.mark.parametrize(("formula", "x0", "rates", "steps"), CASES)
def test_each_run_of_a_sweep_matches_the_same_run_alone(formula, x0, rates, steps):
    result = sweep(formula, x0, rates, steps=steps, keep_history=False)
    for lr, verdict, taken, point in zip(
        rates, result.verdicts, result.steps, result.final_points, strict=True
    ):
        alone = descend(formula, x0, float(lr), steps)
        assert (verdict.key, int(taken)) == (alone.outcome.key, alone.steps_taken), lr
        np.testing.assert_array_equal(point, alone.points[-1])
        assert verdict.fields["steps"] == alone.outcome.fields["steps"]
        assert verdict.fields["end"] == alone.outcome.fields["end"]


def test_runs_stopping_at_many_different_steps_get_their_own_step_counts():
    rates = np.linspace(0.01, 0.4, 300)  # x² from 70: each rate converges at its own step
    result = sweep("x^2", 70.0, rates, steps=2000, keep_history=False)
    assert {v.name for v in result.verdicts} == {"converged"}
    # |x_k| = 70 |1 − 2η|^k: the first k with both |f'(x_k)| = 2|x_k| and the step
    # 2η|x_{k−1}| at most 1e-6 (computed here independently, in exact arithmetic terms)
    k = np.ceil(np.log(1e-6 / (2 * 70.0)) / np.log(np.abs(1 - 2 * rates))).astype(int)
    assert np.abs(result.steps - k).max() <= 1  # rounding at the threshold


def test_fields_read_compare_and_pickle_like_a_dict():
    columns = {"steps": [3, 7], "lr": [0.1, 0.2]}
    fields = Fields(columns, 1)
    assert fields == {"steps": 7, "lr": 0.2} and dict(fields) == {"steps": 7, "lr": 0.2}
    plain = {"steps": 7, "lr": 0.2}
    assert plain == fields  # the dict on the left: the reflected comparison
    assert pickle.loads(pickle.dumps(fields)) == {"steps": 7, "lr": 0.2}
    assert type(pickle.loads(pickle.dumps(fields))) is dict
    assert repr(fields) == "{'steps': 7, 'lr': 0.2}"


def test_verdicts_made_many_at_once_equal_and_behave_like_those_made_one_by_one():
    columns = {"steps": [3, 7], "end": [0.5, 9.0]}
    made = Verdict.many(["converged_overshot", "max_steps"], columns)
    assert made == [
        Verdict("converged", "converged_overshot", {"steps": 3, "end": 0.5}),
        Verdict("max_steps", "max_steps", {"steps": 7, "end": 9.0}),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].name = "diverged"
