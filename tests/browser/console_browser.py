"""Browser tests of the web console (issue 13): Debian's chromium and chromedriver driven by
python3-selenium (all three belong to /usr/bin/python3), headless, against a live emulator started
by tests/e2e/harness.py (ephemeral port, temp data dir, virtual or manual clock).

    with console_server(clock="manual") as srv, Console(srv, "name") as c:
        c.open("/")                     # the console's page at the server's root
        c.wait_css("#machines")         # polls with a deadline, never a bare sleep
        c.shot("machines")              # <build>/browser-screenshots/<name>-machines.png

Exits with ctest's skip code 77 when Chromium, chromedriver or selenium cannot be had (scripts/test
installs them with apt-get as root: chromium chromium-driver python3-selenium python3-boto3).
Setup calls go over plain HTTP (`sfn`, `lam`): Debian's boto3 predates versions and aliases.
"""

import base64
import json
import os
import shutil
import sys
import tempfile
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1500,950", "--force-device-scale-factor=1"]


def skip(message):
    print(f"SKIPPED: {message}", flush=True)
    sys.exit(SKIP)


def _find(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


CHROMIUM = _find("chromium", "chromium-browser")
CHROMEDRIVER = _find("chromedriver")
if not CHROMIUM or not CHROMEDRIVER:
    skip("chromium and chromedriver are needed (apt-get install chromium chromium-driver, as root)")
try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait, Select
except ImportError:
    skip(f"selenium is not importable by {sys.executable} (apt-get install python3-selenium; run "
         f"with /usr/bin/python3)")
try:
    import boto3  # noqa: F401  (the e2e harness imports it)
except ImportError:
    skip(f"boto3 is not importable by {sys.executable} (apt-get install python3-boto3)")

sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))
import harness as H  # noqa: E402

SCREENSHOTS = os.environ.get("SFN_SCREENSHOT_DIR") or os.path.join(REPO, "build", "browser-screenshots")
ARN_PREFIX = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}"
LAMBDA_PREFIX = f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function"


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body!r}")
        self.status = status
        self.body = body


def sfn(srv, operation, **body):
    """One Step Functions call (AWS JSON 1.0) over plain HTTP; returns the parsed answer."""
    r = srv.http("POST", "/", body=json.dumps(body),
                 headers={"Content-Type": "application/x-amz-json-1.0",
                          "X-Amz-Target": f"AWSStepFunctions.{operation}"}, timeout=30)
    if r.status != 200:
        raise ApiError(r.status, r.body)
    return r.json()


def lam(srv, method, path, body=None):
    """One Lambda REST call under /2015-03-31."""
    r = srv.http(method, "/2015-03-31" + path, body=None if body is None else json.dumps(body),
                 headers={"Content-Type": "application/json"}, timeout=60)
    if r.status >= 300:
        raise ApiError(r.status, r.body)
    return r.json() if r.body else {}


def create_python_function(srv, name, source, publish=False):
    zipped = H.make_zip({"app.py": source})
    return lam(srv, "POST", "/functions", {
        "FunctionName": name, "Runtime": "python3.12", "Handler": "app.handler", "Role": H.ROLE_ARN,
        "Code": {"ZipFile": base64.b64encode(zipped).decode()}, "Publish": publish,
        # Generous: fifteen cold python3 processes at once on a busy 2-core machine.
        "Timeout": 60})


def create_machine(srv, name, definition, **kw):
    return sfn(srv, "CreateStateMachine", name=name, roleArn=H.ROLE_ARN,
               definition=definition if isinstance(definition, str) else json.dumps(definition), **kw)


