"""A class on one laptop: N pages of the teaching app on one server, stepped together.

    uv run python benchmarks/app_class.py [--pages 1 5 15 30] [--steps 5]

For each N it starts `waardenmakerij-app` on a free port of 127.0.0.1 and opens N pages at
once in headless Chromium (Debian's, one browser context per page: N students). Each page
then gets a seed of its own (students explore different conditions, so no page can borrow
another's figures), and all pages click Step together, `--steps` times. Per page it measures:

- first render: from opening the page until its six figures are shown (a page that does not
  show them within `--timeout` counts as not shown, with a screenshot in test-artifacts/);
- step and redraw: from the click until the week counter shows the next week and no figure
  changed for `QUIET_S` seconds (the time of the last change counts).

Server memory (RSS of the server process): idle before the first page, peak (the kernel's
high-water mark), and after the pages are closed as a tab closes (Solara's close beacon),
once the server holds no session, and the server's CPU seconds per page for opening and per
page and step. The browsers stand in for the students' laptops but share the server's two
cores here (`--nice` lowers their priority), so the server's CPU seconds tell the server's
own cost apart. The table is printed and written to benchmarks/app_class.csv; the server's log
goes to test-artifacts/app_class-server.log.
"""

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, emit, load
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"  # the server's log (git-ignored)
VIEWPORT = {"width": 1366, "height": 768}
QUIET_S = 2.0
SIX_FIGURES = "document.querySelectorAll('img.wm-figure').length >= 6"

#: Records the time of the last change of a figure or of the week counter.
WATCH = """() => {
    window.wmLast = performance.now();
    new MutationObserver(() => { window.wmLast = performance.now(); }).observe(
        document.body, {subtree: true, attributes: true, attributeFilter: ['src'],
                        childList: true, characterData: true});
}"""
WEEK = "() => parseInt(document.querySelector('.wm-week').innerText.match(/Week (\\d+)/)[1])"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """Resident memory (VmRSS) or its peak (VmHWM) of a process, MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def cpu_s(pid: int) -> float:
    """CPU seconds (user and system) the process used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sessions(url: str) -> dict:
    import json

    with urllib.request.urlopen(url + "_waardenmakerij/sessions", timeout=10) as r:
        return json.load(r)


