"""Real ``phrasebook serve`` processes on loopback ports, for multi-process tests, and a small
HTTP client with its own cookies (standard library only)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .redis_server import free_port

PHRASEBOOK = Path(sys.executable).with_name("phrasebook")


@dataclass
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """Requests with one cookie jar (a visitor), never raising on a 4xx or 5xx."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, url: str) -> Answer:
        return self._send(urllib.request.Request(url))

    def post_json(self, url: str, body: Any, headers: Mapping[str, str]) -> Answer:
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
        )
        return self._send(request)

    def patch_json(self, url: str, body: Any, headers: Mapping[str, str]) -> Answer:
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            url, data=data, method="PATCH", headers={"Content-Type": "application/json", **headers}
        )
        return self._send(request)

    def get_json(self, url: str, headers: Mapping[str, str]) -> Answer:
        return self._send(urllib.request.Request(url, headers=dict(headers)))

    def post_form(self, url: str, fields: Mapping[str, str]) -> Answer:
        data = urllib.parse.urlencode(fields).encode()
        return self._send(urllib.request.Request(url, data=data, method="POST"))

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def csrf_token(self, url: str) -> str:
        found = re.search(rb'name="csrf_token" value="([^"]+)"', self.get(url).body)
        assert found, f"no CSRF token on {url}"
        return found.group(1).decode()


def run_cli(
    env: Mapping[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PHRASEBOOK), *args], env={**os.environ, **env}, capture_output=True, text=True,
        timeout=300, check=False, input=stdin,
    )  # fmt: skip


def start_cli(env: Mapping[str, str], *args: str) -> subprocess.Popen[bytes]:
    """A long-running command (``phrasebook worker``), its output in the data folder."""
    log = Path(env["PHRASEBOOK_DATA_DIR"]) / f"{args[0]}-{time.monotonic_ns()}.log"
    with log.open("wb") as output:
        return subprocess.Popen(
            [str(PHRASEBOOK), *args], env={**os.environ, **env}, stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


@contextmanager
def serving(env: Mapping[str, str], *, threads: int = 2) -> Iterator[str]:
    """``phrasebook serve`` on a free port with ``env``; yields its base URL once /healthz
    answers; stopped (and its output shown on failure) afterwards."""
    port = free_port()
    log = Path(env["PHRASEBOOK_DATA_DIR"]) / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(PHRASEBOOK), "serve", "--port", str(port), "--threads", str(threads),
             "--no-seeds"],
            env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"phrasebook serve exited: {log.read_text(errors='replace')}")
            try:
                if Browser().get(base + "/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"phrasebook serve did not answer: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
