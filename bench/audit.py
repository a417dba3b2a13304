"""Lighthouse (mobile) and the Nu HTML Checker on the public pages of a running site.

    make audit                                  # serves var/ (after `make run`) itself
    make audit AUDIT_ARGS="--url https://…"     # or audits a running portal

The pages are found from the site itself: the home page, the first article and
category, the document library, a document, its type, issuer and signer pages,
the introduction and a search. Lighthouse (npm ``lighthouse``) drives Debian's
Chromium; the checker is npm's ``vnu-jar`` on the machine's Java. Both are
installed with npm into ``var/audit/`` on the first run. Fails when a
category scores under 95 or the checker reports an error. Search and filtered
lists are ``noindex`` on purpose (endless combinations), so their SEO score is
reported and not judged. A page under 95 is run twice more and judged on the
median, since the performance score moves with the machine's load.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "var" / "audit"
CHROMIUM = "/usr/bin/chromium"
MINIMUM = 95


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own site)
        return response.read().decode()


def first(pattern, html):
    match = re.search(pattern, html)
    return match.group(1) if match else None


def pages(base):
    home = fetch(base + "/")
    library = fetch(base + "/van-ban/")
    found = ["/", "/gioi-thieu/", "/van-ban/", "/tim-kiem/?q=dan+van", "/van-ban/?q=15+nq+tu"]
    found.append(first(r'href="(/[a-z0-9-]+/[a-z0-9-]+-\d+/)"', home))  # an article
    category = r'href="(/(?!van-ban/|rss/|gioi-thieu/|tim-kiem/)[a-z0-9-]+/)"'
    found.append(first(category, home))
    document = first(r'href="(/van-ban/[a-z0-9-]+-\d+/)"', library)
    found.append(document)
    if document:
        detail = fetch(base + document)
        for kind in ("loai", "co-quan", "nguoi-ky"):
            found.append(first(rf'href="(/van-ban/{kind}/[a-z0-9-]+/)"', detail))
    return [page for page in dict.fromkeys(found) if page]


def install():
    if not (TOOLS / "node_modules" / ".bin" / "lighthouse").exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--silent",
             "lighthouse@12", "vnu-jar"],
            check=True,
        )  # fmt: skip


def lighthouse(url, out):
    subprocess.run(
        [str(TOOLS / "node_modules" / ".bin" / "lighthouse"), url, "--quiet",
         "--chrome-flags=--headless=new --no-sandbox", "--output=json", f"--output-path={out}"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=240,
    )  # fmt: skip
    report = json.loads(Path(out).read_text())
    return {name: round(c["score"] * 100) for name, c in report["categories"].items()}


def nu(html_files):
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "gnu", *map(str, html_files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return [line for line in result.stderr.splitlines() if line.strip()]


@contextmanager
def served(port=8799):
    """``make serve`` (gunicorn, DEBUG off) on the local database, for the audit's length."""
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                fetch(base + "/robots.txt")
                break
            except OSError:
                time.sleep(1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal; without it, `make serve` is started")
    url = parser.parse_args().url
    install()
    if url:
        run(url.rstrip("/"))
    with served() as base:
        run(base)


def run(base):
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        saved = []
        for i, page in enumerate(pages(base)):
            html = Path(tmp) / f"page{i}.html"
            html.write_text(fetch(base + page))
            saved.append(html)
            scores = lighthouse(base + page, Path(tmp) / f"lh{i}.json")
            if min(scores.values()) < MINIMUM:
                # Performance moves with the machine's load: judge the median
                # of three runs, as Lighthouse's own docs advise.
                runs = [scores] + [lighthouse(base + page, Path(tmp) / "again.json") for _ in "ab"]
                scores = {k: sorted(run[k] for run in runs)[1] for k in scores}
            judged = {k: v for k, v in scores.items() if not ("?" in page and k == "seo")}
            low = {k: v for k, v in judged.items() if v < MINIMUM}
            failed |= bool(low)
            print(f"{'FAIL' if low else 'ok  '} {page}  {scores}")
        errors = nu(saved)
        for line in errors:
            print("Nu:", line)
        failed |= bool(errors)
        print(f"Nu HTML Checker: {len(errors)} errors in {len(saved)} pages")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