def start_server(port: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sim.app.cli", "--port", str(port), "--lang", "en"]
    proc = subprocess.Popen([*cmd, "--no-browser"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return proc
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not answer within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def nice_chromium(nice: int) -> str:
    """A wrapper that starts Debian's chromium (and so all its processes) at `nice`."""
    path = Path(tempfile.gettempdir()) / f"chromium-nice-{nice}"
    path.write_text(f'#!/bin/sh\nexec nice -n {nice} {CHROMIUM} "$@"\n')
    path.chmod(0o755)
    return str(path)


async def open_page(browser, url: str, timeout_s: float):
    """(page, seconds to its six figures), or (None, None) if they did not show in time."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_function(SIX_FIGURES, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        await page.screenshot(path=str(ARTIFACTS / "app_class-not-shown.png"))
        await context.close()
        return None, None
    return page, time.perf_counter() - start


async def set_seed(page, seed: int, timeout_s: float) -> None:
    """Click the seed slider's track where `seed` is and wait for the new model's figures."""
    track = page.locator(".wm-seed .v-slider__track-container")
    box = await track.bounding_box()
    await track.click(position={"x": box["width"] * (seed - 1) / 99, "y": box["height"] / 2})
    await page.wait_for_function(
        f"document.querySelector('.wm-command').innerText.includes('seed={seed}')",
        timeout=timeout_s * 1000,
    )
    await page.wait_for_function(SIX_FIGURES, timeout=timeout_s * 1000)


def seeds(n: int) -> list[int]:
    """`n` different seeds spread over the slider (1 to 100), none under the thumb at the
    default 42 (the thumb takes a click within about 4 of it, not the track)."""
    spread = [1 + round(99 * (i + 0.5) / n) for i in range(n)]
    return [s - 5 if 38 <= s < 42 else s + 5 if 42 <= s <= 46 else s for s in spread]


OVERLAY = "document.querySelector('.v-overlay--active') === null"
overlays = 0  # Step clicks that had to wait for an overlay (Solara reconnecting) to go


async def step(page, timeout_s: float) -> float:
    """Click Step; seconds until the next week shows and the figures stopped changing."""
    global overlays
    if not await page.evaluate(OVERLAY):
        overlays += 1
        await page.screenshot(path=str(ARTIFACTS / "app_class-overlay.png"))
        await page.wait_for_function(OVERLAY, timeout=timeout_s * 1000)
    week = await page.evaluate(WEEK)
    start = await page.evaluate("() => performance.now()")
    await page.get_by_role("button", name="Step").click(timeout=timeout_s * 1000)
    await page.wait_for_function(f"({WEEK})() > {week}", timeout=timeout_s * 1000)
    while True:
        now, last = await page.evaluate("() => [performance.now(), window.wmLast]")
        if now - last >= QUIET_S * 1000:
            return (last - start) / 1000
        await asyncio.sleep(0.2)


async def close(page) -> None:
    """Close the page as a tab is closed: beforeunload runs and sends Solara's close beacon."""
    context = page.context
    await page.close(run_before_unload=True)
    await context.close()


async def wait_for_no_sessions(url: str, timeout_s: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if sessions(url)["models"] == 0:
            return time.perf_counter() - start
        await asyncio.sleep(0.5)
    return float("nan")


async def run_class(n: int, steps: int, nice: int, timeout_s: float, log) -> dict:
    global overlays
    overlays = 0
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = start_server(port, log)
    try:
        time.sleep(2)
        idle = rss_mib(proc.pid)
        load_before = load()
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=nice_chromium(nice),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            cpu = cpu_s(proc.pid)
            opened = await asyncio.gather(*(open_page(browser, url, timeout_s) for _ in range(n)))
            open_cpu = (cpu_s(proc.pid) - cpu) / n
            pages = [page for page, _ in opened if page is not None]
            first = [seconds for page, seconds in opened if page is not None]
            await asyncio.gather(
                *(set_seed(page, s, timeout_s) for page, s in zip(pages, seeds(n), strict=False))
            )
            await asyncio.gather(*(page.evaluate(WATCH) for page in pages))
            stepped = []
            cpu = cpu_s(proc.pid)
            for _ in range(steps):
                stepped += await asyncio.gather(*(step(page, timeout_s) for page in pages))
            step_cpu = (cpu_s(proc.pid) - cpu) / (len(pages) * steps)
            models_open = sessions(url)["models"]
            load_during = load()
            await asyncio.gather(*(close(page) for page in pages))
            freed_s = await wait_for_no_sessions(url, 120)
            await browser.close()
        time.sleep(2)
        after = rss_mib(proc.pid)
        peak = rss_mib(proc.pid, "VmHWM")
    finally:
        stop_server(proc)
    return {
        "pages": n,
        "not_shown": n - len(pages),
        "first_render_median_s": round(statistics.median(first), 2),
        "first_render_max_s": round(max(first), 2),
        "step_redraw_median_s": round(statistics.median(stepped), 2),
        "step_redraw_max_s": round(max(stepped), 2),
        "server_cpu_open_s": round(open_cpu, 2),
        "server_cpu_step_s": round(step_cpu, 3),
        "models_open": models_open,
        "overlay_waits": overlays,
        "idle_mib": round(idle),
        "peak_mib": round(peak),
        "after_close_mib": round(after),
        "after_vs_idle_pct": round(100 * (after - idle) / idle, 1),
        "freed_after_s": round(freed_s, 1),
        "load_before": load_before,
        "load_during": load_during,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[30])
    parser.add_argument("--steps", type=int, default=5, help="Step clicks per page (default 5)")
    parser.add_argument("--nice", type=int, default=0, help="nice of the browsers (default 0)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per page action")
    args = parser.parse_args()
    rows = []
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "app_class-server.log"
    with log_path.open("w") as log:
        for n in args.pages:
            rows.append(asyncio.run(run_class(n, args.steps, args.nice, args.timeout, log)))
            print(rows[-1], flush=True)
    emit(rows, "app_class", note=f"steps per page {args.steps}, browsers at nice {args.nice}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