def wait_status(srv, arn, statuses=("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"), timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        d = sfn(srv, "DescribeExecution", executionArn=arn)
        if d["status"] in statuses:
            return d
        if time.monotonic() > deadline:
            raise AssertionError(f"{arn} is {d['status']}, expected one of {statuses}")
        time.sleep(0.05)


def console_server(clock="manual", extra_args=()):
    return H.Server(clock=clock, extra_args=extra_args)


class Console:
    """One headless Chromium on the console of `srv`."""

    def __init__(self, srv, test_name, timeout=20):
        self.srv = srv
        self.test_name = test_name
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="sfn-chromium-")
        opts = webdriver.ChromeOptions()
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={self._profile}"]:
            opts.add_argument(flag)
        opts.binary_location = CHROMIUM
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        except WebDriverException as e:
            shutil.rmtree(self._profile, ignore_errors=True)
            skip(f"Chromium does not start here: {e.msg}")
        self.driver.set_script_timeout(60)
        os.makedirs(SCREENSHOTS, exist_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            if exc[0] is not None:
                self.shot("failure")
        finally:
            self.driver.quit()
            shutil.rmtree(self._profile, ignore_errors=True)

    # -- navigation and waiting ------------------------------------------------------------------
    def open(self, path="/"):
        self.driver.get(self.srv.endpoint + path)

    def route(self, hash_):
        """Navigates inside the page (#/...)."""
        self.driver.execute_script("location.hash = arguments[0]", hash_)

    def until(self, fn, message="", timeout=None):
        try:
            return WebDriverWait(self.driver, timeout or self.timeout, poll_frequency=0.05).until(
                lambda d: fn())
        except TimeoutException:
            self.shot("timeout")
            raise AssertionError(f"timed out waiting: {message}\n{self.console_log()}") from None

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def wait_css(self, selector, text=None, timeout=None):
        def found():
            for el in self.css(selector):
                try:
                    if text is None or text in el.text:
                        return el
                except WebDriverException:
                    pass
            return None
        return self.until(found, f"{selector!r}" + (f" with {text!r}" if text else ""), timeout)

    def texts(self, selector):
        """The text of every element `selector` matches, read at one instant (rows that a live
        refresh replaces cannot go stale half-way)."""
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText)", selector)

    def attrs(self, selector, name):
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]))",
            selector, name)

    def click(self, selector, text=None):
        el = self.wait_css(selector, text)
        el.click()
        return el

    def state_class(self, state_name):
        """The status class of a state's group in the graph ("st-succeeded", ...)."""
        return self.driver.execute_script(
            "const g = [...document.querySelectorAll('svg.graph g.state')]"
            ".find((x) => x.dataset.state === arguments[0]);"
            "return g ? (g.getAttribute('class').match(/st-[a-z]+/) || [''])[0] : null;", state_name)

    def wait_state(self, state_name, status, timeout=None):
        self.until(lambda: self.state_class(state_name) == f"st-{status}",
                   f"state {state_name!r} to be {status} (is {self.state_class(state_name)})", timeout)

    def click_state(self, state_name):
        self.driver.execute_script(
            "[...document.querySelectorAll('svg.graph g.state')].find((x) => x.dataset.state === arguments[0])"
            ".dispatchEvent(new MouseEvent('click', {bubbles: true}))", state_name)

    def fill_dialog(self, values, submit=True):
        """Fills the open dialog's fields by name; selects take an option's value."""
        form = self.wait_css("form.dialog")
        for name, value in values.items():
            el = form.find_element(By.NAME, name)
            if el.tag_name == "select":
                Select(el).select_by_value(value)
            else:
                el.clear()
                el.send_keys(value)
        if submit:
            form.find_element(By.CSS_SELECTOR, "[data-role=submit]").click()
            self.until(lambda: not self.css("form.dialog"), "the dialog to close")

    def no_alert(self):
        try:
            alert = self.driver.switch_to.alert
        except NoAlertPresentException:
            return True
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"an alert opened: {text!r}")

    # -- evidence --------------------------------------------------------------------------------
    def shot(self, name):
        path = os.path.join(SCREENSHOTS, f"{self.test_name}-{name}.png")
        try:
            self.driver.save_screenshot(path)
            print(f"screenshot: {path}", flush=True)
        except WebDriverException:
            pass
        return path

    def console_log(self):
        try:
            return "\n".join(f"{e['level']}: {e['message']}" for e in self.driver.get_log("browser"))
        except WebDriverException:
            return ""

    def assert_clean_log(self, testcase):
        """No script errors and no Content-Security-Policy violations in the browser's log."""
        bad = [e for e in self.driver.get_log("browser")
               if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        testcase.assertEqual([], bad)
