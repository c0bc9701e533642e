"""`waardenmakerij-report` on folders and options a user may get wrong (issue 17).

Each mistake ends in one line on stderr and exit code 2 with nothing written; an unreadable
run file is named in a one-line warning and skipped. The sweep is four tiny runs (two
strategies x seeds 1 and 2) made once with `sim.run`, copied for each test.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import sim
from sim.report.cli import main

PREFIX = "waardenmakerij-report: "
COMMAND = Path(sys.executable).with_name("waardenmakerij-report")
RUNS = [(strategy, seed) for strategy in ("onbeheerst", "opschalen") for seed in (1, 2)]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("made") / "sweep"
    for strategy, seed in RUNS:
        overrides = [f"strategy={strategy}", f"seed={seed}"]
        out = folder / f"{strategy}_{seed}"
        sim.run(["run.years=0.1", "population.n_actors=100", *overrides], output_dir=out)
        (out / ".hydra").mkdir()
        (out / ".hydra" / "overrides.yaml").write_text("".join(f"- {o}\n" for o in overrides))
    return folder


@pytest.fixture
def sweep(made, tmp_path) -> Path:
    return Path(shutil.copytree(made, tmp_path / "sweep"))


def tree(folder: Path) -> dict[str, int]:
    """Every path below the folder with its modification time."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def error(capsys, *argv: str) -> str:
    """The one stderr line of `waardenmakerij-report argv`, which must exit with code 2."""
    with pytest.raises(SystemExit) as exit:
        main(list(argv))
    assert exit.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(PREFIX + "error: ")
    return lines[0]


