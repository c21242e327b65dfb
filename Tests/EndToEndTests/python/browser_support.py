"""Headless Chromium for the browser scenarios (test_browser.py, test_console.py): Debian's `chromium`
and `chromium-driver`, driven by Selenium, never a browser downloaded at run time.

A missing browser or Selenium fails the scenario rather than skipping it: CI installs both (.ci/run).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:  # reported by require_browser, as a failure
    webdriver = None


def require_browser() -> tuple[str, str]:
    """The Chromium and chromedriver paths; fails the test when either (or Selenium) is missing."""
    if webdriver is None:
        pytest.fail("selenium is not installed: `python3 -m pip install selenium` (.ci/run does)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("headless Chromium is not installed: `apt-get install -y chromium chromium-driver` "
                    f"(.ci/run does); found chromium={chromium}, chromedriver={driver_path}")
    return chromium, driver_path


def start_chromium(profile: Path, *, width: int, height: int, downloads: Path | None = None):
    """A headless Chromium with its own profile directory; files it downloads go to `downloads`."""
    chromium, driver_path = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-proxy-server",
                f"--window-size={width},{height}", f"--user-data-dir={profile}", "--no-first-run"):
        options.add_argument(arg)
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for a browser online
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    if downloads is not None:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(30)
    return driver
