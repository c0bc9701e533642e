"""`waardenmakerij-report <sweep folder> [report.lang=nl|en] [report.by=strategy]
[report.reference=onbeheerst]`: the results table and the strategy report of a sweep."""

import argparse
import sys
from pathlib import Path

OPTIONS = {"lang": "nl", "by": "strategy", "reference": None}


def parse(argv: list[str]) -> tuple[Path, dict]:
    parser = argparse.ArgumentParser(
        prog="waardenmakerij-report",
        description="Results table (results.parquet) and strategy report (report.html, "
        "report.md) of a sweep folder.",
    )
    parser.add_argument("folder", type=Path, help="the sweep folder, e.g. multirun/<experiment>")
    parser.add_argument(
        "options",
        nargs="*",
        metavar="report.KEY=VALUE",
        help="report.lang=nl|en (default nl), report.by=<column> (default strategy), "
        "report.reference=<strategy> (default the first: onbeheerst)",
    )
    args = parser.parse_args(argv)
    options = dict(OPTIONS)
    for item in args.options:
        key, sep, value = item.partition("=")
        name = key.removeprefix("report.")
        if not sep or name not in OPTIONS:
            parser.error(f"{item}: use report.lang=nl|en, report.by=..., report.reference=...")
        options[name] = value
    if options["lang"] not in ("nl", "en"):
        parser.error(f"report.lang={options['lang']} is not allowed: use nl or en")
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such folder")
    return args.folder, options


def main(argv: list[str] | None = None) -> None:
    folder, options = parse(sys.argv[1:] if argv is None else argv)
    from sim.report.report import build_report

    out = build_report(folder, **options)
    print(f"{out['runs']} runs: {folder / 'results.parquet'}, {out['markdown']}, {out['html']}")


if __name__ == "__main__":
    main()