def command(*argv: str, cwd: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The command as a user runs it."""
    return subprocess.run(
        [*prefix, str(COMMAND), *argv], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def corrupt(path: Path) -> None:
    """Overwrite a Parquet file after its first page: its header and footer stay in place."""
    data = bytearray(path.read_bytes())
    data[200:400] = b"x" * 200
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


# ------------------------------------------------------------------ as a user runs it


def test_an_unknown_group_column_is_refused(sweep):
    before = tree(sweep)
    done = command(str(sweep), "report.by=nonexistent", cwd=sweep.parent)
    assert done.returncode == 2
    assert done.stderr == (
        PREFIX + "error: report.by=nonexistent is not allowed: "
        "use one of strategy, seed, procurement_route\n"
    )
    assert tree(sweep) == before


def test_an_empty_folder_name_does_not_write_into_the_current_folder(sweep):
    before = tree(sweep)
    done = command("", cwd=sweep)
    assert done.returncode == 2
    assert done.stderr == (
        PREFIX + "error: folder '' is not allowed: give a sweep folder, e.g. multirun/<name>\n"
    )
    assert tree(sweep) == before


def test_no_readable_runs_is_one_line_and_nothing_written(sweep):
    for path in sweep.glob("*/summary.parquet"):
        corrupt(path)
    before = tree(sweep)
    done = command(str(sweep), cwd=sweep.parent)
    assert done.returncode == 2
    *warnings, line = done.stderr.splitlines()
    assert [w.split(" cannot be read ")[0] for w in warnings] == [
        f"{PREFIX}warning: {sweep / strategy}_{seed}/summary.parquet" for strategy, seed in RUNS
    ]
    assert line == (
        f"{PREFIX}error: {sweep} has no complete runs (4 unreadable): "
        "use a sweep folder, e.g. multirun/<name>"
    )
    assert tree(sweep) == before


def test_argument_errors_are_one_line(tmp_path):
    done = command(str(tmp_path), "--bogus", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        PREFIX + "error: --bogus is not allowed: "
        "use report.lang=nl|en, report.by=<column>, report.reference=<strategy>\n"
    )


def without_root_override(tmp_path) -> tuple[str, ...]:
    """A prefix under which permissions hold: root drops its override (setpriv)."""
    if os.geteuid() != 0:
        return ()
    drop = (shutil.which("setpriv") or "setpriv", "--bounding-set=-dac_override", "--")
    try:
        subprocess.run([*drop, "true"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("running as root and setpriv cannot drop CAP_DAC_OVERRIDE")
    return drop


def test_a_read_only_folder_is_one_line_and_nothing_written(sweep, tmp_path):
    prefix = without_root_override(tmp_path)
    before = tree(sweep)
    sweep.chmod(0o555)
    try:
        done = command(str(sweep), cwd=tmp_path, prefix=prefix)
    finally:
        sweep.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr == (
        f"{PREFIX}error: {sweep} cannot be written (Permission denied): "
        "the sweep folder and its report files must be writable\n"
    )
    assert tree(sweep) == before


# ------------------------------------------------------------------ in-process


def test_a_corrupt_summary_is_named_and_skipped(sweep, capsys):
    broken = sweep / "opschalen_1" / "summary.parquet"
    corrupt(broken)
    main([str(sweep)])
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(PREFIX + "warning: ") and str(broken) in line
    assert line.endswith("run skipped")
    runs = pl.read_parquet(sweep / "results.parquet")["run"].to_list()
    assert runs == ["onbeheerst_1", "onbeheerst_2", "opschalen_2"]
    assert "opschalen" in (sweep / "report.md").read_text()


def test_report_by_seed_gives_per_seed_groups(sweep, capsys):
    main([str(sweep), "report.by=seed", "report.reference=2", "report.lang=en"])
    assert capsys.readouterr().err == ""
    md = (sweep / "report.md").read_text()
    assert "| seed | runs |\n|---|---|\n| 1 | 2 |\n| 2 | 2 |" in md
    assert "Differences from 2" in md and "| 1 − 2 |" in md
    assert (sweep / "report_files" / "timeseries.png").is_file()


def test_every_unreadable_file_is_named_in_one_warning(sweep, capsys):
    corrupt(sweep / "onbeheerst_1" / "summary.parquet")
    truncate(sweep / "onbeheerst_2" / "timeseries.parquet")
    (sweep / "opschalen_1" / "distribution.parquet").write_text("")
    (sweep / "opschalen_2" / ".hydra" / "overrides.yaml").write_text("[strategy=")
    (sweep / "sweep.json").write_text('{"started": ')
    main([str(sweep)])
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" cannot be read ")[0] for line in lines] == [
        f"{PREFIX}warning: {sweep / 'sweep.json'}",
        f"{PREFIX}warning: {sweep / 'onbeheerst_1' / 'summary.parquet'}",
        f"{PREFIX}warning: {sweep / 'opschalen_2' / '.hydra' / 'overrides.yaml'}",
        f"{PREFIX}warning: {sweep / 'opschalen_1' / 'distribution.parquet'}",  # samenvatting
        f"{PREFIX}warning: {sweep / 'onbeheerst_2' / 'timeseries.parquet'}",
    ]
    runs = pl.read_parquet(sweep / "results.parquet")["run"].to_list()
    assert runs == ["onbeheerst_2", "opschalen_1"]
    assert (
        "2 runs compleet, mislukt 0, onleesbaar (overgeslagen) 2."
        in (sweep / "report.md").read_text()
    )


def test_runs_without_a_provenance_record_are_left_out_of_the_heatmap(sweep):
    (sweep / "opschalen_2" / "provenance.json").unlink()
    (sweep / "opschalen_1" / "provenance.json").write_text("[]")
    main([str(sweep)])
    assert pl.read_parquet(sweep / "results.parquet").height == 4
    assert (sweep / "report_files" / "heatmap.png").is_file()


@pytest.mark.parametrize(
    "files, why",
    [
        ({}, "no run folder with a summary.parquet"),
        ({"notes.txt": "not a sweep", "sub/data.csv": "a,b"}, "no run folder"),
        ({"a/status.json": '{"state": "failed"}', "b/status.json": '{"state": "failed"}'}, ""),
    ],
    ids=["empty", "not a sweep", "only failed runs"],
)
def test_a_folder_without_runs_is_one_line_and_nothing_written(tmp_path, capsys, files, why):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    before = tree(tmp_path)
    line = error(capsys, str(tmp_path))
    assert f"{tmp_path} has no complete runs (" in line
    assert why in line and ("2 failed" in line) == (why == "")
    assert line.endswith("use a sweep folder, e.g. multirun/<name>")
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    "option, message",
    [
        ("report.lang=xx", "report.lang=xx is not allowed: use nl or en"),
        (
            "report.reference=nowhere",
            "report.reference=nowhere is not allowed: use one of onbeheerst, opschalen",
        ),
        (
            "report.by=mkba_npv_eur",
            "report.by=mkba_npv_eur is not allowed: use one of strategy, seed, procurement_route",
        ),
        (
            "colour=red",
            "colour=red is not allowed: "
            "use report.lang=nl|en, report.by=<column>, report.reference=<strategy>",
        ),
    ],
)
def test_a_bad_option_is_one_line_and_nothing_written(sweep, capsys, option, message):
    before = tree(sweep)
    assert error(capsys, str(sweep), option) == PREFIX + "error: " + message
    assert tree(sweep) == before


def test_a_missing_folder_is_one_line(tmp_path, capsys):
    assert error(capsys) == PREFIX + "error: no sweep folder given: " + (
        "give a sweep folder, e.g. multirun/<name>"
    )
    assert error(capsys, str(tmp_path / "nowhere")).startswith(
        f"{PREFIX}error: {tmp_path / 'nowhere'}: no such folder"
    )
    (tmp_path / "file").write_text("")
    assert error(capsys, str(tmp_path / "file")).startswith(
        f"{PREFIX}error: {tmp_path / 'file'}: not a folder"
    )


def test_an_unwritable_results_file_is_one_line_and_nothing_else_written(sweep, capsys):
    (sweep / "results.parquet" / "x").mkdir(parents=True)
    before = tree(sweep)
    assert error(capsys, str(sweep)) == (
        f"{PREFIX}error: {sweep / 'results.parquet'} cannot be written (Is a directory): "
        "the sweep folder and its report files must be writable"
    )
    assert tree(sweep) == before


def test_a_lazy_scan_names_and_skips_a_truncated_file(sweep, capsys):
    """`scan_runs`, which the experiments read through: a truncated file is named and left
    out before the scan, so collecting the rest works."""
    from sim.report.results import scan_runs

    broken = sweep / "onbeheerst_2" / "timeseries.parquet"
    truncate(broken)
    frame = scan_runs(sweep, "timeseries").collect()
    (line,) = capsys.readouterr().err.splitlines()
    assert str(broken) in line and line.endswith("skipped")
    assert sorted(frame["run"].unique()) == ["onbeheerst_1", "opschalen_1", "opschalen_2"]


def damage(path: Path) -> None:
    """Flip bytes in the middle of a Parquet file: header and footer stay as they were, so
    Parquet (which keeps no checksum of its pages) may read it back as other numbers."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))


def test_a_file_damaged_since_its_run_wrote_it_is_named_and_skipped(sweep, capsys):
    """A run records each frame's SHA-256 in provenance.json; a frame that no longer has it is
    named and left out by the lazy scan, the report and resume (which runs it again)."""
    from sim.output.results import FRAMES, sha256
    from sim.report.results import scan_runs
    from sim.sweeps.resume import is_complete

    run = sweep / "opschalen_1"
    recorded = json.loads((run / "provenance.json").read_text())["sha256"]
    assert recorded == {f"{n}.parquet": sha256(run / f"{n}.parquet") for n in FRAMES}
    assert is_complete(run)
    damage(run / "timeseries.parquet")
    assert pl.read_parquet_schema(run / "timeseries.parquet")  # the footer still reads
    frame = scan_runs(sweep, "timeseries").collect()
    (line,) = capsys.readouterr().err.splitlines()
    assert str(run / "timeseries.parquet") in line and "SHA-256" in line
    assert line.endswith("skipped")
    assert "opschalen_1" not in frame["run"].to_list()
    assert not is_complete(run)
    damage(run / "summary.parquet")
    main([str(sweep)])
    assert any(
        str(run / "summary.parquet") in w and "SHA-256" in w
        for w in capsys.readouterr().err.splitlines()
    )
    runs = pl.read_parquet(sweep / "results.parquet")["run"].to_list()
    assert runs == ["onbeheerst_1", "onbeheerst_2", "opschalen_2"]


def test_the_report_gives_the_discount_rate_the_runs_used(tmp_path):
    """Issue 16: a sweep at mkba.discount_rate=0.04 reports 4 %, in the language's format."""
    from sim.report.report import build_report

    folder = tmp_path / "sweep"
    for strategy in ("onbeheerst", "opschalen"):
        out = folder / strategy
        overrides = [f"strategy={strategy}", "mkba.discount_rate=0.0425"]
        sim.run(["run.years=0.1", "population.n_actors=100", *overrides], output_dir=out)
        (out / ".hydra").mkdir()
        (out / ".hydra" / "overrides.yaml").write_text("".join(f"- {o}\n" for o in overrides))
    build_report(folder, lang="nl")
    assert "discontovoet 4,25%" in (folder / "report.md").read_text()
    build_report(folder, lang="en")
    assert "discount rate 4.25%" in (folder / "report.md").read_text()
