"""The web console (`/console`) in a real browser: headless Chromium driven by Selenium.

The module starts its own `switchboard serve` (the session's fake provider is its upstream)
with scenarios whose plugins the scripted model calls — `research` (`quote`, `calculate`) and
`advisor` (`calculate` and `place_order`, an HTTP plugin with effect `write` served by a small
order desk in this process, so that a model-requested order waits for an approval) — and keys
of tenant `acme` for every role. The sign-in rate limit is tested on a gateway of its own, so
that its lock-out cannot reach the other tests (they all sign in from 127.0.0.1).

What the browser cannot see (status codes, headers, cookies' attributes, raw HTML) is read
over plain HTTP, with the session cookie copied from the browser or from a sign-in made over
HTTP. Element ids, form fields and URLs are those of the console's page contract.

Screenshots of every page at desktop (1280×900) and phone (390×844) width go to
$SWITCHBOARD_SCREENSHOT_DIR (default `.build/console-screenshots`), as `{page}-{size}.png`.
"""

from __future__ import annotations

import base64
import http.client as httpclient
import json
import os
import re
import secrets
import subprocess
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from selenium.common.exceptions import (
    NoAlertPresentException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    UnexpectedAlertPresentException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import _LOGS, ALIAS, REPO_ROOT, FakeProvider, Gateway, http, start_gateway

WAIT_S = 15.0
# A playground run is two model turns and a plugin call.
MODEL_WAIT_S = 30.0
# The gateway caches keys for 5 s; a revoked key must be refused well within this.
REVOKE_WAIT_S = 10.0

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SCREENSHOT_DIR = Path(os.environ.get("SWITCHBOARD_SCREENSHOT_DIR") or REPO_ROOT / ".build" / "console-screenshots")

TENANT = "acme"
QUOTE_QUESTION = "贵州茅台现在的股价是多少？"
ORDER_QUESTION = "帮我买100股贵州茅台"
ORDER_ARGS = '{"code":"600519","side":"buy","qty":100}'
ORDER_RESULT = {"result": {"order_id": "O-42", "status": "accepted"}}

# The pages an auditor and an approver may see (the contract's "Roles").
AUDITOR_PAGES = {"/console", "/console/live", "/console/audit", "/console/tenants"}
ADMIN_ONLY_PAGES = {"/console/approvals", "/console/keys", "/console/playground", "/console/config"}


# ---------------------------------------------------------------------------
# The order desk: the institution's order service behind the `place_order` plugin
# ---------------------------------------------------------------------------


class OrderDesk:
    """A tiny HTTP service answering every order with ORDER_RESULT, keeping what it received."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        desk = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
                desk.received.append({"method": self.command, "path": self.path, "body": body})
                payload = json.dumps(ORDER_RESULT).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_GET = do_PUT = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/orders"
        self.thread = threading.Thread(target=self.server.serve_forever, name="order-desk", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def console_yaml(order_url: str) -> str:
    return (
        "quotes:\n"
        "  source: simulated\n"
        "plugins:\n"
        "  timeout: 5s\n"
        "  http:\n"
        "    - name: place_order\n"
        "      description: 为客户下单买入或卖出证券。\n"
        "      effect: write\n"
        f"      url: {json.dumps(order_url)}\n"
        "      parameters:\n"
        "        type: object\n"
        '        properties: { code: { type: string, pattern: "^[0-9]{6}$" }, side: { enum: [buy, sell] }, qty: { type: integer, minimum: 100 } }\n'
        "        required: [code, side, qty]\n"
        "scenarios:\n"
        "  - name: research\n"
        f"    model: {ALIAS}\n"
        "    plugins: [quote, calculate]\n"
        "    max_steps: 3\n"
        "  - name: advisor\n"
        f"    model: {ALIAS}\n"
        "    plugins: [calculate, place_order]\n"
        "    max_steps: 3\n"
    )


# The model looks up the quote when asked about 茅台, then answers with what the plugin said.
QUOTE_SCRIPT = [
    {"when": "tool_result", "reply": {"content": "行情如下：{{tool_results}}"}},
    {
        "when": "user",
        "match": "茅台",
        "reply": {"tool_calls": [{"id": "call_quote_1", "name": "quote", "arguments": '{"codes":["600519"]}'}]},
    },
]

# The model places an order when asked to buy; the gateway holds it for an approval.
ORDER_SCRIPT = [
    {"when": "tool_result", "reply": {"content": "已提交审批：{{tool_results}}"}},
    {
        "when": "user",
        "match": "买",
        "reply": {"tool_calls": [{"id": "call_order_1", "name": "place_order", "arguments": ORDER_ARGS}]},
    },
]


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def order_desk() -> Iterator[OrderDesk]:
    desk = OrderDesk()
    yield desk
    desk.stop()


@pytest.fixture(scope="module")
def console_gw(
    switchboard_bin: Path, fake_provider: FakeProvider, order_desk: OrderDesk, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    """The console's gateway: scenarios `research` and `advisor`, keys of tenant acme for
    every role (`app`, `admin`, `auditor`, `approver`)."""
    gw = start_gateway(
        switchboard_bin,
        fake_provider,
        tmp_path_factory.mktemp("console-gateway"),
        name="console gateway",
        extra_yaml=console_yaml(order_desk.url),
        roles=("app", "admin", "auditor", "approver"),
    )
    yield gw
    gw.stop()
    _LOGS.pop("console gateway", None)


@pytest.fixture
def sign_in_gw(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path: Path) -> Iterator[Gateway]:
    """A gateway of its own for the sign-in rate limit (5 failures per address by default), so
    that locking 127.0.0.1 out cannot reach the other tests."""
    gw = start_gateway(switchboard_bin, fake_provider, tmp_path / "gateway", name="sign-in gateway", roles=("admin",))
    yield gw
    gw.stop()
    _LOGS.pop("sign-in gateway", None)


@pytest.fixture
def traffic(console_gw: Gateway, fake_provider: FakeProvider) -> list[str]:
    """Two chat completions by acme's app key through the OpenAI SDK; returns their ids."""
    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "您好，这是控制台测试的回答。"}}])
    client = console_gw.client(console_gw.keys["app"])
    ids = []
    for question in ("可转债是什么？", "请介绍一下场内基金。"):
        resp = client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": question}])
        assert resp.choices[0].message.content, resp
        ids.append(resp.id)
    return ids


