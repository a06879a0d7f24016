"""Harness for the Switchboard conformance suite.

Starts one `switchboard-fake-provider` and one `switchboard serve` for the whole
session, talks to the gateway through the official `openai` SDK, and inspects
what reached the upstream through the fake provider's control API.

Binaries come from $SWITCHBOARD_BIN / $FAKE_PROVIDER_BIN, defaulting to
`.build/debug/switchboard` and `.build/debug/switchboard-fake-provider` under the
repository root. A missing binary is a test failure, never a skip.
"""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator

import openai
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

ALIAS = "fin-chat"
STARTUP_TIMEOUT_S = 30.0
CLIENT_TIMEOUT_S = 20.0
LOG_TAIL_LINES = 60

# Log files of the processes started by this session, attached to failing tests.
_LOGS: dict[str, Path] = {}

# Talk to 127.0.0.1 directly, whatever proxy settings the environment has.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ---------------------------------------------------------------------------
# Small utilities
# ---------------------------------------------------------------------------


def _binary(env_var: str, default_rel: str) -> Path:
    raw = os.environ.get(env_var)
    path = Path(raw) if raw else REPO_ROOT / default_rel
    if not path.is_absolute():
        path = (REPO_ROOT / path).resolve()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"binary not found or not executable: {path}\n"
            f"Build it first (`swift build` in {REPO_ROOT}) or point ${env_var} at it.",
            pytrace=False,
        )
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        return f"<cannot read {path}: {e}>"
    return "\n".join(text.splitlines()[-lines:])


def http(
    method: str,
    url: str,
    body: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], Any]:
    """Plain HTTP call (no SDK). Returns (status, lowercased headers, parsed JSON or text)."""
    data = raw
    hdrs = dict(headers or {})
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            status, resp_headers, payload = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, resp_headers, payload = e.code, e.headers, e.read()
    text = payload.decode("utf-8", errors="replace")
    try:
        parsed: Any = json.loads(text) if text else None
    except ValueError:
        parsed = text
    return status, {k.lower(): v for k, v in resp_headers.items()}, parsed


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


# ---------------------------------------------------------------------------
# Fake provider
# ---------------------------------------------------------------------------


class FakeProvider:
    """A running switchboard-fake-provider and its control API."""

    def __init__(self, proc: subprocess.Popen, host: str, port: int, log: Path):
        self.proc = proc
        self.host = host
        self.port = port
        self.log = log
        self.base = f"http://{host}:{port}"

    @property
    def openai_url(self) -> str:
        return f"{self.base}/v1"

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        status, _, parsed = http(method, f"{self.base}{path}", body)
        assert 200 <= status < 300, f"fake provider {method} {path} -> {status}: {parsed!r}"
        return parsed

    def set_script(self, rules: list[dict[str, Any]]) -> None:
        self._control("PUT", "/_control/script", {"rules": rules})

    def clear_requests(self) -> None:
        self._control("DELETE", "/_control/requests")

    def reset(self) -> None:
        self.set_script([])
        self.clear_requests()

    def requests(self, path_suffix: str | None = None) -> list[dict[str, Any]]:
        reqs = self._control("GET", "/_control/requests")
        assert isinstance(reqs, list), f"/_control/requests did not return a list: {reqs!r}"
        if path_suffix is not None:
            reqs = [r for r in reqs if str(r.get("path", "")).split("?")[0].endswith(path_suffix)]
        return reqs

    def chat_requests(self) -> list[dict[str, Any]]:
        """Requests that reached the upstream chat endpoint (health probes etc. filtered out)."""
        return self.requests("/chat/completions")

    def only_chat_request(self) -> dict[str, Any]:
        reqs = self.chat_requests()
        assert len(reqs) == 1, f"expected exactly one upstream chat request, got {len(reqs)}: {reqs!r}"
        body = reqs[0].get("body")
        assert isinstance(body, dict), f"upstream chat body is not a JSON object: {reqs[0]!r}"
        return reqs[0]

    def stats(self) -> dict[str, int]:
        return self._control("GET", "/_control/stats")


