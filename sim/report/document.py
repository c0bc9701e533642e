"""A small document model written both as Markdown (figures as files) and as one
self-contained HTML page (figures embedded as base64 PNG)."""

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from sim.output.results import atomic_write

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
th{background:#f2f2f2}img{max-width:100%;height:auto}
.holds{color:#1a7f37;font-weight:600}.fails{color:#b42318;font-weight:600}
.unclear{color:#8a6d00}
section{margin:0 0 1.5em}
@page{size:A4;margin:16mm}
@media print{body{max-width:none;margin:0;font-size:10pt}
table,figure{break-inside:avoid}h2,h3{break-after:avoid}
#samenvatting{break-after:page}#herkomst{break-before:page}}
"""


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)

    def h(self, text: str, level: int = 2) -> None:
        self.blocks.append(("h", level, text))

    def open(self, anchor: str) -> None:
        """Begin a section the page can link to and a printer can keep on its own page."""
        self.blocks.append(("open", anchor))

    def close(self) -> None:
        self.blocks.append(("close",))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, header: list[str], rows: list[list]) -> None:
        self.blocks.append(("table", header, [[str(c) for c in r] for r in rows]))

    def figure(self, name: str, fig, caption: str = "") -> None:
        """Add a matplotlib figure (closed after it is rendered to PNG), its numeric axes in
        the number format of the report's language (`sim.report.stats.fmt`)."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, ScalarFormatter

        from sim.report.stats import fmt

        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                if isinstance(axis.get_major_formatter(), ScalarFormatter):
                    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v)))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        plt.close(fig)
        self.blocks.append(("img", name, buffer.getvalue(), caption))

    def markdown(self, files: str) -> str:
        """The Markdown text, its figures linked as `<files>/<name>.png`."""
        lines = [f"# {self.title}", ""]
        for block in self.blocks:
            if block[0] == "h":
                lines += ["#" * block[1] + " " + block[2], ""]
            elif block[0] == "p":
                lines += [block[1], ""]
            elif block[0] == "table":
                header, rows = block[1], block[2]
                lines.append("| " + " | ".join(header) + " |")
                lines.append("|" + "|".join("---" for _ in header) + "|")
                lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
                lines.append("")
            elif block[0] == "img":
                lines += [f"![{block[3] or block[1]}]({files}/{block[1]}.png)", ""]
        return "\n".join(lines)

    def html(self, lang: str) -> str:
        out = [
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
            f"<title>{html.escape(self.title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{html.escape(self.title)}</h1>",
        ]
        for block in self.blocks:
            if block[0] == "open":
                out.append(f'<section id="{html.escape(block[1])}">')
            elif block[0] == "close":
                out.append("</section>")
            elif block[0] == "h":
                out.append(f"<h{block[1]}>{html.escape(block[2])}</h{block[1]}>")
            elif block[0] == "p":
                out.append(f"<p>{html.escape(block[1])}</p>")
            elif block[0] == "table":
                head = "".join(f"<th>{html.escape(c)}</th>" for c in block[1])
                body = "".join("<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in block[2])
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            elif block[0] == "img":
                data = base64.b64encode(block[2]).decode("ascii")
                alt = html.escape(block[3] or block[1])
                out.append(
                    f'<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
                    f"<figcaption>{alt}</figcaption></figure>"
                )
        out.append("</body></html>")
        return "\n".join(out)

    def write(self, folder: Path, stem: str, lang: str) -> tuple[Path, Path]:
        """Write `<stem>.md` with its figures in `<stem>_files/`, and `<stem>.html`, each
        file atomically, after all of them are rendered."""
        folder = Path(folder)
        md, page, files = folder / f"{stem}.md", folder / f"{stem}.html", f"{stem}_files"
        texts = {md: self.markdown(files), page: self.html(lang)}
        for block in self.blocks:
            if block[0] == "img":
                (folder / files).mkdir(exist_ok=True)
                path = folder / files / f"{block[1]}.png"
                atomic_write(path, lambda p, data=block[2]: Path(p).write_bytes(data))
        for path, text in texts.items():
            atomic_write(path, lambda p, text=text: Path(p).write_text(text, encoding="utf-8"))
            path.chmod(0o644)  # readable by others, like a file written directly
        return md, page


def _cell(text: str) -> str:
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        return f"<td><strong>{html.escape(text[2:-2])}</strong></td>"
    word = text.split(" ")[0].strip("*").lower()
    cls = f' class="{word}"' if word in ("holds", "fails", "unclear", "geldt", "faalt") else ""
    return f"<td{cls}>{html.escape(text)}</td>"