@pytest.fixture
def pending_approval(console_gw: Gateway, fake_provider: FakeProvider) -> str:
    """A `place_order` call the model made for acme's app key (end user client-C-1), held as a
    pending approval; returns its id."""
    fake_provider.reset()
    fake_provider.set_script(ORDER_SCRIPT)
    client = console_gw.client(console_gw.keys["app"])
    resp = client.chat.completions.create(
        model="scenario/advisor",
        messages=[{"role": "user", "content": ORDER_QUESTION}],
        extra_headers={"X-Switchboard-User": "client-C-1"},
    )
    seen = [resp.choices[0].message.content or ""]
    seen += [json.dumps(r.get("body"), ensure_ascii=False) for r in fake_provider.chat_requests()]
    text = "\n".join(seen)
    assert "pending_approval" in text, f"the order was not held for approval: {text}"
    match = re.search(r"\bapr_[0-9A-Za-z]+", text)
    assert match, f"no approval id in {text}"
    approval_id = match.group(0)

    status, _, body = http(
        "GET", f"{console_gw.base}/admin/approvals?status=pending", headers={"Authorization": f"Bearer {console_gw.keys['approver']}"}
    )
    assert status == 200, body
    assert approval_id in [a.get("id") for a in body.get("data", [])], body
    return approval_id


# ---------------------------------------------------------------------------
# Plain HTTP: status codes, headers, cookies and raw HTML
# ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: httpclient.HTTPMessage
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


