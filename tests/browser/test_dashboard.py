#!/usr/bin/env python3
"""index.html in a real browser (headless Chromium, through --dump-dom).

Builds a 500-case x 10-stage run folder, writes its index.html with
`exportcheck report --html`, lets Chromium run the page's script, and checks
the DOM: header counts, matrix rows, the URL-hash filters (#verdict=FAIL,
#tag=..., #q=...), a drill-down (#case=...), the render time, and the
comparison section after `exportcheck report --baseline`. Saves
dashboard.png in the run folder.

usage: test_dashboard.py EXPORTCHECK_BINARY OUT_DIR [--install]
Exit 77 (CTest SKIP_RETURN_CODE) when Chromium is not installed; --install
runs scripts/setup-browser first.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["export", "golden", "archive", "roundtrip", "guards",
          "replay:module:cpu", "replay:module:cuda", "replay:nativert:cpu", "replay:cpp:cpu", "catalog"]


def browser(install):
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    if install:
        r = subprocess.run([str(ROOT / "scripts" / "setup-browser")], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip().splitlines()[-1]
        print("SKIP: chromium could not be installed:", r.stderr.strip()[-500:])
        sys.exit(77)
    print("SKIP: chromium is not installed; run scripts/setup-browser (apt, ~100+ MB) to enable this test")
    sys.exit(77)


def verdict(c, k):
    if STAGES[k] == "replay:module:cuda":
        return "UNSUPPORTED"
    if (c + k) % 17 == 0:
        return "FAIL"
    if (c + k) % 5 == 0:
        return "XFAIL"
    return "PASS"


def make_run(out):
    results, cases = [], {}
    for c in range(500):
        name = f"case_{c:03d}"
        cases[name] = {"tags": ["seed", "control-flow" if c % 3 == 0 else "nn.conv"],
                       "file": f"cases/{name}.yaml", "description": f"Synthetic case {c}"}
        for k, stage in enumerate(STAGES):
            v = verdict(c, k)
            r = {"case": name, "stage": stage, "variant": "nonstrict/training", "verdict": v,
                 "message": "" if v == "PASS" else f"{v.lower()} reason {k % 3} </script>", "seconds": 0.01}
            if v == "FAIL" and stage == "golden":
                r["details"] = {"diff": "--- golden\n+++ now\n-old line\n+new line\n"}
            results.append(r)
    summary = {"schema": "exportcheck-summary", "version": "1.1",
               "run": {"id": "browser-test", "started_at": "2026-11-26T00:00:00Z", "seconds": 1.0,
                       "torch": "2.13.0+cpu", "python": "3.11", "host": "test", "command": "synthetic",
                       "jobs": 1, "devices": ["cpu"], "commit": "0123456789ab", "root": str(ROOT), "shard": ""},
               "counts": {}, "unexpected": 0, "results": results, "cases": cases}
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summary))
    return results, cases


def dump(chromium, page, fragment=""):
    r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                        page.as_uri() + fragment], capture_output=True, text=True, timeout=120)
    if r.returncode != 0 or "<body" not in r.stdout:
        raise SystemExit(f"FAIL: chromium --dump-dom {fragment}: {r.stderr[-2000:]}")
    return r.stdout


def attr(dom, element_id, name):
    m = re.search(r'<[^>]*id="%s"[^>]*>' % re.escape(element_id), dom)
    if not m:
        raise SystemExit(f"FAIL: no element #{element_id} in the rendered page")
    a = re.search(r'%s="([^"]*)"' % name, m.group(0))
    return a.group(1) if a else None


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    exe, out = sys.argv[1], Path(sys.argv[2]).resolve()
    chromium = browser("--install" in sys.argv)
    shutil.rmtree(out, ignore_errors=True)
    results, cases = make_run(out)
    subprocess.run([exe, "report", "--html", str(out)], check=True, capture_output=True)
    page = out / "index.html"
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    dom = dump(chromium, page)
    fails = sum(r["verdict"] == "FAIL" for r in results)
    fail_cases = {r["case"] for r in results if r["verdict"] == "FAIL"}
    check(dom.count('class="case-row"') == 500, "the matrix has one row per case (500)")
    check(attr(dom, "count-FAIL", "data-count") == str(fails), f"header counts {fails} FAIL results")
    check(attr(dom, "count-PASS", "data-count") == str(sum(r["verdict"] == "PASS" for r in results)), "header PASS count")
    check(attr(dom, "shown", "data-shown") == "500", "unfiltered: every case shown")
    check(len(re.findall(r'class="cell v-FAIL"', dom)) == len({(r["case"], r["stage"]) for r in results if r["verdict"] == "FAIL"}),
          "one red cell per failing case x stage")
    check("</script><" not in dom.split('id="exportcheck-data"')[1].split("</script>")[0], "embedded JSON escapes </")
    # The case column shows the case verdict (one rule, case_verdict.h): a case with a FAIL is FAIL;
    # the others ran PASS stages next to XFAIL and UNSUPPORTED ones, and read PASS.
    case_verdicts = re.findall(r'data-case-verdict="([A-Z]+)"', dom)
    check(case_verdicts.count("FAIL") == len(fail_cases) and case_verdicts.count("PASS") == 500 - len(fail_cases),
          f"case verdicts: {len(fail_cases)} FAIL, {500 - len(fail_cases)} PASS")
    passed, failed, skipped = (int(attr(dom, "totals", k)) for k in ("data-passed", "data-failed", "data-skipped"))
    check(passed + failed + skipped == len(results) and failed == fails and skipped == 500,
          f"header totals add up: {passed} passed, {failed} failed, {skipped} not run = {len(results)}")
    check("Not run here (500 results" in dom and 'class="cause"' in dom, "what did not run, grouped by cause")
    m = re.search(r'data-render-ms="(\d+)"', dom)
    ms = int(m.group(1)) if m else 10**9
    check(ms < 2000, f"the page renders 500 cases x 10 stages in {ms} ms (< 2000)")

    dom = dump(chromium, page, "#verdict=FAIL")
    visible = re.findall(r'<tr class="case-row" data-case="([^"]+)">', dom)  # hidden rows carry hidden=""
    check(attr(dom, "shown", "data-shown") == str(len(fail_cases)), f"#verdict=FAIL shows {len(fail_cases)} cases")
    check(set(visible) == fail_cases, "#verdict=FAIL: exactly the cases with a FAIL are visible")

    tagged = {n for n, c in cases.items() if "control-flow" in c["tags"]}
    dom = dump(chromium, page, "#tag=control-flow&verdict=FAIL")
    check(attr(dom, "shown", "data-shown") == str(len(tagged & fail_cases)), "tag and verdict filters combine")
    dom = dump(chromium, page, "#q=case_04")
    check(attr(dom, "shown", "data-shown") == "10", "text filter: case_040..case_049")

    first_golden_fail = next(r["case"] for r in results if r["verdict"] == "FAIL" and r["stage"] == "golden")
    dom = dump(chromium, page, "#case=" + first_golden_fail)
    check('id="drill-%s"' % first_golden_fail in dom and "+new line" in dom, "#case= opens the drill-down with the golden diff")
    check("build/exportcheck run --case " + first_golden_fail in dom, "the drill-down has the repro command")
    check('class="reason"' in dom, "expectations grouped by reason")

    # Compared with a baseline in which one of today's failures passed: one regression.
    base = out / "baseline"
    base.mkdir()
    summary = json.loads((out / "summary.json").read_text())
    regressed = next(r for r in summary["results"] if r["verdict"] == "FAIL")
    regressed["verdict"] = "PASS"
    (base / "summary.json").write_text(json.dumps(summary))
    gate = subprocess.run([exe, "report", "--baseline", str(base), "--current", str(out)], capture_output=True, text=True)
    check(gate.returncode == 1, "report --baseline exits 1 on a regression")
    dom = dump(chromium, page)
    check(re.search(r'id="gate"[^>]*>gate FAIL<', dom) is not None, "the comparison section says gate FAIL")
    table = dom.split('id="regressions"')[1].split("</table>")[0] if 'id="regressions"' in dom else ""
    check(table.count("<tr>") == 2 and "#case=" + regressed["case"] in table, "one regression row linking to its case")

    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1400,1000", "--screenshot=" + str(out / "dashboard.png"), page.as_uri() + "#verdict=FAIL"],
                   capture_output=True, timeout=120)
    check((out / "dashboard.png").exists(), f"screenshot {out / 'dashboard.png'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
