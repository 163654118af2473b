#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The report as a person sees it: headless Chromium opens report.html.

Runs `brink forecast` (which writes report.html) and `brink compare --out` (report.html with a
comparison section) into WORK, then opens each page from disk in Debian's headless Chromium
through chromium-driver (python3-selenium) and checks:

- the page loads with no console message of level SEVERE (errors, CSP violations);
- it asked for no resource at all (no network, no CDN; the performance timeline is empty) and
  holds no <script>: it reads the same without JavaScript;
- every chart the forecast calls for is there, one per non-constant indicator series, per
  modelled event question and per issue with positions (counted from forecast.json here, not by
  the page), and every chart is visible, has a title, axis labels and drawn marks with a non-empty
  box; every question with a reference forecast has a visible reference marker on its bar;
- the comparison page has its section and overlaid fans;

and saves screenshots into WORK: the top of each page (report.png, compare.png) and as much of
the whole page as fits in 8,000 px (report-full.png, compare-full.png). With --readme PATH it also
saves the top of the comparison page at 1200 x 1500 to PATH (docs/img/report.png).

Nothing comes from the network. Without chromium, chromium-driver or python3-selenium the test
FAILS (exit 1) and says what to install: scripts/deps.sh installs them.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def die(msg):
    print("brink: browser test: " + msg, file=sys.stderr)
    sys.exit(1)


