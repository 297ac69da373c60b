"""The Prefect API a one-shot command (`sohoa process`) talks to: the server `PREFECT_API_URL` names, or a temporary
server of the command's own, started the moment the command starts and stopped when it ends.

Why not Prefect's own ephemeral mode, which also starts a temporary server: it does so only when the flow is
called, and first imports the whole server in the calling process (2.4 s measured here) only to spawn it, then
waits for it (3.2 s), all before the flow's first task. Started here as a process of its own (the same command
Prefect runs, `uvicorn --factory prefect.server.api.server:create_app`, with the same settings), the server comes up
while the command migrates its database and imports the pipeline, and the calling process never loads the server's
code. Measured: `sohoa process` with nothing to do went from 8.7 s to 4.9 s.

The temporary server keeps its database in `PREFECT_HOME` (the data folder's `prefect/`), as the ephemeral one does.
A flow run's heartbeat only helps a server that outlives the run; the temporary one does not, and joining the
heartbeat thread costs every run about a second, so runs against a temporary server send none.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline.errors import OrchestrationError

START_TIMEOUT_S = 90.0  # a cold start on a busy 2-core machine took 24 s; a first start also migrates its database
STOP_TIMEOUT_S = 5.0
POLL_S = 0.05
DRAIN_TIMEOUT_S = 10.0
# how long the server may take to write the task runs' last states once their events are sent, and how often to ask
RECORD_TIMEOUT_S = 10.0
RECORD_POLL_S = 0.1
UNFINISHED = ("SCHEDULED", "PENDING", "RUNNING")
SERVER_LOG = "temporary-server.log"
# the server logs errors only, but every command appends to the same file: past this size it starts afresh, the
# previous one kept beside it as `.1` (the one before that goes)
LOG_LIMIT_BYTES = 5 * 1024 * 1024


def _rotate(log: Path, limit: int) -> None:
    """Move `log` to `log.1` (replacing it) when it has grown past `limit` bytes."""
    try:
        if log.stat().st_size > limit:
            log.replace(log.with_name(log.name + ".1"))
    except FileNotFoundError:
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# the server is on this machine: an HTTP_PROXY set for the outside world must not be asked for it
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _healthy(api_url: str) -> bool:
    try:
        with _DIRECT.open(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class TemporaryServer:
    """A Prefect server process started by this command, for this command."""

    home: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def log_path(self) -> Path:
        return self.home / SERVER_LOG

    def start(self) -> TemporaryServer:
        """Spawn the server and return at once; `wait_ready` waits for it."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        env = {
            **os.environ,
            "PREFECT_HOME": str(self.home),
            "PREFECT_UI_ENABLED": "0",
            # what Prefect's own temporary server runs with: no background services, the last app of the process
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        env.pop("PREFECT_API_URL", None)
        _rotate(self.log_path, LOG_LIMIT_BYTES)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - open for the server's lifetime, closed by stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Wait until the server answers its health check; a server that exits or never answers is an error."""
        if self.process is None:
            raise OrchestrationError("the temporary Prefect server was not started")
        deadline = time.monotonic() + timeout_s
        retried = False
        while True:
            if _healthy(self.api_url):
                return
            code = self.process.poll()
            if code is not None:
                if not retried:  # another program took the port between our probe and the server's bind
                    retried = True
                    self._close_log()
                    self.start()
                    continue
                raise OrchestrationError(
                    f"the temporary Prefect server exited with code {code}; its output is in {self.log_path}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise OrchestrationError(
                    f"the temporary Prefect server did not answer within {timeout_s:.0f} s; "
                    f"its output is in {self.log_path}"
                )
            time.sleep(POLL_S)

    def wait_recorded(self, timeout_s: float = RECORD_TIMEOUT_S) -> bool:
        """Wait until the server has recorded every task run it was told of as finished: their states arrive as
        events, which the server writes to its database a moment later (stopped before, it keeps a task run as
        RUNNING for good: seen on a busy 2-core machine). False when some are still unfinished at `timeout_s`
        (a task that really did not finish)."""
        body = json.dumps({"task_runs": {"state": {"type": {"any_": list(UNFINISHED)}}}}).encode()
        deadline = time.monotonic() + timeout_s
        while True:
            request = urllib.request.Request(
                f"{self.api_url}/task_runs/count", data=body, headers={"Content-Type": "application/json"}
            )
            try:
                with _DIRECT.open(request, timeout=2) as response:
                    if int(json.load(response)) == 0:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
                return False  # no server to ask: nothing more to wait for
            if time.monotonic() > deadline:
                return False
            time.sleep(RECORD_POLL_S)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_log()

    def _close_log(self) -> None:
        log, self._log = self._log, None
        if log is not None:
            log.close()


class PrefectApi:
    """Where flows of this command report to. Use `prefect_api()`; `connected()` wraps the flow calls."""

    def __init__(self, server: TemporaryServer | None) -> None:
        self.server = server

    @property
    def temporary(self) -> bool:
        return self.server is not None

    @contextlib.contextmanager
    def connected(self) -> Iterator[None]:
        """Flows called inside this block report to the API (waiting for a temporary server to be up first)."""
        if self.server is None:
            yield
            return
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        if PREFECT_API_URL.value():  # the operator's Prefect profile names a server: that one, not ours
            self.server.stop()
            self.server = None
            yield
            return
        self.server.wait_ready()
        updates = {PREFECT_API_URL: self.server.api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
        with temporary_settings(updates=updates), _no_proxy_for_this_machine():
            try:
                yield
            finally:
                _deliver_pending()
                self.server.wait_recorded()


@contextlib.contextmanager
def _no_proxy_for_this_machine() -> Iterator[None]:
    """Prefect's client honours HTTP_PROXY; the temporary server is on 127.0.0.1, which no proxy can reach."""
    saved = {name: os.environ.get(name) for name in ("NO_PROXY", "no_proxy")}
    for name, value in saved.items():
        os.environ[name] = ",".join(v for v in (value, "127.0.0.1", "localhost") if v)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _deliver_pending() -> None:
    """Send the events and logs Prefect still queues before the temporary server goes: task-run records travel as
    events, and a server stopped under them loses those runs."""
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker
    except ImportError:  # a Prefect without these workers: nothing queued to deliver
        return
    for worker in (EventsWorker, APILogWorker):
        # each says "still processing N items" as it starts to drain: progress, not a problem, for a user
        progress = logging.getLogger(worker.__name__)
        level = progress.level
        progress.setLevel(logging.ERROR)
        try:
            worker.drain_all(timeout=DRAIN_TIMEOUT_S)
        except Exception:  # already shut down: nothing left to deliver
            pass
        finally:
            progress.setLevel(level)


@contextlib.contextmanager
def prefect_api(home: Path) -> Iterator[PrefectApi]:
    """The API for this command's flows: `PREFECT_API_URL` if set, otherwise a temporary server that starts now
    (in the background) and stops when the block ends."""
    if os.environ.get("PREFECT_API_URL"):
        yield PrefectApi(None)
        return
    server = TemporaryServer(home.resolve()).start()
    try:
        yield PrefectApi(server)
    finally:
        server.stop()