class ConsoleHTTP:
    """A cookie-keeping HTTP client that never follows redirects (and ignores proxies)."""

    def __init__(self, base: str, cookie_header: str = "") -> None:
        url = urlparse(base)
        self.base = base
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or 80
        self.cookies: dict[str, str] = {}
        for part in cookie_header.split(";"):
            name, _, value = part.strip().partition("=")
            if name:
                self.cookies[name] = value

    def request(self, method: str, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Reply:
        hdrs = {"Accept": "text/html", "Accept-Language": "en-US,en"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode("utf-8")
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        hdrs.update(headers or {})
        conn = httpclient.HTTPConnection(self.host, self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            reply = Reply(resp.status, resp.msg, resp.read().decode("utf-8", errors="replace"))
        finally:
            conn.close()
        for raw in reply.set_cookies:
            name, _, value = raw.split(";", 1)[0].strip().partition("=")
            expired = re.search(r";\s*max-age\s*=\s*0\b", raw, re.I) is not None
            if not value or expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, str], **kwargs: Any) -> Reply:
        return self.request("POST", path, form=form, **kwargs)

    def same_origin(self) -> dict[str, str]:
        """The Origin a browser sends with a form posted from this console."""
        return {"Origin": f"http://{self.host}:{self.port}"}

    def sign_in(self, api_key: str) -> Reply:
        page = self.get("/console/sign-in")
        assert page.status == 200, f"GET /console/sign-in -> {page.status}\n{page.text[:2000]}"
        form = Scan.of(page.text).form("sign-in")
        assert "csrf" in form, f"form#sign-in has no csrf field: {form}"
        form["api_key"] = api_key
        return self.post("/console/sign-in", form, headers=self.same_origin())


class Scan(HTMLParser):
    """Reads raw HTML for the forms' fields, the elements' attributes, and inline code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self.inline: list[str] = []
        self._form: str | None = None
        self._select: list[Any] | None = None  # [name, first value, selected value]
        self._textarea: list[Any] | None = None  # [name, [text]]

    @classmethod
    def of(cls, text: str) -> "Scan":
        scan = cls()
        scan.feed(text)
        scan.close()
        return scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, a))
        line = self.getpos()[0]
        if tag == "script" and not a.get("src"):
            self.inline.append(f"line {line}: <script> without src")
        if tag == "style":
            self.inline.append(f"line {line}: <style> element")
        for name, value in a.items():
            if name == "style":
                self.inline.append(f"line {line}: style= attribute on <{tag}>: {value!r}")
            elif name.startswith("on"):
                self.inline.append(f"line {line}: event handler {name}= on <{tag}>")
            elif name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                self.inline.append(f"line {line}: javascript: URL in {name}= on <{tag}>")
        if tag == "form":
            self._form = a.get("id") or f"form-{len(self.forms)}"
            self.forms[self._form] = []
        elif self._form is not None:
            fields = self.forms[self._form]
            if tag == "input" and a.get("name"):
                kind = a.get("type", "text").lower()
                if kind in ("checkbox", "radio") and "checked" not in a:
                    return
                if kind not in ("submit", "button", "image", "reset", "file"):
                    fields.append((a["name"], a.get("value", "")))
            elif tag == "select":
                self._select = [a.get("name"), None, None]
            elif tag == "option" and self._select is not None:
                value = a.get("value", "")
                if self._select[1] is None:
                    self._select[1] = value
                if "selected" in a:
                    self._select[2] = value
            elif tag == "textarea":
                self._textarea = [a.get("name"), []]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            if name:
                self.forms[self._form].append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            if name:
                self.forms[self._form].append((name, "".join(text)))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def form(self, form_id: str) -> dict[str, str]:
        assert form_id in self.forms, f"no form#{form_id} (forms: {sorted(self.forms)})"
        out: dict[str, str] = {}
        for name, value in self.forms[form_id]:
            out.setdefault(name, value)
        return out

    def values(self, attribute: str, tag: str | None = None) -> list[str]:
        return [a[attribute] for t, a in self.elements if attribute in a and (tag is None or t == tag)]

    def has_id(self, element_id: str) -> bool:
        return element_id in self.values("id")


def check_security_headers(reply: Reply, what: str) -> None:
    csp = reply.header("Content-Security-Policy")
    assert csp, f"{what}: no Content-Security-Policy"
    directives = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    assert "'none'" in directives.get("frame-ancestors", []), f"{what}: CSP lacks frame-ancestors 'none': {csp}"
    assert "script-src" in directives, f"{what}: CSP has no script-src: {csp}"
    assert "'unsafe-inline'" not in directives["script-src"], f"{what}: script-src allows inline scripts: {csp}"
    assert reply.header("Referrer-Policy").strip().lower() == "no-referrer", f"{what}: Referrer-Policy {reply.header('Referrer-Policy')!r}"
    assert reply.header("X-Content-Type-Options").strip().lower() == "nosniff", (
        f"{what}: X-Content-Type-Options {reply.header('X-Content-Type-Options')!r}"
    )


def check_no_inline_code(reply: Reply, what: str) -> None:
    found = Scan.of(reply.text).inline
    assert not found, f"{what} has inline code or style:\n" + "\n".join(found)


def cookie_attributes(raw: str) -> tuple[str, str, dict[str, str]]:
    first, *rest = raw.split(";")
    name, _, value = first.strip().partition("=")
    attrs = {}
    for item in rest:
        key, _, val = item.strip().partition("=")
        attrs[key.strip().lower()] = val.strip()
    return name, value, attrs


# ---------------------------------------------------------------------------
# Browser helpers
# ---------------------------------------------------------------------------


def describe_page(driver: WebDriver) -> str:
    try:
        body = driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        return f"at {driver.current_url} (title {driver.title!r}); page text:\n{body[:2500]}"
    except Exception as e:  # noqa: BLE001 - only for the failure message
        return f"(page not readable: {e!r})"


def wait_for(driver: WebDriver, condition: Callable[[WebDriver], Any], what: str, timeout: float = WAIT_S) -> Any:
    try:
        return WebDriverWait(
            driver, timeout, poll_frequency=0.2, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
        ).until(condition)
    except TimeoutException:
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{describe_page(driver)}") from None


def present(css: str) -> Callable[[WebDriver], Any]:
    return EC.presence_of_element_located((By.CSS_SELECTOR, css))


def visible(css: str) -> Callable[[WebDriver], Any]:
    return EC.visibility_of_element_located((By.CSS_SELECTOR, css))


def loaded(driver: WebDriver) -> bool:
    return driver.execute_script("return document.readyState") == "complete"


def path_of(driver: WebDriver) -> str:
    return urlparse(driver.current_url).path


def css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def open_page(driver: WebDriver, gw: Gateway, path: str, marker: str) -> WebElement:
    driver.get(gw.base + path)
    element = wait_for(driver, present(marker), f"{marker} on {path}")
    wait_for(driver, loaded, f"{path} to finish loading")
    return element


def until_page(driver: WebDriver, find: Callable[[WebDriver], Any], what: str, timeout: float = WAIT_S) -> Any:
    """Polls a GET page, reloading it, until `find` returns something truthy (for what the
    gateway writes just after answering: audit records, traffic figures)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = find(driver)
        except (NoSuchElementException, StaleElementReferenceException):
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not found within {timeout:.0f}s (reloading): {what}\n{describe_page(driver)}")
        time.sleep(0.5)
        driver.refresh()
        wait_for(driver, loaded, "the reloaded page")


def submit(driver: WebDriver, button: WebElement, what: str) -> list[str]:
    """Clicks a form's button, accepts any confirm() it asks, and waits until the next page has
    loaded. Returns the texts of the dialogs accepted."""
    dialogs: list[str] = []
    button.click()

    def settled(d: WebDriver) -> bool:
        try:
            alert = d.switch_to.alert
        except NoAlertPresentException:
            pass
        else:
            dialogs.append(alert.text)
            alert.accept()
            return False
        try:
            button.is_enabled()
            return False
        except WebDriverException:
            # The old page is gone: stale, or (Chromium, mid-navigation) "Node with given id
            # does not belong to the document". The new one may still be loading.
            try:
                return loaded(d)
            except WebDriverException:
                return False

    try:
        WebDriverWait(driver, WAIT_S, poll_frequency=0.1, ignored_exceptions=(UnexpectedAlertPresentException,)).until(settled)
    except TimeoutException:
        raise AssertionError(f"{what}: no new page within {WAIT_S:.0f}s after the click\n{describe_page(driver)}") from None
    return dialogs


def submit_button(form: WebElement) -> WebElement:
    buttons = form.find_elements(By.CSS_SELECTOR, "button:not([type='button']):not([type='reset']), input[type='submit']")
    assert buttons, f"form#{form.get_attribute('id')} has no submit button"
    return buttons[0]


def choose(select: WebElement, wanted: str) -> None:
    menu = Select(select)
    options = [(o.get_attribute("value"), o.text.strip()) for o in menu.options]
    if wanted in [value for value, _ in options]:
        menu.select_by_value(wanted)
    elif wanted in [text for _, text in options]:
        menu.select_by_visible_text(wanted)
    else:
        raise AssertionError(f"select[name={select.get_attribute('name')}] has no option {wanted!r}: {options}")


def fill(form: WebElement, name: str, value: str) -> None:
    element = form.find_element(By.NAME, name)
    if element.tag_name.lower() == "select":
        choose(element, value)
    else:
        element.clear()
        element.send_keys(value)


def sign_in(driver: WebDriver, gw: Gateway, api_key: str, landing: str) -> None:
    driver.get(gw.base + "/console/sign-in")
    field_ = wait_for(driver, visible("form#sign-in input#api-key"), "the sign-in form")
    assert field_.get_attribute("type") == "password", "the key is typed into a password field"
    assert field_.get_attribute("name") == "api_key"
    field_.send_keys(api_key)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form#sign-in button#sign-in-submit"), "sign-in")
    wait_for(
        driver,
        lambda d: path_of(d) == landing and d.find_elements(By.CSS_SELECTOR, "header.topbar"),
        f"the signed-in page {landing}",
    )


def cookie_header(driver: WebDriver) -> str:
    cookies = driver.get_cookies()
    assert cookies, f"the browser holds no cookie for the console\n{describe_page(driver)}"
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


def number(text: str) -> float | None:
    """The first number in `text` ("1,234", "2", "0.5 s"), or None."""
    m = re.search(r"-?\d[\d,\u00a0\u202f ]*(?:\.\d+)?", text)
    return float(re.sub(r"[,\u00a0\u202f ]", "", m.group(0))) if m else None


def key_ids(driver: WebDriver) -> set[str]:
    return {row.get_attribute("data-key-id") for row in driver.find_elements(By.CSS_SELECTOR, "table#keys tr[data-key-id]")}


def cells(row: WebElement) -> list[str]:
    return [cell.text.strip() for cell in row.find_elements(By.CSS_SELECTOR, "td, th")]


def nav_paths(driver: WebDriver) -> set[str]:
    return {urlparse(a.get_attribute("href") or "").path for a in driver.find_elements(By.CSS_SELECTOR, "header.topbar nav.nav a")}


def run_playground(driver: WebDriver, gw: Gateway, scenario: str = "research", message: str = QUOTE_QUESTION) -> WebElement:
    """Sends `message` under `scenario` from the playground; returns `#playground-answer`."""
    form = open_page(driver, gw, "/console/playground", "form#playground")
    choose(form.find_element(By.CSS_SELECTOR, "select[name='scenario']"), scenario)
    box = form.find_element(By.CSS_SELECTOR, "textarea[name='message']")
    box.clear()
    box.send_keys(message)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form#playground button#playground-send"), "the playground")
    outcome = wait_for(
        driver,
        lambda d: (d.find_elements(By.CSS_SELECTOR, "#playground-answer") or d.find_elements(By.CSS_SELECTOR, "#playground-error") or [None])[0],
        "the playground's answer",
        timeout=MODEL_WAIT_S,
    )
    assert outcome.get_attribute("id") == "playground-answer", f"the playground failed: {outcome.text}\n{describe_page(driver)}"
    assert outcome.text.strip(), f"#playground-answer is empty\n{describe_page(driver)}"
    return outcome


def set_viewport(driver: WebDriver, width: int, height: int) -> None:
    """Exactly `width`×`height` CSS pixels of page, whatever the window's own frame takes."""
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    )
    wait_for(driver, lambda d: d.execute_script("return window.innerWidth") == width, f"a {width}px wide viewport")


