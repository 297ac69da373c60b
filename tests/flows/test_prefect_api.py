"""The Prefect API of one-shot commands: a temporary server of the command's own, or the one PREFECT_API_URL names.
Real server processes; failures injected by replacing the program the server is started with."""

from __future__ import annotations

import http.server
import json
import os
import stat
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from flows import prefect_api
from flows.prefect_api import TemporaryServer
from pipeline.errors import ExitCode, OrchestrationError


def _fake_python(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-python"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_named_server_is_used_and_none_is_started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    with prefect_api.prefect_api(tmp_path) as api:
        assert not api.temporary
    assert not (tmp_path / prefect_api.SERVER_LOG).exists()


def test_the_temporary_server_runs_a_flow_and_stops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from prefect import flow, task

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    # a proxy for the outside world (nothing listens on port 9) is not asked for the server on this machine
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)

    @task
    def double(x: int) -> int:
        return 2 * x

    @flow
    def doubled(x: int) -> int:
        return double(x)

    with prefect_api.prefect_api(tmp_path / "prefect") as api:
        assert api.temporary and api.server is not None
        process = api.server.process
        with api.connected():
            assert doubled(21) == 42
    assert process is not None and process.poll() is not None  # stopped with the block
    assert "NO_PROXY" not in os.environ and "no_proxy" not in os.environ  # the environment is as it was
    assert (tmp_path / "prefect" / "prefect.db").exists()  # its database is in the home it was given


def test_a_server_that_exits_is_reported_with_its_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(prefect_api.sys, "executable", _fake_python(tmp_path, "echo 'cannot start' >&2; exit 3"))
    server = TemporaryServer(tmp_path).start()
    with pytest.raises(OrchestrationError, match="exited with code 3") as caught:
        server.wait_ready(timeout_s=30)
    assert caught.value.exit_code == ExitCode.ORCHESTRATION
    assert "cannot start" in server.log_path.read_text()  # tried twice (a port taken meanwhile), both logged
    assert server.log_path.read_text().count("cannot start") == 2


def test_a_server_that_never_answers_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(prefect_api.sys, "executable", _fake_python(tmp_path, "exec sleep 60"))
    server = TemporaryServer(tmp_path).start()
    process = server.process
    with pytest.raises(OrchestrationError, match="did not answer within 1 s"):
        server.wait_ready(timeout_s=1)
    assert process is not None and process.poll() is not None and server.process is None


def test_sohoa_process_stops_with_its_own_exit_code_when_the_server_cannot_start(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.ocr.pages import render_lines

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = render_lines(dpi=300)
    from PIL import Image

    Image.fromarray(page.image).save(inbox / "scan.png")
    env = {
        **os.environ,
        "SOHOA_DATA_DIR": str(tmp_path / "data"),
        # the server cannot open its database: it exits at start
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'dir' / 'prefect.db'}",
    }
    env.pop("PREFECT_API_URL", None)
    env.pop("PREFECT_HOME", None)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "process", str(inbox)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == ExitCode.ORCHESTRATION, result.stderr[-2000:]
    assert "temporary Prefect server exited" in result.stderr and "temporary-server.log" in result.stderr
    assert (inbox / "scan.png").exists()  # nothing handed in is touched


def test_the_server_log_starts_afresh_past_its_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(prefect_api.sys, "executable", _fake_python(tmp_path, "echo 'cannot start' >&2; exit 3"))
    monkeypatch.setattr(prefect_api, "LOG_LIMIT_BYTES", 1000)
    log = tmp_path / prefect_api.SERVER_LOG
    log.write_text("old line\n" * 50)  # 450 bytes: under the limit, appended to
    server = TemporaryServer(tmp_path).start()
    with pytest.raises(OrchestrationError):
        server.wait_ready(timeout_s=30)
    assert log.read_text().startswith("old line") and "cannot start" in log.read_text()
    log.write_text("older line\n" * 200)  # past the limit: kept as .1, the new log starts empty
    server = TemporaryServer(tmp_path).start()
    with pytest.raises(OrchestrationError):
        server.wait_ready(timeout_s=30)
    assert (tmp_path / f"{prefect_api.SERVER_LOG}.1").read_text().startswith("older line")
    assert not log.read_text().startswith("older") and "cannot start" in log.read_text()


class _CountingApi(http.server.BaseHTTPRequestHandler):
    """A stand-in for the server's `task_runs/count`: answers each of `counts` in turn, the last one from then on."""

    counts: ClassVar[list[int]] = []
    asked: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).asked.append(body)
        count = type(self).counts.pop(0) if len(type(self).counts) > 1 else type(self).counts[0]
        payload = json.dumps(count).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(("counts", "recorded", "asked"), [([2, 1, 0], True, 3), ([1], False, None)])
def test_the_command_waits_until_the_server_has_recorded_its_task_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, counts: list[int], recorded: bool, asked: int | None
) -> None:
    monkeypatch.setattr(prefect_api, "RECORD_POLL_S", 0.01)
    _CountingApi.counts, _CountingApi.asked = list(counts), []
    api = http.server.HTTPServer(("127.0.0.1", 0), _CountingApi)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    try:
        server = TemporaryServer(tmp_path, port=api.server_address[1])
        assert server.wait_recorded(timeout_s=0.5) is recorded
    finally:
        api.shutdown()
        api.server_close()
    if asked is not None:
        assert len(_CountingApi.asked) == asked  # it asked until none was unfinished
    states = _CountingApi.asked[0]["task_runs"]["state"]["type"]["any_"]
    assert set(states) == {"SCHEDULED", "PENDING", "RUNNING"}


def test_no_server_to_ask_is_nothing_to_wait_for(tmp_path: Path) -> None:
    server = TemporaryServer(tmp_path, port=prefect_api._free_port())  # nothing listens there
    assert server.wait_recorded(timeout_s=5) is False
