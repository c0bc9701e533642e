"""`uv run waardenmakerij-app [--port N] [--host H] [--lang nl|en] [--no-browser]`.

Starts Solara's server on the page in `sim.app.app`, bound to 127.0.0.1 unless told otherwise
(`--host 0.0.0.0` lets a class reach a teacher's laptop). It runs without internet: the
front-end assets Solara would fetch from a CDN come with the `solara-assets` package (see
pyproject.toml), version checks and telemetry are off.
"""

import argparse
import os
import sys


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="waardenmakerij-app",
        description="De Waardenmakerij in de browser / the Waardenmakerij in the browser.",
    )
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--lang", choices=("nl", "en"), default="nl", help="language of a new page (default nl)"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="do not open a browser window on start"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    os.environ["WAARDENMAKERIJ_LANG"] = args.lang
    os.environ["WAARDENMAKERIJ_HOST"] = args.host  # sessions only from pages of this host
    # Offline and private: no telemetry, no version check against PyPI.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    # A closed tab tells the server at once (Solara's close beacon) and its session is freed
    # then; a page that lost its connection without saying so (a crashed tab, a laptop gone to
    # sleep) keeps its session for a minute, in which a reconnect finds it again (Solara's
    # default: 24 hours).
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", "1m")
    from solara.__main__ import cli

    solara_args = [
        "run",
        "sim.app.app",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--production",
        "--no-check-version",
        "--theme-loader",
        "plain",
        "--theme-variant",
        "light",
        "--no-open" if args.no_browser else "--open",
    ]
    sys.exit(cli.main(args=solara_args, prog_name="waardenmakerij-app", standalone_mode=True))


if __name__ == "__main__":
    main()
