"""`waardenmakerij-report <sweep folder> [report.lang=nl|en] [report.by=strategy]
[report.reference=onbeheerst]`: the results table and the strategy report of a sweep.

A mistake (a bad option, a folder without runs, a folder that cannot be written) ends with
one line on stderr and exit code 2, and nothing is written."""

import argparse
import sys
from pathlib import Path

from sim.report.results import PROG, ReportError

OPTIONS = {"lang": "nl", "by": "strategy", "reference": None}
ALLOWED = "use report.lang=nl|en, report.by=<column>, report.reference=<strategy>"
FOLDER = "give a sweep folder, e.g. multirun/<name>"


class Parser(argparse.ArgumentParser):
    """argparse with its errors in one line, without the usage."""

    def error(self, message: str) -> None:
        fail(message)


def fail(message: str) -> None:
    print(f"{PROG}: error: {message}".replace("\n", "\\n"), file=sys.stderr)
    sys.exit(2)


def parse(argv: list[str]) -> tuple[Path, dict]:
    parser = Parser(
        prog=PROG,
        description="Results table (results.parquet) and strategy report (report.html, "
        "report.md) of a sweep folder.",
    )
    parser.add_argument("folder", nargs="?", help="the sweep folder, e.g. multirun/<name>")
    parser.add_argument(
        "options",
        nargs="*",
        metavar="report.KEY=VALUE",
        help="report.lang=nl|en (default nl), report.by=<column> (default strategy), "
        "report.reference=<strategy> (default the first: onbeheerst)",
    )
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        fail(f"{unknown[0]} is not allowed: {ALLOWED}")
    options = dict(OPTIONS)
    for item in args.options:
        key, sep, value = item.partition("=")
        name = key.removeprefix("report.")
        if not sep or name not in OPTIONS:
            fail(f"{item} is not allowed: {ALLOWED}")
        options[name] = value
    if options["lang"] not in ("nl", "en"):
        fail(f"report.lang={options['lang']} is not allowed: use nl or en")
    if args.folder is None:
        fail(f"no sweep folder given: {FOLDER}")
    if not args.folder.strip():
        fail(f"folder {args.folder!r} is not allowed: {FOLDER}")
    folder = Path(args.folder)
    if not folder.is_dir():
        fail(f"{folder}: {'not a folder' if folder.exists() else 'no such folder'}: {FOLDER}")
    return folder, options


def main(argv: list[str] | None = None) -> None:
    folder, options = parse(sys.argv[1:] if argv is None else argv)
    from sim.report.report import build_report

    try:
        out = build_report(folder, **options)
    except ReportError as error:
        fail(str(error))
    print(f"{out['runs']} runs: {folder / 'results.parquet'}, {out['markdown']}, {out['html']}")


if __name__ == "__main__":
    main()