def _start_fake(binary: Path, workdir: Path) -> FakeProvider:
    log = workdir / "fake-provider.log"
    _LOGS["fake provider"] = log
    log_fh = open(log, "ab", buffering=0)
    proc = subprocess.Popen(
        [str(binary), "--port", "0", "--host", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=log_fh,
        cwd=workdir,
    )
    log_fh.close()
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        # Keep draining stdout for the whole session so the pipe never fills up.
        assert proc.stdout is not None
        with open(log, "ab", buffering=0) as out:
            for raw in proc.stdout:
                out.write(b"[stdout] " + raw)
                lines.put(raw.decode("utf-8", errors="replace"))
        lines.put(None)

    threading.Thread(target=pump, name="fake-provider-stdout", daemon=True).start()

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _stop(proc)
            pytest.fail(
                f"fake provider did not print 'listening on HOST:PORT' within {STARTUP_TIMEOUT_S:.0f}s\n"
                f"--- {log} ---\n{tail(log)}",
                pytrace=False,
            )
        try:
            line = lines.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            continue
        if line is None:
            code = proc.wait(timeout=5)
            pytest.fail(
                f"fake provider exited (code {code}) before announcing its port\n--- {log} ---\n{tail(log)}",
                pytrace=False,
            )
        m = re.search(r"listening on (\S+):(\d+)", line)
        if m:
            return FakeProvider(proc, m.group(1), int(m.group(2)), log)


# ---------------------------------------------------------------------------
# Gateway
# ---------------------------------------------------------------------------


class Gateway:
    """A running `switchboard serve` with tenant-acme keys by role (by default `app` and `auditor`)."""

    def __init__(self, proc: subprocess.Popen, port: int, config: Path, log: Path, keys: dict[str, str]):
        self.proc = proc
        self.port = port
        self.config = config
        self.log = log
        self.keys = keys
        self.base = f"http://127.0.0.1:{port}"
        self.openai_url = f"{self.base}/v1"
        self._clients: list[openai.OpenAI] = []

    def client(self, api_key: str | None = None, **kwargs: Any) -> openai.OpenAI:
        kwargs.setdefault("timeout", CLIENT_TIMEOUT_S)
        c = openai.OpenAI(
            api_key=api_key if api_key is not None else self.keys["app"],
            base_url=self.openai_url,
            max_retries=0,
            http_client=openai.DefaultHttpxClient(trust_env=False),
            **kwargs,
        )
        self._clients.append(c)
        return c

    def raw(self, method: str, path: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
        return http(method, f"{self.base}{path}", **kwargs)

    def stop(self) -> None:
        for c in self._clients:
            c.close()
        _stop(self.proc)


def _run_cli(binary: Path, args: list[str], workdir: Path) -> str:
    res = subprocess.run(
        [str(binary), *args],
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=60,
    )
    if res.returncode != 0:
        pytest.fail(
            f"`switchboard {' '.join(args)}` exited with {res.returncode}\n"
            f"--- stdout ---\n{res.stdout}\n--- stderr ---\n{res.stderr}",
            pytrace=False,
        )
    return res.stdout


def start_gateway(
    binary: Path,
    fake: FakeProvider,
    workdir: Path,
    name: str = "gateway",
    zone: str = "private",
    extra_yaml: str = "",
    roles: tuple[str, ...] = ("app", "auditor"),
    server_yaml: str = "",
    backend_kind: str = "openai",
) -> Gateway:
    """Writes a config (plus `extra_yaml`, and `server_yaml` lines under `server:`), creates one tenant-acme key per role in `roles`
    before `serve` starts, and waits for /healthz."""
    workdir.mkdir(parents=True, exist_ok=True)
    state = workdir / "state"
    state.mkdir(exist_ok=True)
    port = free_port()
    config = workdir / "switchboard.yaml"
    config.write_text(
        "server:\n"
        f'  listen: "127.0.0.1:{port}"\n'
        + server_yaml
        + "store:\n"
        f'  sqlite: "{state / "switchboard.db"}"\n'
        "backends:\n"
        + (
            f'  - {{ name: primary, kind: openai, url: "{fake.openai_url}", zone: {zone}, capacity: 8 }}\n'
            if backend_kind == "openai"
            else f'  - {{ name: primary, kind: anthropic, url: "{fake.base}", zone: {zone}, capacity: 8, api_key: "sk-ant-test", model: "claude-test" }}\n'
        )
        + "models:\n"
        + f"  - {{ alias: {ALIAS}, targets: [primary] }}\n"
        + extra_yaml,
        encoding="utf-8",
    )

    keys: dict[str, str] = {}
    for role in roles:
        out = _run_cli(binary, ["keys", "create", "--tenant", "acme", "--role", role, "--config", str(config)], workdir)
        lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
        if not lines:
            pytest.fail(f"`switchboard keys create --role {role}` printed no key on stdout", pytrace=False)
        keys[role] = lines[-1]

    log = workdir / "switchboard.log"
    _LOGS[name] = log
    with open(log, "ab", buffering=0) as log_fh:
        proc = subprocess.Popen(
            [str(binary), "serve", "--config", str(config)],
            stdout=log_fh,
            stderr=log_fh,
            cwd=workdir,
        )

    wait_until_answering(proc, log, "switchboard serve", lambda: http("GET", f"http://127.0.0.1:{port}/healthz", timeout=2))
    return Gateway(proc, port, config, log, keys)


def wait_until_answering(proc: subprocess.Popen, log: Path, what: str, probe: Callable[[], tuple[int, Any, Any]]) -> None:
    """Polls `probe` (an `http(...)` call) until it answers 200. Fails, with the tail of the
    process's log, if the process exits or does not answer within STARTUP_TIMEOUT_S."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last = "no answer yet"
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            pytest.fail(f"{what} exited with {code} during startup\n--- {log} ---\n{tail(log)}", pytrace=False)
        try:
            status, _, body = probe()
            if status == 200:
                return
            last = f"HTTP {status}: {body!r}"
        except (OSError, urllib.error.URLError) as e:
            last = repr(e)
        time.sleep(0.1)
    _stop(proc)
    pytest.fail(
        f"{what} did not answer 200 within {STARTUP_TIMEOUT_S:.0f}s (last: {last})\n--- {log} ---\n{tail(log)}",
        pytrace=False,
    )


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def switchboard_bin() -> Path:
    return _binary("SWITCHBOARD_BIN", ".build/debug/switchboard")


@pytest.fixture(scope="session")
def fake_provider_bin() -> Path:
    return _binary("FAKE_PROVIDER_BIN", ".build/debug/switchboard-fake-provider")


@pytest.fixture(scope="session")
def fake_provider(fake_provider_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    fp = _start_fake(fake_provider_bin, tmp_path_factory.mktemp("fake"))
    yield fp
    _stop(fp.proc)


@pytest.fixture(scope="session")
def gateway(
    switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    gw = start_gateway(switchboard_bin, fake_provider, tmp_path_factory.mktemp("gateway"))
    yield gw
    gw.stop()


@pytest.fixture
def isolated_gateway(
    switchboard_bin: Path, fake_provider: FakeProvider, tmp_path: Path
) -> Iterator[Gateway]:
    """A fresh gateway for tests that make the backend fail, so that circuit-breaker or
    health state they cause cannot leak into the other tests."""
    gw = start_gateway(switchboard_bin, fake_provider, tmp_path / "gateway", name="isolated gateway")
    yield gw
    gw.stop()
    _LOGS.pop("isolated gateway", None)


# Masks values up to L3 for the public zone; L4 and up stay in the house.
MASKING_POLICY = (
    "policy:\n"
    '  - { level: ">=4", zones: [private] }\n'
    '  - { level: ">=2", zones: [private, public], mask: true }\n'
    '  - { level: "1", zones: [private, public] }\n'
)


@pytest.fixture(scope="session")
def public_gateway(
    switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    """A gateway whose only backend (the fake) is in the public zone, under a masking policy."""
    gw = start_gateway(
        switchboard_bin, fake_provider, tmp_path_factory.mktemp("public-gateway"), name="public gateway", zone="public",
        extra_yaml=MASKING_POLICY,
    )
    yield gw
    gw.stop()


@pytest.fixture
def fake(fake_provider: FakeProvider, gateway: Gateway) -> FakeProvider:
    """The fake provider, with an empty script and an empty request log."""
    fake_provider.reset()
    return fake_provider


@pytest.fixture
def client(gateway: Gateway) -> openai.OpenAI:
    return gateway.client()


@pytest.fixture
def make_client(gateway: Gateway) -> Callable[..., openai.OpenAI]:
    return gateway.client


# ---------------------------------------------------------------------------
# Attach process logs to failing tests
# ---------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    rep = yield
    if rep.failed:
        for name, path in list(_LOGS.items()):
            rep.sections.append((f"{name} log tail ({path})", tail(path)))
    return rep


# ---------------------------------------------------------------------------
# Headless Chromium, for the browser tests of the console (test_console.py)
# ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _installed(path: Path, package: str) -> Path:
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"{path} not found or not executable: install Debian's `{package}`", pytrace=False)
    return path


def new_chromium(log: Path, width: int = 1280, height: int = 900) -> Any:
    """A headless Chromium driven through Debian's chromedriver. Selenium Manager is kept out
    of it: the driver's path is given, and it must neither report statistics nor download.
    The browser's profile is a folder beside `log`, so it goes when the test's folder goes,
    instead of a `/tmp/.org.chromium.Chromium.*` folder that outlives the run."""
    os.environ["SE_AVOID_STATS"] = "true"
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(_installed(CHROMIUM, "chromium"))
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        # Overlay scrollbars, as phones have: the page gets the whole width.
        "--hide-scrollbars",
        "--no-proxy-server",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--lang=en-US",
        f"--user-data-dir={log.with_suffix('.profile')}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    # A confirm() left open makes the next command fail instead of being dismissed silently.
    options.unhandled_prompt_behavior = "ignore"
    service = Service(executable_path=str(_installed(CHROMEDRIVER, "chromium-driver")), log_output=str(log))
    try:
        return webdriver.Chrome(service=service, options=options)
    except WebDriverException as e:
        pytest.fail(f"headless Chromium did not start: {e.msg or e}\n--- {log} ---\n{tail(log)}", pytrace=False)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """A factory of headless Chromium drivers (`chromium(width=1280, height=900)`), each a fresh
    profile; all are quit when the test ends."""
    drivers: list[Any] = []

    def make(width: int = 1280, height: int = 900) -> Any:
        driver = new_chromium(tmp_path / f"chromedriver-{len(drivers)}.log", width, height)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # noqa: BLE001 - a dead browser must not hide the test's own result
            pass
