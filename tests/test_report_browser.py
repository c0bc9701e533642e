"""The strategy report as a reader sees it (issue 16): headless Chromium (Debian's) opens
`report.html` of a small sweep (three strategies x five seeds) and the numbers in the
samenvatting and the MKBA table are checked against `results.parquet`, the report's one
row a run. Screenshots of both and a PDF print go to `test-artifacts/` (git-ignored).
Skipped, with the reason, when Chromium or Playwright is missing.
"""

import math
from pathlib import Path

import polars as pl
import pytest

import sim
from sim.report.accounts import run_accounts
from sim.report.policy import percent
from sim.report.report import build_report
from sim.report.stats import euro, fmt_ci, mean_ci, numbers_in

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
STRATEGIES = ("onbeheerst", "opschalen", "downscalen")
SEEDS = range(1, 6)

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover
    sync_api = None


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """Fifteen runs of a 1,500-actor wijk for three years, at a discount rate of 4 %, as
    Hydra's multirun leaves them (each with its overrides)."""
    folder = tmp_path_factory.mktemp("report") / "sweep"
    for strategy in STRATEGIES:
        for seed in SEEDS:
            overrides = [f"strategy={strategy}", f"seed={seed}", "mkba.discount_rate=0.04"]
            out = folder / f"{strategy}_{seed}"
            sim.run(["run.years=3", "population.n_actors=1500", *overrides], output_dir=out)
            (out / ".hydra").mkdir()
            (out / ".hydra" / "overrides.yaml").write_text("".join(f"- {o}\n" for o in overrides))
    build_report(folder, lang="nl")
    return folder


@pytest.fixture(scope="module")
def results(sweep) -> pl.DataFrame:
    return pl.read_parquet(sweep / "results.parquet")


def means(results: pl.DataFrame, col: str, bounds=None) -> dict[str, tuple]:
    return {
        s: mean_ci(results.filter(pl.col("strategy") == s)[col].to_list(), bounds=bounds)
        for s in STRATEGIES
    }


# ------------------------------------------------------------------ without a browser


def test_the_accounts_add_up_to_each_runs_mkba(sweep, results):
    """The MKBA table's posts, rebuilt from the cases and recorded prices, sum to the
    benefits and costs the run itself reported."""
    table = results.with_columns(pl.lit(0.04).alias("cfg.mkba.discount_rate"))
    accounts = run_accounts(sweep, table).join(results, on="run")
    assert accounts.height == len(STRATEGIES) * len(SEEDS)
    assert (accounts["mkba_costs_eur"] > 0).all()  # every run spent hours
    for ours, theirs in (("baten", "mkba_benefits_eur"), ("kosten", "mkba_costs_eur")):
        gap = (accounts[ours] - accounts[theirs]).abs().max()
        assert gap < 1e-6 * max(1.0, accounts[theirs].abs().max()), (ours, gap)


def test_the_report_reads_in_dutch_without_config_keys(sweep):
    text = (sweep / "report.md").read_text()
    assert "discontovoet 4%" in text and "2,25%" not in text.split("## Uitgangspunten")[1][:400]
    for key in ("strategy.team_size_cap", "(procurement.route)", "lowest_price", " cases"):
        prose = text.split("## Woordenlijst")[0]  # the glossary names the settings
        assert key not in prose, key
    assert "verwacht ?" not in text
    for section in ("## Samenvatting", "## Uitgangspunten", "## MKBA-tabel", "## Herkomst"):
        assert section in text, section


# ------------------------------------------------------------------ in the browser


@pytest.fixture(scope="module")
def page(sweep):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    if sync_api is None:
        pytest.skip("the playwright package is missing (uv sync installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto((sweep / "report.html").as_uri())
        yield page
        browser.close()


def test_the_samenvatting_names_the_best_strategy_with_its_npv(page, results):
    npv = means(results, "mkba_npv_eur")
    best = max(STRATEGIES, key=lambda s: npv[s][0])
    m, lo, hi, n = npv[best]
    summary = page.locator("#samenvatting").inner_text()
    with numbers_in("nl_NL"):
        assert f"{best} levert de hoogste maatschappelijke waarde op" in summary
        assert f"een saldo van {euro(m)} (95%-interval {euro(lo)} tot {euro(hi)})" in summary
        assert f"gemiddeld over {n} runs van 3 jaar" in summary
        assert f"discontovoet {percent(0.04, 'nl_NL')}" in summary
    sure = "positief" if lo > 0 else ("kost met 95%" if hi < 0 else "bevat nul")
    assert sure in summary
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#samenvatting").screenshot(path=ARTIFACTS / "report-samenvatting.png")


def test_the_mkba_table_shows_the_runs_benefits_costs_and_saldo(page, results):
    table = page.locator("#mkba-tabel table")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [c.inner_text().strip() for c in row.locator("td").all()]
            for row in table.locator("tbody tr").all()
        )
    }
    header = [c.inner_text().strip() for c in table.locator("thead th").all()]
    assert header[1:] == list(STRATEGIES)
    with numbers_in("nl_NL"):
        for label, col, bounds in (
            ("Totaal baten", "mkba_benefits_eur", (0, math.inf)),
            ("Totaal kosten", "mkba_costs_eur", (0, math.inf)),
            ("Saldo (netto contante waarde)", "mkba_npv_eur", None),
        ):
            expected = [fmt_ci(*means(results, col, bounds)[s]) for s in STRATEGIES]
            assert rows[label] == expected, label
    for label, cells in rows.items():  # no impossible interval: benefits and costs >= 0
        if label in ("leefbaarheid", "investering", "Totaal baten", "Totaal kosten"):
            assert all("[-" not in c for c in cells), (label, cells)
    page.locator("#mkba-tabel").screenshot(path=ARTIFACTS / "report-mkba-tabel.png")


def test_the_report_prints_to_a4(page):
    pdf = page.pdf(path=ARTIFACTS / "report.pdf", format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
