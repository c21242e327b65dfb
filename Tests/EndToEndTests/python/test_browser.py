"""A real browser against Pail: headless Chromium (Debian's `chromium` and `chromium-driver`) driven
by Selenium, with pages served from other origins (loopback ports of their own).

From the origin the bucket's CORS rules allow, a page uploads a file through a presigned POST form
(boto3 generate_presigned_post, success_action_redirect back to the page's origin), uploads another
with fetch() PUT to a presigned URL (the browser's preflight OPTIONS shows in Pail's access log), and
downloads both back with fetch() to compare. From an origin the rules do not allow, the browser
refuses the same fetch() calls. Screenshots go to $PAIL_E2E_ARTIFACTS (or a temp directory), never
into the repository.

This test is not skipped when the browser is missing: CI installs it (.ci/run), so its absence is a
failure to report.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import tempfile
import threading
import time
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser_support import require_browser, start_chromium
from pail_e2e import PailServer, unique_bucket

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # reported by require_browser, as a failure
    pass


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Origin:
    """A static web server on its own loopback port: one browser origin."""

    def __init__(self, name: str, root: Path):
        self.root = root / name
        self.root.mkdir(parents=True)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(self.root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True, name=f"origin-{name}").start()

    def page(self, name: str, body: str) -> str:
        (self.root / name).write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{name}</title></head>"
                                      f"<body style='font-family:sans-serif'>{body}</body></html>", "utf-8")
        return f"{self.url}/{name}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# Runs in the page: PUT `put` (a presigned URL) with `content`, then GET `get` (presigned); reports
# what the page could see, or the error fetch() rejected with. Shown on the page for the screenshot.
FETCH_SCRIPT = """
const [put, get, content, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const out = {};
const show = () => { document.getElementById('out').textContent = JSON.stringify(out, null, 2); };
(async () => {
  if (put) {
    try {
      const r = await fetch(put, {method: 'PUT', body: content, headers: {'Content-Type': 'text/plain'}});
      out.putStatus = r.status; out.putETag = r.headers.get('ETag');
    } catch (e) { out.putError = String(e); }
  }
  try {
    const g = await fetch(get);
    out.getStatus = g.status; out.getBody = await g.text();
  } catch (e) { out.getError = String(e); }
  show(); done(out);
})();
"""


@pytest.fixture(scope="module")
def browser_env(tmp_path_factory):
    require_browser()
    if os.environ.get("PAIL_E2E_ENDPOINT"):
        pytest.skip("reads the access log of a pail process of its own (PAIL_E2E_ENDPOINT is set)")
    tmp = tmp_path_factory.mktemp("browser")
    artifacts = Path(os.environ.get("PAIL_E2E_ARTIFACTS") or tempfile.mkdtemp(prefix="pail-browser-artifacts-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    server = PailServer(tmp / "data", tmp, extra_args=("--access-log",)).start()
    app, other = Origin("app", tmp), Origin("other", tmp)
    driver = start_chromium(tmp / "profile", width=1100, height=800)
    driver.set_script_timeout(30)
    print(f"\nbrowser screenshots: {artifacts}")
    env = {"server": server, "app": app, "other": other, "driver": driver, "artifacts": artifacts, "tmp": tmp}
    try:
        yield env
    finally:
        driver.quit()
        app.close()
        other.close()
        server.stop()


@pytest.fixture(scope="module")
def site_bucket(browser_env):
    s3 = browser_env["server"].client()
    name = unique_bucket("web")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": [browser_env["app"].url], "AllowedMethods": ["GET", "PUT", "POST", "HEAD"],
        "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 5}]})
    return name


def screenshot(env, name: str):
    path = env["artifacts"] / f"{name}.png"
    env["driver"].save_screenshot(str(path))
    assert path.stat().st_size > 0


def access_log(env) -> list[str]:
    return env["server"].log_path.read_text("utf-8", "replace").splitlines()


def run_fetch(env, origin: Origin, page: str, put: str | None, get: str, content: str) -> dict:
    driver = env["driver"]
    driver.get(origin.page(page, f"<h1>{html.escape(page)} on {origin.url}</h1><pre id='out'>running…</pre>"))
    return driver.execute_async_script(FETCH_SCRIPT, put, get, content)


def test_form_upload_then_fetch_put_and_download_from_allowed_origin(browser_env, site_bucket):
    env, driver = browser_env, browser_env["driver"]
    s3, app = env["server"].client(), env["app"]

    # 1. A presigned POST form, filled in and submitted by the browser.
    content = b"uploaded by a real browser through a POST form\n" + os.urandom(2048).hex().encode()
    upload = env["tmp"] / "holiday notes.txt"
    upload.write_bytes(content)
    redirect = f"{app.url}/done.html"
    post = s3.generate_presigned_post(site_bucket, "forms/${filename}", ExpiresIn=600,
                                      Fields={"success_action_redirect": redirect, "Content-Type": "text/plain"},
                                      Conditions=[{"success_action_redirect": redirect}, ["starts-with", "$Content-Type", "text/"],
                                                  ["content-length-range", 1, 1 << 20]])
    hidden = "".join(f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>" for k, v in post["fields"].items())
    form_url = app.page("form.html", f"<h1>Upload to {html.escape(site_bucket)}</h1>"
                                     f"<form id='f' action='{html.escape(post['url'])}' method='post' enctype='multipart/form-data'>"
                                     f"{hidden}<input type='file' name='file' id='file'><input type='submit' value='Upload'></form>")
    app.page("done.html", "<h1>Upload done</h1><pre id='q'></pre><script>document.getElementById('q').textContent="
                          "decodeURIComponent(location.search);</script>")
    driver.get(form_url)
    driver.find_element(By.ID, "file").send_keys(str(upload))
    screenshot(env, "1-form-filled")
    driver.find_element(By.ID, "f").submit()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.startswith(redirect))
    screenshot(env, "2-form-redirected")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).query))
    assert query["bucket"] == site_bucket
    assert query["key"] == "forms/holiday notes.txt"
    assert query["etag"] == f'"{hashlib.md5(content).hexdigest()}"'
    stored = s3.get_object(Bucket=site_bucket, Key="forms/holiday notes.txt")
    assert stored["Body"].read() == content
    assert stored["ContentType"] == "text/plain"

    # 2. fetch() PUT to a presigned URL (a preflight first), then fetch() GET it and the form's file back.
    text = "put by fetch() from " + app.url + " " + os.urandom(16).hex()
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": site_bucket, "Key": "fetched.txt", "ContentType": "text/plain"})
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": site_bucket, "Key": "fetched.txt"})
    before = len(access_log(env))
    seen = run_fetch(env, app, "fetch.html", put_url, get_url, text)
    screenshot(env, "3-fetch-allowed-origin")
    assert seen.get("putStatus") == 200, seen
    assert seen["putETag"] == f'"{hashlib.md5(text.encode()).hexdigest()}"'  # readable: ETag is exposed
    assert (seen.get("getStatus"), seen.get("getBody")) == (200, text), seen
    assert s3.get_object(Bucket=site_bucket, Key="fetched.txt")["Body"].read() == text.encode()

    form_get = s3.generate_presigned_url("get_object", Params={"Bucket": site_bucket, "Key": "forms/holiday notes.txt"})
    seen = run_fetch(env, app, "download.html", None, form_get, "")
    assert (seen.get("getStatus"), seen.get("getBody")) == (200, content.decode()), seen
    screenshot(env, "4-download-allowed-origin")

    # The browser asked first: OPTIONS for the object, allowed, then the PUT.
    path = f"/{site_bucket}/fetched.txt"
    lines = access_log(env)[before:]
    preflights = [i for i, line in enumerate(lines) if f" OPTIONS {path}?" in line and " 200 " in line]
    puts = [i for i, line in enumerate(lines) if f" PUT {path}?" in line and " 200 " in line]
    assert preflights and puts and preflights[0] < puts[0], "\n".join(lines)


def test_origin_not_in_the_rules_is_refused_by_the_browser(browser_env, site_bucket):
    env = browser_env
    s3, other = env["server"].client(), env["other"]
    s3.put_object(Bucket=site_bucket, Key="private.txt", Body=b"only for the app")
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": site_bucket, "Key": "private.txt", "ContentType": "text/plain"})
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": site_bucket, "Key": "private.txt"})
    before = len(access_log(env))
    seen = run_fetch(env, other, "fetch.html", put_url, get_url, "overwritten by another origin")
    screenshot(env, "5-fetch-refused-origin")
    # fetch() rejects (a TypeError, "Failed to fetch") for both: the preflight was refused, and the
    # GET's answer carried no Access-Control-Allow-Origin for this origin.
    assert "putStatus" not in seen and "TypeError" in seen.get("putError", ""), seen
    assert "getStatus" not in seen and "TypeError" in seen.get("getError", ""), seen
    # The PUT was never sent: the object is unchanged, and the log shows the refused preflight only.
    assert s3.get_object(Bucket=site_bucket, Key="private.txt")["Body"].read() == b"only for the app"
    lines = access_log(env)[before:]
    path = f"/{site_bucket}/private.txt"
    assert any(f" OPTIONS {path}?" in line and " 403 " in line for line in lines), "\n".join(lines)
    assert not any(f" PUT {path}?" in line for line in lines), "\n".join(lines)
