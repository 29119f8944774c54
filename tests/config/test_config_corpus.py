"""Every malformed file in corpus/ exits 2 with the right line, a message, and no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from coopsync.config import load_config
from coopsync.loading.problems import ConfigInvalid

CORPUS = Path(__file__).parent / "corpus"
EXPECT = re.compile(r'# expect: line (\d+)(?: in (\S+))?(?: contains "([^"]*)")?')
CASES = sorted(CORPUS.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int, str]:
    """(file the problem is in, line, text the message contains) from the first line."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = EXPECT.match(first)
    assert match, f"{path.name} needs a '# expect: line N' first line"
    target = match.group(2) or path.name
    return target, int(match.group(1)), match.group(3) or ""


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_malformed_file_exits_2_at_the_right_line(
    path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COOPSYNC_CORPUS_UNSET_KEY", raising=False)
    monkeypatch.delenv("COOPSYNC_CORPUS_UNSET_NAME", raising=False)
    target, line, contains = expectation(path)

    result = run_cli("--lang", "en", "validate", "-c", str(path))

    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    located = [row for row in result.stderr.splitlines() if f"{target}:{line}:" in row]
    assert located, f"no problem at {target}:{line} in:\n{result.stderr}"
    assert any(contains in row for row in located), result.stderr


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_library_raises_config_invalid_with_located_problems(path: Path) -> None:
    target, line, _ = expectation(path)
    with pytest.raises(ConfigInvalid) as caught:
        load_config(path)
    assert caught.value.exit_code == 2
    assert any(p.file.endswith(target) and p.line == line for p in caught.value.problems)