def save_full_page(driver: WebDriver, path: Path) -> None:
    """The whole page, as wide as the viewport and as long as the page."""
    width, height = driver.execute_script(
        "return [window.innerWidth, Math.max(document.documentElement.scrollHeight, window.innerHeight)]"
    )
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )
    path.write_bytes(base64.b64decode(shot["data"]))


# ---------------------------------------------------------------------------
# 1. Overview
# ---------------------------------------------------------------------------


def test_overview_shows_the_traffic(console_gw: Gateway, chromium: Callable[..., WebDriver], traffic: list[str]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")

    def requests_counted(d: WebDriver) -> Any:
        values = d.find_elements(By.CSS_SELECTOR, "#kpi-requests .value")
        return values and (number(values[0].text) or 0) > 0 and values[0]

    value = until_page(driver, requests_counted, "#kpi-requests .value, a number above 0 after two completions")
    assert "kpi" in (driver.find_element(By.ID, "kpi-requests").get_attribute("class") or "").split()
    assert (number(value.text) or 0) > 0, value.text

    charts = driver.find_elements(By.CSS_SELECTOR, "svg#chart-traffic")
    assert charts, f"no svg#chart-traffic\n{describe_page(driver)}"
    bars = charts[0].find_elements(By.CSS_SELECTOR, ".bar")
    assert bars, "svg#chart-traffic has no .bar although requests were made"

    rows = driver.find_elements(By.CSS_SELECTOR, f"table#tenant-usage tr[data-tenant={css_string(TENANT)}]")
    assert rows, f"table#tenant-usage has no row for {TENANT}\n{describe_page(driver)}"
    assert TENANT in rows[0].text


# ---------------------------------------------------------------------------
# 2. Playground, and its exchange in the audit trail
# ---------------------------------------------------------------------------


def test_playground_calls_a_plugin_and_the_exchange_is_audited(
    console_gw: Gateway, fake_provider: FakeProvider, chromium: Callable[..., WebDriver]
):
    fake_provider.reset()
    fake_provider.set_script(QUOTE_SCRIPT)
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")

    run_playground(driver, console_gw)
    calls = driver.find_elements(By.CSS_SELECTOR, "table#playground-tools tr.tool-call")
    assert calls, f"no tr.tool-call in table#playground-tools\n{describe_page(driver)}"
    names = [cells(row)[0] for row in calls]
    assert "quote" in names, f"the model called quote, the table shows {names}"
    assert len(fake_provider.chat_requests()) == 2, "the tool call turn and the answer turn reached the model"

    link = driver.find_element(By.CSS_SELECTOR, "a#playground-audit-link")
    request_id = parse_qs(urlparse(link.get_attribute("href") or "").query).get("request_id", [""])[0]
    assert request_id, f"a#playground-audit-link does not name the request: {link.get_attribute('href')!r}"
    link.click()
    wait_for(driver, lambda d: path_of(d) == "/console/audit" and loaded(d), "the audit page")

    row = until_page(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"table#audit-records tr[data-request-id={css_string(request_id)}]"),
        f"the playground's exchange {request_id} in table#audit-records",
    )[0]
    assert row.get_attribute("data-sequence"), "audit rows carry data-sequence"
    record_link = row.find_element(By.CSS_SELECTOR, "a.record-link")
    record_link.click()
    wait_for(driver, lambda d: re.fullmatch(r"/console/audit/\d+", path_of(d)), "the audit record page")
    tools = wait_for(driver, present("table#record-tools"), "table#record-tools")
    recorded = [cells(r) for r in tools.find_elements(By.CSS_SELECTOR, "tr.tool-call")]
    assert any("quote" in row_cells for row_cells in recorded), f"quote is not in table#record-tools: {recorded}"


