"""`switchboard eval` end to end: the demo suite through the real binary against the fake model
provider (scripts/eval-demo.sh), its JSON report, --compare gating on a regression, and the HTML
report opened in headless Chromium with its charts checked as rendered."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Callable

from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[2]


def run_demo(out: Path, *args: str, suite: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, EVAL_OUT=str(out))
    if suite is not None:
        env["EVAL_SUITE"] = str(suite)
    return subprocess.run(
        [str(ROOT / "scripts/eval-demo.sh"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_demo_suite_passes_and_reports(tmp_path: Path) -> None:
    result = run_demo(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "eval: 16/16" in result.stderr, "progress is shown"
    report = json.loads((tmp_path / "demo-report.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    assert summary["cases"] == 8 and summary["runs"] == 16
    assert summary["pass_rate"] == 1.0 and summary["pass_all_rate"] == 1.0
    assert summary["tool_accuracy"] == 1.0
    assert 0 < summary["grounding_rate"] < 1, "the invented target price is not grounded"
    assert summary["rail_violations"] >= 4, "the promise is blocked and the call disclosed, twice each"
    assert summary["latency_p50_ms"] > 0 and summary["tokens_out"] > 0
    cases = {case["name"]: case for case in report["cases"]}
    assert cases["quote-fast-path"]["runs"][0]["tools"] == ["quote"]
    assert cases["guarantee-is-blocked"]["runs"][0]["verdict"] == "block"
    assert "保本保收益" not in cases["guarantee-is-blocked"]["runs"][0]["answer"]
    assert cases["invented-target-price"]["runs"][0]["grounded"] < cases["invented-target-price"]["runs"][0]["figures"]


def test_compare_exits_1_on_a_regression(tmp_path: Path) -> None:
    first = run_demo(tmp_path / "before")
    assert first.returncode == 0, first.stdout + first.stderr
    worse = tmp_path / "worse.yaml"
    suite = (ROOT / "tests/eval/demo-suite.yaml").read_text(encoding="utf-8")
    worse.write_text(suite.replace('reference: "您好，我是证券助手，请问有什么可以帮您？"', 'reference: "别的回答"'), encoding="utf-8")
    second = run_demo(tmp_path / "after", "--compare", str(tmp_path / "before/demo-report.json"), suite=worse)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "regressed: greeting" in second.stdout
    assert "differs from the reference" in second.stdout


def test_html_report_renders_its_charts_in_chromium(tmp_path: Path, chromium: Callable[..., Any]) -> None:
    result = run_demo(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    driver = chromium()
    driver.get((tmp_path / "demo-report.html").as_uri())
    assert "证券助手演示" in driver.title
    bars = driver.find_elements(By.CSS_SELECTOR, 'svg[data-chart="pass-rate"] rect.bar')
    assert len(bars) == 8
    assert all(bar.rect["width"] > 100 for bar in bars), "every case passed: full bars"
    grounding = driver.find_elements(By.CSS_SELECTOR, 'svg[data-chart="grounding"] rect.bar')
    assert len(grounding) == 8
    assert any(bar.rect["width"] == 0 for bar in grounding), "the invented figure's case has an empty bar"
    runs = driver.find_elements(By.CSS_SELECTOR, 'svg[data-chart="latency"] rect.run')
    assert len(runs) == 16 and all(run.rect["height"] >= 1 for run in runs)
    tile = driver.find_element(By.CSS_SELECTOR, '[data-tile="pass rate"] b')
    assert tile.text == "100.0%"
    assert driver.find_element(By.CSS_SELECTOR, 'svg[data-chart="pass-rate"]').size["width"] > 0