def need_browser():
    missing = [p for p in (CHROMIUM, DRIVER) if not os.access(p, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python3-selenium (for " + sys.executable + ")")
    if missing:
        die("missing " + ", ".join(missing) + "; install the Debian packages chromium, "
            "chromium-driver and python3-selenium (scripts/deps.sh does, with "
            "--no-install-recommends)")


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        die("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return p.stdout


def expected_charts(forecast):
    """Charts the page must hold, counted from forecast.json independently of the writer."""
    fans, issues = 0, set()
    for s in forecast["bands"]["series"]:
        if "issue" in s:
            issues.add(s["issue"])
            continue
        lo, hi = s["q05"], s["q95"]
        const = all(a == b == lo[0] for a, b in zip(lo, hi))
        fans += 0 if const else 1
    months = sum(1 for q in forecast["questions"] if q["kind"] == "event" and q["modelled"])
    return {"fan": fans, "month": months, "pos": len(issues)}


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opt = webdriver.ChromeOptions()
    opt.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1200,1500", "--hide-scrollbars", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions", "--proxy-server=127.0.0.1:9",
              "--force-device-scale-factor=1"):
        opt.add_argument(a)
    opt.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opt)
    drv.set_page_load_timeout(180)
    drv.set_script_timeout(180)
    return drv


CHECK_JS = r"""
const out = {charts: {}, bad: [], resources: performance.getEntriesByType('resource').length,
             scripts: document.scripts.length};
for (const svg of document.querySelectorAll('svg.chart')) {
  const kind = (svg.id || 'none').split('-')[0];
  out.charts[kind] = (out.charts[kind] || 0) + 1;
  const r = svg.getBoundingClientRect();
  const title = svg.querySelector('title');
  const marks = svg.querySelectorAll('path, polygon, rect');
  let drawn = 0;
  for (const m of marks) { const b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; }
  const labels = svg.querySelectorAll('.x-labels text, .y-labels text').length;
  const nodata = svg.querySelector('.no-data') !== null;
  if (!(r.width > 100 && r.height > 50)) out.bad.push(svg.id + ': not visible');
  if (!title || !title.textContent.trim()) out.bad.push(svg.id + ': no title');
  if (!nodata && drawn === 0) out.bad.push(svg.id + ': nothing drawn');
  if (!nodata && labels < 2) out.bad.push(svg.id + ': no axis labels');
  if (!nodata && (kind === 'fan' || kind === 'cmpfan' || kind === 'pos')) {
    const med = svg.querySelector('path.median');
    const vis = med && getComputedStyle(med).visibility === 'visible' &&
                getComputedStyle(med).display !== 'none';
    if (!med || !vis || !(med.getBBox().width > 0)) out.bad.push(svg.id + ': no median line');
  }
  if (!nodata && kind === 'month' && !svg.querySelector('g.bars'))
    out.bad.push(svg.id + ': no bars');
}
out.bars = document.querySelectorAll('svg.pbar').length;
out.refs = 0;
for (const m of document.querySelectorAll('svg.pbar path.ref')) {
  const b = m.getBBox();
  if (b.height > 0 && getComputedStyle(m).visibility === 'visible') out.refs++;
}
out.sections = ['questions', 'by-month', 'indicators', 'positions', 'chains', 'manifest',
                'comparison'].filter(id => document.getElementById(id) !== null);
out.height = document.documentElement.scrollHeight;
return out;
"""


def check_page(drv, html, forecast, work, shot, compare):
    with open(html, encoding="utf-8") as f:
        text = f.read()
    if "<script" in text.lower():
        die(html + ": holds a <script>; the report must read without JavaScript")
    for bad in ("http://", "https://"):
        for line in text.splitlines():
            if bad in line and "http://www.w3.org/2000/svg" not in line:
                die(html + ": refers to the network: " + line.strip()[:120])
    drv.get("file://" + os.path.abspath(html))
    res = drv.execute_script(CHECK_JS)
    logs = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    if logs:
        die(html + ": console errors: " + "; ".join(e.get("message", "") for e in logs))
    if res["resources"]:
        die(html + ": the page loaded %d resources; it must load none" % res["resources"])
    if res["scripts"]:
        die(html + ": the page runs scripts")
    if res["bad"]:
        die(html + ": " + "; ".join(res["bad"]))
    want = expected_charts(forecast)
    for kind, n in want.items():
        got = res["charts"].get(kind, 0)
        if got != n:
            die("%s: %d %s charts, expected %d (from forecast.json)" % (html, got, kind, n))
    if res["bars"] != len(forecast["questions"]):
        die("%s: %d probability bars for %d questions" % (html, res["bars"],
                                                          len(forecast["questions"])))
    refs = sum(1 for q in forecast["questions"] if q.get("reference") is not None)
    if res["refs"] != refs:
        die("%s: %d visible reference markers for %d questions with a reference" % (
            html, res["refs"], refs))
    need = ["questions", "by-month", "indicators", "positions", "chains", "manifest"]
    if compare:
        need.append("comparison")
        if res["charts"].get("cmpfan", 0) < 1:
            die(html + ": the comparison has no overlaid fan chart")
    missing = [s for s in need if s not in res["sections"]]
    if missing:
        die(html + ": sections missing: " + ", ".join(missing))
    # the top of the page, as it opens; then as much of the whole page as a renderer on a busy
    # machine draws in time (a page of many charts can be 20,000 px tall)
    drv.execute_script("window.scrollTo(0, 0)")
    if not drv.save_screenshot(os.path.join(work, shot)):
        die(html + ": could not save the screenshot " + shot)
    full = shot.replace(".png", "-full.png")
    try:
        drv.set_window_size(1200, min(max(res["height"], 800), 8000))
        drv.save_screenshot(os.path.join(work, full))
    except Exception as e:  # noqa: BLE001 - the top screenshot is the one the test requires
        print("note: no full-page screenshot (%s)" % str(e).splitlines()[0])
    drv.set_window_size(1200, 1500)
    print("%s: %s charts, %d bars, sections %s; screenshots %s, %s" % (
        html, json.dumps(res["charts"], sort_keys=True), res["bars"], ",".join(res["sections"]),
        os.path.join(work, shot), full))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brink", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--scenario", default=None, help="scenario file (default: the built-in)")
    ap.add_argument("--set", default=None, help="the --set of the comparison")
    ap.add_argument("--runs", default="300")
    ap.add_argument("--readme", default=None, help="also save the README screenshot here")
    a = ap.parse_args()
    need_browser()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    scen = [a.scenario] if a.scenario else []
    fc = os.path.join(a.work, "forecast")
    run([a.brink, "forecast", "--runs", a.runs, "--threads", "2", "--seed", "7", "--out", fc,
         "-q"] + scen)
    cmp = os.path.join(a.work, "compare")
    sets = ["--set", a.set] if a.set else []
    if not sets:
        die("--set is required for the comparison page")
    run([a.brink, "compare", "--runs", a.runs, "--threads", "2", "--seed", "7", "--out", cmp,
         "-q"] + scen + sets)
    drv = browser()
    try:
        with open(os.path.join(fc, "forecast.json"), encoding="utf-8") as f:
            forecast = json.load(f)
        check_page(drv, os.path.join(fc, "report.html"), forecast, a.work, "report.png", False)
        with open(os.path.join(cmp, "forecast.json"), encoding="utf-8") as f:
            forecast = json.load(f)
        check_page(drv, os.path.join(cmp, "report.html"), forecast, a.work, "compare.png", True)
        if a.readme:
            drv.get("file://" + os.path.abspath(os.path.join(cmp, "report.html")))
            drv.save_screenshot(a.readme)
            print("README screenshot: " + a.readme)
    finally:
        drv.quit()


if __name__ == "__main__":
    main()
