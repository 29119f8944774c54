"""At a real terminal, the address pasted while the listener waits is read without blocking and
without being echoed (it holds a one-time code), and the terminal is given back as it was."""

from __future__ import annotations

import io
import os
import pty
import sys
import termios
import time

import pytest

from coopsync.cli.connect_flow import _pasted_lines


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX terminal")
def test_a_line_pasted_at_a_terminal_is_read_unechoed_then_echo_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    master, slave = pty.openpty()
    terminal = io.TextIOWrapper(io.FileIO(slave, "r+", closefd=False), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", terminal)
    try:
        assert termios.tcgetattr(slave)[3] & termios.ECHO
        with _pasted_lines() as pasted:
            assert not termios.tcgetattr(slave)[3] & termios.ECHO
            assert pasted() is None  # nothing typed yet: no waiting
            os.write(master, b"http://127.0.0.1:8765/coopsync?code=abc&shop_id=1\n")
            line = None
            for _ in range(50):
                line = pasted()
                if line:
                    break
                time.sleep(0.02)
        assert line == "http://127.0.0.1:8765/coopsync?code=abc&shop_id=1"
        assert termios.tcgetattr(slave)[3] & termios.ECHO
        # Nothing was echoed back to the screen side of the terminal.
        os.set_blocking(master, False)
        try:
            shown = os.read(master, 1024)
        except BlockingIOError:
            shown = b""
        assert b"code=abc" not in shown
    finally:
        terminal.close()
        os.close(slave)
        os.close(master)