# ---------------------------------------------------------------------------
# 3. Keys: create, use, revoke
# ---------------------------------------------------------------------------


def test_key_created_works_and_stops_working_when_revoked(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    form = open_page(driver, console_gw, "/console/keys", "form#key-form")
    before = key_ids(driver)

    fill(form, "tenant", TENANT)
    fill(form, "role", "app")
    submit(driver, submit_button(form), "creating a key")
    secret = wait_for(driver, visible("#new-key .secret code#new-key-secret"), "the new key's secret").text.strip()
    assert secret.startswith("sk-sb-"), f"secret {secret!r}"

    status, _, body = http("GET", f"{console_gw.base}/v1/models", headers={"Authorization": f"Bearer {secret}"})
    assert status == 200, f"the new key is refused: {status} {body!r}"

    open_page(driver, console_gw, "/console/keys", "table#keys")
    assert secret not in driver.page_source, "the secret is shown once, not on the next visit"
    new = key_ids(driver) - before
    assert len(new) == 1, f"expected one new row in table#keys, got {sorted(new)}"
    key_id = new.pop()

    row = driver.find_element(By.CSS_SELECTOR, f"table#keys tr[data-key-id={css_string(key_id)}]")
    button = row.find_element(By.CSS_SELECTOR, "form.revoke button")
    dialogs = submit(driver, button, "revoking the key")
    assert dialogs, "revoking asks for confirmation first (form.revoke[data-confirm])"

    deadline = time.monotonic() + REVOKE_WAIT_S
    statuses = []
    while True:
        status, _, _ = http("GET", f"{console_gw.base}/v1/models", headers={"Authorization": f"Bearer {secret}"})
        statuses.append(status)
        if status == 401:
            break
        assert time.monotonic() < deadline, f"the revoked key still works after {REVOKE_WAIT_S:.0f}s: {statuses}"
        time.sleep(0.25)


# ---------------------------------------------------------------------------
# 4. Approvals
# ---------------------------------------------------------------------------


def test_approver_approves_a_pending_call(
    console_gw: Gateway, chromium: Callable[..., WebDriver], pending_approval: str, order_desk: OrderDesk
):
    orders_before = len(order_desk.received)
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["approver"], "/console/approvals")

    selector = f"table#approvals tr[data-approval-id={css_string(pending_approval)}]"
    row = until_page(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector), f"approval {pending_approval}")[0]
    assert order_desk.received[orders_before:] == [], "nothing ran before the approval"
    submit(driver, row.find_element(By.CSS_SELECTOR, "form.approve button"), "approving")

    notice = wait_for(driver, visible("#notice"), "#notice after the decision")
    assert notice.text.strip(), "#notice is empty"
    assert "ok" in (notice.get_attribute("class") or "").split(), f"the decision did not go well: {notice.text}"
    for still in driver.find_elements(By.CSS_SELECTOR, selector):
        assert not still.find_elements(By.CSS_SELECTOR, "form.approve, form.reject"), "the approved call is still offered for a decision"

    status, _, body = http(
        "GET", f"{console_gw.base}/admin/approvals?status=pending", headers={"Authorization": f"Bearer {console_gw.keys['approver']}"}
    )
    assert status == 200, body
    assert pending_approval not in [a.get("id") for a in body.get("data", [])], "still pending for the API"
    assert len(order_desk.received) == orders_before + 1, f"the order ran {len(order_desk.received) - orders_before} times"


# ---------------------------------------------------------------------------
# 5. Roles
# ---------------------------------------------------------------------------


