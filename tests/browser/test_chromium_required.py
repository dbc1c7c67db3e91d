"""Without Chromium the browser tests fail; they never skip, so a CI run without a
browser cannot pass unnoticed. This test needs no browser itself: a child pytest runs a
test that asks for the `browser` fixture, with CHROMIUM_PATH pointing nowhere."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MISSING = "/nonexistent/chromium"
NEEDS_A_BROWSER = """
import pytest


@pytest.mark.browser
def test_needs_a_browser(browser):
    pass
"""


def test_browser_tests_fail_rather_than_skip_without_chromium(tmp_path):
    (tmp_path / "test_needs_a_browser.py").write_text(NEEDS_A_BROWSER)
    env = {**os.environ, "CHROMIUM_PATH": MISSING}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    child = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider"),
            *("-p", "tests.browser.conftest", "-c", ROOT / "pyproject.toml"),
            *("--rootdir", ROOT, tmp_path / "test_needs_a_browser.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    output = child.stdout + child.stderr
    assert child.returncode == 1, output
    assert "1 error" in output, output
    assert "skipped" not in output, output
    assert f"The browser tests need Chromium at {MISSING}" in output, output
