"""The README's Python quickstart runs as written and gives the numbers it claims."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text("utf-8"), re.S)
    assert blocks[0].strip() == "pip install -e . && gradstep tour"
    assert blocks[1].strip() == 'pip install -e ".[test]" && python -m pytest -n 2'
    ci = (README.parent / ".ci" / "run").read_text("utf-8")
    assert blocks[1].strip() in ci


def test_readme_python_quickstart_runs() -> None:
    code = re.search(r"```python\n(.*?)```", README.read_text("utf-8"), re.S).group(1)
    shown: list[str] = []
    namespace: dict[str, object] = {"show": lambda *parts: shown.append(" ".join(map(str, parts)))}
    exec(compile(code.replace("print(", "show("), "README.md", "exec"), namespace)
    assert any("∂L/∂w" in text for text in shown)
    run = namespace["run"]
    assert float(run.points[1][0]) == 56.0
    assert str(namespace["d"].result) == "8*x - 16"
    assert namespace["x"].grad.item() == 10.0
