"""The web console (`/_pail/console`, and `/` on `--console-address`) in a real browser: headless
Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium against a real `pail`.

The page signs every request itself (SigV4 over Web Crypto). The scenarios sign in, create a bucket,
upload by drag-and-drop (a DataTransfer dropped on the drop zone: the drop handler is the code path),
see objects listed a page at a time, download one and compare the bytes, presign a GET and fetch it with
urllib, see metadata, tags and versions, upload 20 MiB as multipart with progress to 100%, add a 503
fault rule from the form and see it fire in the live view, and do the same through the console's own
listener. Screenshots go to Tests/EndToEndTests/artifacts/console (git-ignored) or $PAIL_E2E_ARTIFACTS.

Not skipped when the browser is missing: CI installs it (.ci/run), so its absence is a failure.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pail_e2e import PailServer, unique_bucket

from browser_support import require_browser, start_chromium

try:
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # reported by require_browser, as a failure
    pass

ARTIFACTS = Path(os.environ.get("PAIL_E2E_ARTIFACTS") or Path(__file__).resolve().parent.parent / "artifacts") / "console"

# Runs in the page: builds a File (text, or `size` bytes of a fixed pseudo-random pattern), drops it
# on the drop zone as a browser drop would, and answers the SHA-256 of what was dropped.
DROP_SCRIPT = """
const [name, text, size, done] = arguments;
(async () => {
  let bytes;
  if (text !== null) bytes = new TextEncoder().encode(text);
  else {
    bytes = new Uint8Array(size);
    let x = 20260101;
    for (let i = 0; i < size; i++) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; bytes[i] = (x >>> 16) & 255; }
  }
  const file = new File([bytes], name, { type: text !== null ? 'text/plain' : 'application/octet-stream' });
  const dt = new DataTransfer();
  dt.items.add(file);
  const zone = document.getElementById('drop-zone');
  zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  const taken = !zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  done({ taken, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') });
})();
"""


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    require_browser()
    if os.environ.get("PAIL_E2E_ENDPOINT"):
        pytest.skip("needs a pail process of its own with a console listener (PAIL_E2E_ENDPOINT is set)")
    tmp = tmp_path_factory.mktemp("console")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    downloads = tmp / "downloads"
    downloads.mkdir()
    server = PailServer(tmp / "data", tmp, extra_args=("--console-address", "127.0.0.1:0")).start()
    banner = re.search(r"console:\s+(http://\S+/)\s*$", server.log_path.read_text("utf-8"), re.M)
    assert banner, server.log_tail()
    driver = start_chromium(tmp / "profile", width=1280, height=900, downloads=downloads)
    print(f"\nconsole screenshots: {ARTIFACTS}")
    env = {"server": server, "driver": driver, "downloads": downloads, "console_url": banner.group(1),
           "page": f"{server.endpoint}/_pail/console"}
    try:
        yield env
    finally:
        driver.quit()
        server.stop()


def shot(env, name: str):
    path = ARTIFACTS / f"{name}.png"
    env["driver"].save_screenshot(str(path))
    assert path.stat().st_size > 0


def wait(env, condition, timeout: float = 20, what: str = ""):
    try:
        # Rows are replaced as listings arrive: an element gone between finding and reading it is retried.
        return WebDriverWait(env["driver"], timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition(d))
    except TimeoutException:
        env["driver"].save_screenshot(str(ARTIFACTS / f"failed-{re.sub(r'[^a-z0-9]+', '-', what)}.png"))
        status = env["driver"].find_element(By.ID, "status").text
        logs = env["driver"].get_log("browser") if hasattr(env["driver"], "get_log") else []
        raise AssertionError(f"timed out waiting for {what}; status line: {status!r}; browser log: {logs}")


def css(env, selector: str):
    found = env["driver"].find_elements(By.CSS_SELECTOR, selector)
    return found[0] if found else None


def click(env, selector: str, what: str):
    """Clicks `selector` once it exists, again if a new listing replaced it under the click."""
    wait(env, lambda d: (lambda e: e is not None and (e.click() or True))(css(env, selector)), what=what)


def sign_in(env, url: str):
    driver = env["driver"]
    driver.get(url)
    driver.execute_script("sessionStorage.clear()")
    driver.get(url)
    wait(env, lambda d: d.execute_script("return document.body.dataset.ready") == "true", what="the page's scripts")
    driver.find_element(By.ID, "signin-key").send_keys(env["server"].access_key)
    driver.find_element(By.ID, "signin-secret").send_keys(env["server"].secret_key)
    driver.find_element(By.ID, "signin-button").click()
    wait(env, lambda d: d.find_element(By.ID, "tabs").is_displayed(), what="sign-in")


def open_bucket(env, bucket: str):
    click(env, f'#bucket-list button[data-bucket="{bucket}"]', f"bucket {bucket} listed")
    wait(env, lambda d: d.find_element(By.ID, "bucket-pane").is_displayed(), what="the bucket pane")


def drop(env, name: str, text: str | None = None, size: int = 0) -> str:
    result = env["driver"].execute_async_script(DROP_SCRIPT, name, text, size)
    assert result["taken"], "the drop zone did not take the drop (preventDefault not called)"
    return result["sha256"]


def upload_state(env, key: str, states=("done", "failed"), timeout: float = 30) -> dict:
    row = wait(env, lambda d: (lambda r: r if r and r.get_attribute("data-state") in states else None)(
        css(env, f'#uploads li[data-key="{key}"]')), timeout, what=f"upload of {key}")
    return {k: row.get_attribute(f"data-{k}") for k in ("state", "percent", "parts", "multipart")} | {"text": row.text}


def download_file(env, name: str, timeout: float = 20) -> bytes:
    path = env["downloads"] / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and not list(env["downloads"].glob("*.crdownload")):
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"{name} not downloaded; downloads: {list(env['downloads'].iterdir())}")


def test_page_has_strict_policy_and_typed_files(console):
    with urllib.request.urlopen(console["page"]) as r:
        html = r.read().decode()
        assert r.headers["Content-Type"] == "text/html; charset=utf-8"
        policy = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert '<meta name="viewport"' in html
    # Every script is a file of the console's own: no inline code, nothing from another origin.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/_pail/console/' in attrs and not body.strip() for attrs, body in scripts)
    assert "http://" not in html and "https://" not in html
    for name, kind in (("app.js", "text/javascript"), ("sigv4.js", "text/javascript"), ("console.css", "text/css")):
        with urllib.request.urlopen(f"{console['page']}/{name}") as r:
            assert r.headers["Content-Type"].startswith(kind)
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{console['page']}/nope.js")
    assert missing.value.code == 404


def test_sign_in_create_bucket_drop_list_details_download_presign(console):
    env, driver, s3 = console, console["driver"], console["server"].client()
    sign_in(env, env["page"])
    shot(env, "1-signed-in")
    bucket = unique_bucket("console")
    console["bucket"] = bucket
    driver.find_element(By.ID, "bucket-name").send_keys(bucket)
    driver.find_element(By.ID, "bucket-create-button").click()
    wait(env, lambda d: d.find_element(By.ID, "bucket-pane").is_displayed(), what="the new bucket opened")
    assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

    content = "dropped on the Pail console\n" + os.urandom(24).hex() + "\n"
    sha = drop(env, "hello console.txt", text=content)
    assert sha == hashlib.sha256(content.encode()).hexdigest()
    state = upload_state(env, "hello console.txt")
    assert state["state"] == "done" and state["percent"] == "100", state
    assert s3.get_object(Bucket=bucket, Key="hello console.txt")["Body"].read() == content.encode()
    wait(env, lambda d: css(env, '#object-table button[data-key="hello console.txt"]'), what="the object listed")
    shot(env, "2-uploaded-and-listed")

    # A second version and tags, written by boto3, shown by the page's HEAD, tagging and versions calls.
    s3.put_object_tagging(Bucket=bucket, Key="hello console.txt",
                          Tagging={"TagSet": [{"Key": "colour", "Value": "teal"}, {"Key": "owner", "Value": "console test"}]})
    first_version = s3.head_object(Bucket=bucket, Key="hello console.txt")["VersionId"]
    second_version = s3.put_object(Bucket=bucket, Key="hello console.txt", Body=content.encode(), ContentType="text/plain")["VersionId"]
    s3.put_object_tagging(Bucket=bucket, Key="hello console.txt",
                          Tagging={"TagSet": [{"Key": "colour", "Value": "teal"}, {"Key": "owner", "Value": "console test"}]})
    click(env, '#object-table button[data-key="hello console.txt"]', "hello console.txt listed")
    wait(env, lambda d: "teal" in d.find_element(By.ID, "details-tags").text, what="tags")
    meta = driver.find_element(By.ID, "details-meta").text
    assert "content-length" in meta and str(len(content.encode())) in meta
    assert hashlib.md5(content.encode()).hexdigest() in meta and "text/plain" in meta
    assert "owner" in driver.find_element(By.ID, "details-tags").text
    versions = driver.find_element(By.ID, "details-versions").text
    assert first_version in versions and second_version in versions
    assert second_version in driver.find_element(By.ID, "details-meta").text  # HEAD names the latest
    shot(env, "3-details")

    driver.find_element(By.ID, "download").click()
    assert download_file(env, "hello console.txt") == content.encode()

    expires = driver.find_element(By.ID, "presign-expires")
    expires.clear()
    expires.send_keys("120")
    driver.find_element(By.ID, "presign-button").click()
    link = wait(env, lambda d: (lambda a: a if a.is_displayed() else None)(d.find_element(By.ID, "presign-link")), what="the link")
    url = link.get_attribute("href")
    assert "X-Amz-Expires=120" in url and "X-Amz-Signature=" in url and "hello%20console.txt" in url
    with urllib.request.urlopen(url) as r:  # no credentials: the URL alone
        assert r.read() == content.encode()
    tampered = url.replace("X-Amz-Expires=120", "X-Amz-Expires=121")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(tampered)
    assert refused.value.code == 403
    shot(env, "4-presigned")


def test_prefixes_and_pages(console):
    env, driver, s3 = console, console["driver"], console["server"].client()
    bucket = console["bucket"]
    for i in range(7):
        s3.put_object(Bucket=bucket, Key=f"dir/item-{i}.txt", Body=b"x" * i)
    Select(driver.find_element(By.ID, "page-size")).select_by_visible_text("5")  # lists again
    click(env, '#object-table button[data-prefix="dir/"]', "the dir/ prefix")
    names = lambda: [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#object-table button[data-key]")]
    wait(env, lambda d: names() == [f"item-{i}.txt" for i in range(5)], what="the first page of dir/")
    assert driver.find_element(By.ID, "next-page").is_displayed()
    shot(env, "5-first-page")
    driver.find_element(By.ID, "next-page").click()
    wait(env, lambda d: names() == ["item-5.txt", "item-6.txt"], what="the second page")
    assert not driver.find_element(By.ID, "next-page").is_displayed()
    assert "dir" in driver.find_element(By.ID, "crumbs").text


def test_large_file_goes_multipart_with_progress(console):
    env, s3 = console, console["server"].client()
    bucket = console["bucket"]
    size = 20 * 1024 * 1024
    sha = drop(env, "big.bin", size=size)
    state = upload_state(env, "dir/big.bin", timeout=180)
    shot(env, "6-multipart-done")
    assert state == {"state": "done", "percent": "100", "parts": "3", "multipart": "true", "text": state["text"]}, state
    head = s3.head_object(Bucket=bucket, Key="dir/big.bin")
    assert head["ContentLength"] == size
    assert head["ETag"].endswith('-3"'), head["ETag"]  # three parts of 8, 8 and 4 MiB
    body = s3.get_object(Bucket=bucket, Key="dir/big.bin")["Body"].read()
    assert hashlib.sha256(body).hexdigest() == sha


def test_fault_rule_from_form_fires_in_live_view(console):
    env, driver, s3 = console, console["driver"], console["server"].client()
    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="faults"]').click()
    driver.find_element(By.ID, "fault-id").send_keys("console-503")
    driver.find_element(By.ID, "fault-operations").send_keys("PutObject")
    Select(driver.find_element(By.ID, "fault-type")).select_by_visible_text("error")
    code = driver.find_element(By.ID, "fault-code")
    code.clear()
    code.send_keys("SlowDown")
    driver.find_element(By.ID, "fault-status").send_keys("503")
    driver.find_element(By.ID, "fault-add").click()
    wait(env, lambda d: css(env, '#fault-rules tr[data-rule="console-503"]'), what="the rule listed")
    shot(env, "7-fault-rule")

    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="objects"]').click()
    drop(env, "refused.txt", text="this PUT meets a 503")
    state = upload_state(env, "dir/refused.txt")
    assert state["state"] == "failed" and "503" in state["text"] and "SlowDown" in state["text"], state

    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="live"]').click()
    row = wait(env, lambda d: css(env, '#live-table tr[data-status="503"]'), what="the 503 in the live view")
    assert "console-503" in row.find_element(By.CSS_SELECTOR, "td.faults").text
    assert "PutObject" in row.text and "dir/refused.txt" in row.text
    shot(env, "8-live-view")
    # Updated as requests happen: one made now by another client shows up within a few polls.
    probe = "live-probe-" + os.urandom(4).hex()
    with pytest.raises(Exception):
        s3.head_object(Bucket=console["bucket"], Key=probe)
    wait(env, lambda d: any(probe in r.text and r.get_attribute("data-status") == "404"
                            for r in d.find_elements(By.CSS_SELECTOR, "#live-table tr")), timeout=5,
         what="a new request in the live view")

    driver.find_element(By.CSS_SELECTOR, '#tabs button[data-tab="faults"]').click()
    wait(env, lambda d: "console-503" in d.find_element(By.ID, "fault-log").text, what="the fault log")
    click(env, 'button[data-remove="console-503"]', "the rule's remove button")
    wait(env, lambda d: not css(env, '#fault-rules tr[data-rule="console-503"]'), what="the rule removed")
    s3.put_object(Bucket=console["bucket"], Key="after-removal.txt", Body=b"ok")


def test_delete_object_then_bucket(console):
    env, driver, s3 = console, console["driver"], console["server"].client()
    sign_in(env, console["page"])
    bucket = unique_bucket("doomed")
    driver.find_element(By.ID, "bucket-name").send_keys(bucket)
    driver.find_element(By.ID, "bucket-create-button").click()
    wait(env, lambda d: css(env, f'#bucket-list button.active[data-bucket="{bucket}"]'), what="the new bucket opened")
    drop(env, "short-lived.txt", text="soon gone")
    assert upload_state(env, "short-lived.txt")["state"] == "done"
    click(env, '#object-table button[data-key="short-lived.txt"]', "short-lived.txt listed")
    wait(env, lambda d: d.find_element(By.ID, "details").is_displayed(), what="details")
    driver.find_element(By.ID, "object-delete").click()
    driver.switch_to.alert.accept()  # "Delete bucket/key?"
    wait(env, lambda d: not d.find_element(By.ID, "details").is_displayed()
         and not css(env, '#object-table button[data-key="short-lived.txt"]'), what="the object gone from the list")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    driver.find_element(By.ID, "bucket-delete").click()
    driver.switch_to.alert.accept()
    wait(env, lambda d: not css(env, f'#bucket-list button[data-bucket="{bucket}"]'), what="the bucket gone from the list")
    assert bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert driver.find_element(By.ID, "no-bucket").is_displayed()

def test_console_listener_serves_page_and_proxies_api(console):
    env, driver, s3 = console, console["driver"], console["server"].client()
    url = console["console_url"]
    with urllib.request.urlopen(url) as r:
        assert "Content-Security-Policy" in r.headers and b'content="/_pail/api"' in r.read()
    with pytest.raises(urllib.error.HTTPError) as other:
        urllib.request.urlopen(url + "anything-else")
    assert other.value.code == 404
    sign_in(env, url)
    open_bucket(env, console["bucket"])
    content = "through the console listener " + os.urandom(8).hex()
    drop(env, "via-listener.txt", text=content)
    assert upload_state(env, "via-listener.txt")["state"] == "done"
    assert s3.get_object(Bucket=console["bucket"], Key="via-listener.txt")["Body"].read() == content.encode()
    click(env, '#object-table button[data-key="via-listener.txt"]', "via-listener.txt listed")
    wait(env, lambda d: d.find_element(By.ID, "details").is_displayed(), what="details")
    driver.find_element(By.ID, "download").click()
    assert download_file(env, "via-listener.txt") == content.encode()
    driver.find_element(By.ID, "presign-button").click()
    link = wait(env, lambda d: (lambda a: a if a.is_displayed() else None)(d.find_element(By.ID, "presign-link")), what="the link")
    presigned = link.get_attribute("href")
    assert presigned.startswith(url + "_pail/api/")
    with urllib.request.urlopen(presigned) as r:
        assert r.read() == content.encode()
    shot(env, "9-console-listener")


def test_phone_width_has_no_sideways_scroll(console):
    env, driver = console, console["driver"]
    sign_in(env, console["page"])
    open_bucket(env, console["bucket"])
    driver.set_window_size(390, 844)
    try:
        for tab in ("objects", "faults", "live"):
            driver.find_element(By.CSS_SELECTOR, f'#tabs button[data-tab="{tab}"]').click()
            time.sleep(0.3)
            page_width, viewport = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert page_width <= viewport, f"{tab}: page {page_width}px wide in a {viewport}px viewport"
            shot(env, f"10-phone-{tab}")
    finally:
        driver.set_window_size(1280, 900)
