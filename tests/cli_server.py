"""Run several `python -m sim ...` commands after importing the package once.

    python tests/cli_server.py jobs.json

Importing `sim.cli` (Hydra, Mesa, pandas, scipy, matplotlib, seaborn) takes most of a short
command's time, so the CLI tests start one process that imports it and then forks one child
per command. Each child is what `python -m sim ARGS` is after its imports: it changes to the
job's folder, sends its stdout and stderr to files, sets `sys.argv` and runs the `sim`
package as `__main__`; its exit status is written to `<job>.code` when it ends.

jobs.json is a list of {"cwd", "args", "stdout", "stderr", "code"}, run one after another.
"""

import json
import os
import runpy
import sys
import traceback
from pathlib import Path

import sim.cli  # noqa: F401  (the imports the children share)


def child(job: dict) -> int:
    os.chdir(job["cwd"])
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(job[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = [str(Path(sim.__file__).parent / "__main__.py"), *job["args"]]
    code = 0
    try:
        runpy.run_module("sim", run_name="__main__", alter_sys=True)
    except SystemExit as stop:  # what the interpreter does with sys.exit(...)
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:  # an uncaught error: traceback and exit status 1
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def main() -> None:
    jobs = json.loads(Path(sys.argv[1]).read_text())
    for job in jobs:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = child(job)
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        tmp = Path(job["code"] + ".part")
        tmp.write_text(str(code))
        tmp.replace(job["code"])


if __name__ == "__main__":
    main()