def test_auditor_is_refused_the_keys_page(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["auditor"], "/console")
    shown = nav_paths(driver)
    assert shown <= AUDITOR_PAGES, f"the auditor's nav offers {sorted(shown - AUDITOR_PAGES)}"

    driver.get(console_gw.base + "/console/keys")
    wait_for(driver, present(".error-page#forbidden"), "the forbidden page")
    assert not driver.find_elements(By.CSS_SELECTOR, "table#keys, form#key-form"), "the keys are shown to an auditor"

    client = ConsoleHTTP(console_gw.base, cookie_header(driver))
    for path in sorted(ADMIN_ONLY_PAGES):
        page = client.get(path)
        assert page.status == 403, f"auditor GET {path} -> {page.status}"
        assert Scan.of(page.text).has_id("forbidden"), f"auditor GET {path}: no #forbidden"
    for path in sorted(AUDITOR_PAGES):
        assert client.get(path).status == 200, f"the auditor may see {path}"

    tenants = client.get("/console/tenants")
    scan = Scan.of(tenants.text)
    assert "tenant-form" not in scan.forms, "an auditor gets the tenant form"
    classes = " ".join(scan.values("class", "form")).split()
    assert "suspend" not in classes and "resume" not in classes, "an auditor may suspend or resume tenants"


def test_approver_is_refused_the_overview(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["approver"], "/console/approvals")
    assert nav_paths(driver) <= {"/console/approvals"}, f"the approver's nav offers {sorted(nav_paths(driver))}"

    driver.get(console_gw.base + "/console")
    wait_for(driver, present(".error-page#forbidden"), "the forbidden page")
    assert not driver.find_elements(By.CSS_SELECTOR, "#kpi-requests"), "the overview is shown to an approver"

    client = ConsoleHTTP(console_gw.base, cookie_header(driver))
    for path in sorted((AUDITOR_PAGES | ADMIN_ONLY_PAGES) - {"/console/approvals"}):
        page = client.get(path)
        assert page.status == 403, f"approver GET {path} -> {page.status}"
        assert Scan.of(page.text).has_id("forbidden"), f"approver GET {path}: no #forbidden"
    assert client.get("/console/approvals").status == 200


# ---------------------------------------------------------------------------
# 6. CSRF
# ---------------------------------------------------------------------------


def test_posts_without_the_form_token_are_refused(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    client = ConsoleHTTP(console_gw.base, cookie_header(driver))

    page = client.get("/console/keys")
    assert page.status == 200, f"the session cookie taken from the browser does not work: {page.status}"
    keys_before = set(Scan.of(page.text).values("data-key-id", "tr"))
    token = Scan.of(page.text).form("key-form").get("csrf")
    assert token, "form#key-form has no csrf value"

    missing = client.post("/console/keys", {"tenant": TENANT, "role": "admin"}, headers=client.same_origin())
    assert missing.status == 403, f"a POST without csrf -> {missing.status}"
    assert Scan.of(missing.text).has_id("csrf-refused"), "no #csrf-refused on the refusal"

    forged = client.post(
        "/console/keys",
        {"tenant": TENANT, "role": "admin", "csrf": secrets.token_hex(len(token) // 2 or 16)},
        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/offer", "Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status == 403, f"a cross-site POST with a wrong csrf -> {forged.status}"

    after = client.get("/console/keys")
    assert set(Scan.of(after.text).values("data-key-id", "tr")) == keys_before, "a refused POST created a key"

    # The same POST with the session's token goes through: the refusals above were the token's.
    accepted = client.post("/console/keys", {"tenant": TENANT, "role": "app", "csrf": token}, headers=client.same_origin())
    assert accepted.status in (200, 303), f"the POST with the right token -> {accepted.status}\n{accepted.text[:1500]}"


# ---------------------------------------------------------------------------
# 7. Security headers, cookies, no inline code
# ---------------------------------------------------------------------------


def test_security_headers_cookies_and_no_inline_code(
    console_gw: Gateway, fake_provider: FakeProvider, chromium: Callable[..., WebDriver], traffic: list[str]
):
    # The session cookie as sign-in sets it, read over HTTP.
    signer = ConsoleHTTP(console_gw.base)
    signed = signer.sign_in(console_gw.keys["admin"])
    assert signed.status == 303, f"sign-in over HTTP -> {signed.status}\n{signed.text[:1500]}"
    assert urlparse(signed.header("Location")).path == "/console", signed.header("Location")
    check_security_headers(signed, "the sign-in redirect")
    set_now = [cookie_attributes(raw) for raw in signed.set_cookies]
    session = [(name, attrs) for name, value, attrs in set_now if value and attrs.get("max-age") != "0"]
    assert session, f"sign-in set no cookie: {signed.set_cookies}"
    for name, attrs in session:
        assert "httponly" in attrs, f"cookie {name} is not HttpOnly: {signed.set_cookies}"
        assert attrs.get("samesite", "").lower() == "strict", f"cookie {name} is not SameSite=Strict: {signed.set_cookies}"

    # ... and as the browser holds it.
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    for cookie in driver.get_cookies():
        assert cookie.get("httpOnly") is True, f"browser cookie {cookie['name']} is readable by scripts"
        assert cookie.get("sameSite") == "Strict", f"browser cookie {cookie['name']}: sameSite {cookie.get('sameSite')}"
    client = ConsoleHTTP(console_gw.base, cookie_header(driver))

    deadline = time.monotonic() + WAIT_S
    while True:
        sequences = Scan.of(client.get("/console/audit").text).values("data-sequence", "tr")
        if sequences or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert sequences, "no audit record listed after two completions"

    pages = [
        "/console",
        "/console?window=24h",
        "/console/live",
        "/console/audit",
        f"/console/audit/{sequences[0]}",
        "/console/approvals",
        "/console/tenants",
        "/console/keys",
        "/console/playground",
        "/console/config",
    ]
    for path in pages:
        page = client.get(path)
        assert page.status == 200, f"GET {path} -> {page.status}"
        check_security_headers(page, f"GET {path}")
        check_no_inline_code(page, f"GET {path}")

    anonymous = ConsoleHTTP(console_gw.base)
    page = anonymous.get("/console/sign-in")
    assert page.status == 200
    check_security_headers(page, "GET /console/sign-in")
    check_no_inline_code(page, "GET /console/sign-in")

    missing = client.get("/console/no-such-page")
    assert missing.status == 404, f"GET /console/no-such-page -> {missing.status}"
    check_security_headers(missing, "the 404 page")
    check_no_inline_code(missing, "the 404 page")

    # A page made by a POST: the playground with a result.
    fake_provider.reset()
    fake_provider.set_script(QUOTE_SCRIPT)
    form = Scan.of(client.get("/console/playground").text).form("playground")
    form.update({"scenario": "research", "message": QUOTE_QUESTION})
    result = client.post("/console/playground", form, headers=client.same_origin())
    assert result.status == 200, f"POST /console/playground -> {result.status}"
    assert Scan.of(result.text).has_id("playground-answer"), "the playground answered nothing"
    check_security_headers(result, "the playground's result")
    check_no_inline_code(result, "the playground's result")

    # The pages' own scripts and stylesheet, served with types nosniff lets the browser use.
    for asset, kind in (("console.css", "text/css"), ("console.js", "javascript"), ("live.js", "javascript")):
        reply = anonymous.get(f"/console/assets/{asset}")
        assert reply.status == 200, f"/console/assets/{asset} -> {reply.status}"
        assert kind in reply.header("Content-Type"), f"/console/assets/{asset}: Content-Type {reply.header('Content-Type')!r}"
        assert reply.header("X-Content-Type-Options").lower() == "nosniff"


# ---------------------------------------------------------------------------
# 8. Failed sign-ins: limited and audited
# ---------------------------------------------------------------------------


def test_failed_sign_ins_are_rate_limited_and_audited(sign_in_gw: Gateway, chromium: Callable[..., WebDriver]):
    gw = sign_in_gw
    # The admin signs in first: the lock-out that follows is on this very address.
    admin = chromium()
    sign_in(admin, gw, gw.keys["admin"], "/console")

    wrong_keys = [f"sk-sb-wrong{secrets.token_hex(16)}" for _ in range(7)]

    # The first failure in a browser: the form comes back with the error.
    stranger = chromium()
    stranger.get(gw.base + "/console/sign-in")
    wait_for(stranger, visible("form#sign-in input#api-key"), "the sign-in form").send_keys(wrong_keys[0])
    submit(stranger, stranger.find_element(By.CSS_SELECTOR, "button#sign-in-submit"), "a wrong sign-in")
    wait_for(stranger, visible("#sign-in-error"), "#sign-in-error")
    assert stranger.find_elements(By.CSS_SELECTOR, "form#sign-in"), "the form is offered again"
    assert not stranger.find_elements(By.CSS_SELECTOR, "header.topbar"), "a wrong key signed in"

    # The next ones over HTTP, where the status shows.
    client = ConsoleHTTP(gw.base)
    statuses = [401]
    token = ""
    for key in wrong_keys[1:]:
        page = client.get("/console/sign-in")
        scan = Scan.of(page.text)
        if "sign-in" in scan.forms:
            token = scan.form("sign-in").get("csrf", token)
        reply = client.post("/console/sign-in", {"api_key": key, "csrf": token}, headers=client.same_origin())
        statuses.append(reply.status)
        if reply.status == 401:
            assert Scan.of(reply.text).has_id("sign-in-error"), "a 401 sign-in page without #sign-in-error"
            check_security_headers(reply, "the failed sign-in page")
            check_no_inline_code(reply, "the failed sign-in page")
        if reply.status == 429:
            check_security_headers(reply, "the rate-limited sign-in page")
    assert statuses[:5] == [401] * 5, f"sign-in statuses: {statuses}"
    assert statuses[5:] == [429, 429], f"the 6th failed sign-in and later ones must get 429: {statuses}"

    # The failures are in the audit trail.
    admin.get(gw.base + "/console/audit?status=401")
    rows = until_page(
        admin,
        lambda d: d.find_elements(By.CSS_SELECTOR, "table#audit-records tr[data-sequence]"),
        "audit records of status 401",
    )
    assert len(rows) >= 5, f"{len(rows)} records of status 401 for 5 wrong keys"
    rows[0].find_element(By.CSS_SELECTOR, "a.record-link").click()
    record = wait_for(admin, visible("pre#record-json"), "pre#record-json").text
    try:
        record = json.dumps(json.loads(record), ensure_ascii=False)  # `\/` and `\u` escapes read as the characters
    except ValueError:
        pass
    assert "console/sign-in" in record, f"the newest 401 record is not a console sign-in: {record[:2000]}"
    for key in wrong_keys:
        assert key not in record, "the audit record holds a presented key"


# ---------------------------------------------------------------------------
# 9. Chinese
# ---------------------------------------------------------------------------


def test_console_in_chinese(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")

    open_page(driver, console_gw, "/console?lang=zh", "header.topbar nav.nav")
    lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    assert lang == "zh-CN", f'<html lang="{lang}">'
    nav = driver.find_element(By.CSS_SELECTOR, "header.topbar nav.nav").text
    assert "概览" in nav, f"the nav is not in Chinese: {nav!r}"

    open_page(driver, console_gw, "/console?lang=en", "header.topbar nav.nav")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "概览" not in driver.find_element(By.CSS_SELECTOR, "header.topbar nav.nav").text


# ---------------------------------------------------------------------------
# 10. Screenshots of every page, desktop and phone
# ---------------------------------------------------------------------------


def test_screenshots_of_every_page(
    console_gw: Gateway,
    fake_provider: FakeProvider,
    chromium: Callable[..., WebDriver],
    traffic: list[str],
    pending_approval: str,
):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    driver = chromium(*SIZES["desktop"])
    overflowing: list[str] = []
    saved: list[Path] = []

    def shoot(name: str, marker: str) -> None:
        for size, (width, height) in SIZES.items():
            set_viewport(driver, width, height)
            wait_for(driver, present(marker), f"{marker} on the {name} page")
            if size == "phone":
                scroll_width, inner_width = driver.execute_script(
                    "return [document.documentElement.scrollWidth, window.innerWidth]"
                )
                if scroll_width > inner_width + 1:
                    overflowing.append(f"{name}: scrollWidth {scroll_width} > innerWidth {inner_width}")
            path = SCREENSHOT_DIR / f"{name}-{size}.png"
            save_full_page(driver, path)
            saved.append(path)
        set_viewport(driver, *SIZES["desktop"])

    set_viewport(driver, *SIZES["desktop"])
    open_page(driver, console_gw, "/console/sign-in", "form#sign-in")
    shoot("sign-in", "form#sign-in")

    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    for name, path, marker in (
        ("overview", "/console", "#kpi-requests"),
        ("live", "/console/live", "table#live"),
        ("audit", "/console/audit", "table#audit-records"),
    ):
        open_page(driver, console_gw, path, marker)
        shoot(name, marker)

    links = until_page(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "table#audit-records a.record-link"), "an audit record")
    open_page(driver, console_gw, urlparse(links[0].get_attribute("href")).path, "#record-detail")
    shoot("audit-record", "#record-detail")

    for name, path, marker in (
        ("approvals", "/console/approvals", f"table#approvals tr[data-approval-id={css_string(pending_approval)}]"),
        ("tenants", "/console/tenants", "table#tenants"),
        ("keys", "/console/keys", "table#keys"),
        ("config", "/console/config", "pre#running-config"),
    ):
        open_page(driver, console_gw, path, marker)
        shoot(name, marker)

    fake_provider.reset()
    fake_provider.set_script(QUOTE_SCRIPT)
    run_playground(driver, console_gw)
    shoot("playground", "table#playground-tools tr.tool-call")

    expected = {f"{page}-{size}.png" for page in (
        "sign-in", "overview", "live", "audit", "audit-record", "approvals", "tenants", "keys", "playground", "config"
    ) for size in SIZES}
    assert {p.name for p in saved} == expected
    for path in saved:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert not overflowing, "pages scroll sideways at phone width:\n" + "\n".join(overflowing)


# ---------------------------------------------------------------------------
# Beyond the list: the live page's stream, and signing out
# ---------------------------------------------------------------------------


def test_live_page_shows_new_exchanges(console_gw: Gateway, fake_provider: FakeProvider, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    open_page(driver, console_gw, "/console/live", "table#live")
    wait_for(
        driver,
        lambda d: "ok" in (d.find_element(By.ID, "live-status").get_attribute("class") or "").split(),
        "#live-status to turn ok (the event stream connected)",
    )
    before = {row.get_attribute("data-request-id") for row in driver.find_elements(By.CSS_SELECTOR, "table#live tbody tr.exchange")}

    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "好的。"}}])
    raw = console_gw.client(console_gw.keys["app"]).chat.completions.with_raw_response.create(
        model=ALIAS, messages=[{"role": "user", "content": "今天是交易日吗？"}]
    )
    request_id = raw.headers.get("x-request-id") or ""

    def new_row(d: WebDriver) -> Any:
        for row in d.find_elements(By.CSS_SELECTOR, "table#live tbody tr.exchange"):
            seen = row.get_attribute("data-request-id")
            if (seen == request_id) if request_id else (seen not in before):
                return row
        return None

    row = wait_for(driver, new_row, f"the exchange {request_id or '(new)'} in table#live")
    values = cells(row)
    assert len(values) >= 8, f"a live row has cells time, tenant, scenario, level, zone, backend, status, latency: {values}"
    assert values[1] == TENANT, values
    assert "200" in values[6], values


def test_sign_out_ends_the_session(console_gw: Gateway, chromium: Callable[..., WebDriver]):
    driver = chromium()
    sign_in(driver, console_gw, console_gw.keys["admin"], "/console")
    cookie = cookie_header(driver)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form#sign-out button"), "signing out")
    wait_for(driver, lambda d: path_of(d) == "/console/sign-in", "the sign-in page after signing out")

    # The old cookie, replayed, no longer opens a page.
    replay = ConsoleHTTP(console_gw.base, cookie).get("/console")
    assert replay.status != 200, "the session outlived its sign-out"
    if 300 <= replay.status < 400:
        assert urlparse(replay.header("Location")).path == "/console/sign-in", replay.header("Location")


def test_shutdown_ends_open_live_streams(sign_in_gw: Gateway):
    """A graceful stop (SIGTERM) ends the live page's event stream instead of waiting for the
    browser to leave, and the server exits cleanly."""
    http = ConsoleHTTP(sign_in_gw.base)
    signed_in = http.sign_in(sign_in_gw.keys["admin"])
    assert signed_in.status == 303, f"sign-in -> {signed_in.status}"
    conn = httpclient.HTTPConnection(http.host, http.port, timeout=20)
    conn.request("GET", "/console/live/events", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())})
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type", "").startswith("text/event-stream")
    first = resp.read(6)
    assert first == b"retry:", first
    sign_in_gw.proc.terminate()
    try:
        # Without the stream ending, serve would wait for the browser forever: 30 s is only a bound.
        code = sign_in_gw.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("serve did not stop on SIGTERM while a live stream was open")
    finally:
        conn.close()
    assert code == 0, f"serve exited with {code} after SIGTERM"
