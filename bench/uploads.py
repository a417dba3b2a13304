"""`make bench-uploads`: crafted uploads against `make serve`, with editors at work meanwhile.

Method (issue 17; README, "Security", "Parsing uploads"):
1. A scratch SQLite database (the default install: every transaction takes
   the write lock) or PostgreSQL (`--db postgres`), migrated; a contributor
   and an editor with admin sessions.
2. gunicorn with `gunicorn.conf.py` as `make serve` runs it: 2 × cores + 1
   workers, their threads, DEBUG off.
3. Each crafted file of the issue, uploaded alone through the real admin
   form as the contributor: how long the request took, what it answered
   (saved, or the refusal shown), and the peak memory of the workers and
   every process under them (the sandbox's children) while it ran.
4. The same file five times at once, while the editor opens `/admin/` every
   0.2 s (each request writes its session, so a held write lock shows): the
   slowest upload, the editor's median and slowest answer, any status but
   200, and whether gunicorn killed a worker.
5. Five 40-megapixel WebP photos at once through the editor's picker, the
   same way.

It prints one table and exits non-zero when a worker was killed, an editor's
request took more than a second or failed, or memory passed 4 GB. Bounded:
about two minutes on a 2-core machine.
"""

import argparse
import io
import json
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench import Bench, log  # noqa: E402
from tests.documents import attack_samples  # noqa: E402 - the issue's files, one definition

PORT = 8350
EDITOR_LIMIT_S = 1.0
MEMORY_LIMIT_KIB = 4 * 1024 * 1024

SETUP = """
import json
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from accounts.models import User
from accounts.roles import CONTRIBUTOR, EDITOR
from documents.models import DocumentType, Issuer, Term
sessions = {}
for name, role in (("bench-phongvien", CONTRIBUTOR), ("bench-bientap", EDITOR)):
    user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True,
        "display_name": name})
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
print(json.dumps({"sessions": sessions,
    "doc_type": DocumentType.objects.get(name="Nghị quyết").pk,
    "issuer": Issuer.objects.get(name="Ban Thường vụ Tỉnh ủy").pk,
    "term": Term.objects.first().pk}))
"""


def webp_40mp():
    from PIL import Image

    image = Image.effect_noise((8000, 5000), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "WEBP", quality=30, method=0)
    return out.getvalue()


FILES_ALL = [
    ("DOCX: 400 KB of “<”", "ke-hoach.docx", attack_samples.docx_of_angle_brackets),
    ("ODT: 400 KB of “<”", "ke-hoach.odt", attack_samples.odt_of_angle_brackets),
    ("PDF: 500 pages, one stream of 200,000 operators", "nghi-quyet.pdf",
     attack_samples.pdf_of_path_operators),
    ("PDF: the same, 8 pages", "nghi-quyet-8.pdf",
     lambda: attack_samples.pdf_of_path_operators(pages=8)),
    ("DOCX: unpacks to 190 MB of two-letter words", "bao-cao.docx",
     attack_samples.docx_of_short_words),
]  # fmt: skip
FILES = FILES_ALL


class Session:
    """One logged-in user talking to the server (cookies kept by hand: no library needed)."""

    def __init__(self, base, session_key):
        self.base = base
        self.cookies = {"sessionid": session_key}

    def _open(self, request, timeout=120):
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", self.base + "/admin/")
        try:
            response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        # urllib follows a redirect: a saved form comes back as the list it led to.
        moved = response.geturl() != request.full_url
        status = 302 if moved else response.status
        return status, response.read().decode("utf-8", "replace")

    def get(self, path):
        return self._open(urllib.request.Request(self.base + path))

    def csrf(self, path):
        status, html = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not found:
            raise SystemExit(f"no form at {path} ({status})")
        return found.group(1)

    def post_multipart(self, path, fields, files):
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                       f"{value}\r\n".encode())  # fmt: skip
        for name, (filename, content) in files.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(self.base + path, data=body.getvalue(), method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        return self._open(request)


def verdict(status, html):
    """'saved' (a redirect), or the refusal the form shows."""
    if status in (301, 302):
        return "saved"
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    errors += re.findall(r'<p class="errornote">(.*?)</p>', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", e) for e in errors)
    text = " ".join(text.split())
    return f"refused: {text[:110]}" if text else f"HTTP {status}"


class UploadBench(Bench):
    def __init__(self, args):
        super().__init__(args, port=PORT, db_name="portal_uploadbench")
        self.env.pop("GUNICORN_WORKERS")  # as `make serve`: 2 × cores + 1
        self.env["PORTAL_SANDBOX_DIR"] = str(self.tmp / "sandbox")

    def document_form(self, ids, number):
        return {
            "doc_type": ids["doc_type"],
            "number_symbol": f"{number}-NQ/TU",
            "issuer": ids["issuer"],
            "term": ids["term"],
            "issued_on": "2026-09-05",
            "place": "Lạng Sơn",
            "summary": "về tăng cường công tác dân vận",
            "signing_authority": "T/M",
            "signer_position": "BÍ THƯ",
            "classification": "",
            "circulation": "public",
            "status": "draft",
            "confirm_duplicate": "on",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-original_name": "",
            "attachments-0-order": "0",
            "outgoing_relations-TOTAL_FORMS": "0",
            "outgoing_relations-INITIAL_FORMS": "0",
        }

    def upload_document(self, ids, name, content, number):
        session = Session(self.base, ids["sessions"]["bench-phongvien"])
        path = "/admin/documents/document/add/"
        fields = {"csrfmiddlewaretoken": session.csrf(path), **self.document_form(ids, number)}
        started = time.monotonic()
        status, html = session.post_multipart(path, fields, {"attachments-0-file": (name, content)})
        return time.monotonic() - started, verdict(status, html)

    def upload_photo(self, ids, content, number):
        session = Session(self.base, ids["sessions"]["bench-bientap"])
        path = "/admin/images/image/picker/?ham=-1"
        fields = {
            "csrfmiddlewaretoken": session.csrf(path),
            "upload-title": f"Ảnh thử {number}",
            "upload-alt_text": "Quang cảnh hội nghị",
            "upload-caption": "",
            "upload-credit": "",
        }
        started = time.monotonic()
        status, html = session.post_multipart(
            path, fields, {"upload-file": (f"anh-{number}.webp", content)}
        )
        saved = "data-auto-pick=" in html  # the picker hands the new photo back
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
        text = " ".join(" ".join(re.sub(r"<[^>]+>", " ", e).split()) for e in errors)
        return time.monotonic() - started, (f"refused: {text[:110]}" if text else
                                            "saved" if saved else f"HTTP {status}")  # fmt: skip

    def peak_memory(self, work):
        """Run ``work()``; (its result, the peak RSS in KiB of gunicorn and everything under it)."""
        peak, done = [0], threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], self.tree_rss_kib())
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            return work(), peak[0]
        finally:
            done.set()
            sampler.join()

    def tree_rss_kib(self):
        pids, total, queue = set(), 0, [str(self.server.pid)]
        while queue:
            pid = queue.pop()
            if pid in pids:
                continue
            pids.add(pid)
            children = Path(f"/proc/{pid}/task/{pid}/children")
            try:
                queue += children.read_text().split()
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", status)
            total += int(found.group(1)) if found else 0
        return total

    def with_editor(self, ids, uploads):
        """Run ``uploads`` (callables) at once while the editor opens /admin/ every 0.2 s."""
        editor = Session(self.base, ids["sessions"]["bench-bientap"])
        answers, results, done = [], [None] * len(uploads), threading.Event()

        def watch():
            while not done.is_set():
                started = time.monotonic()
                status, _html = editor.get("/admin/")
                answers.append((time.monotonic() - started, status))
                time.sleep(0.2)

        def run(index, upload):
            results[index] = upload()

        watcher = threading.Thread(target=watch)
        watcher.start()
        threads = [threading.Thread(target=run, args=item) for item in enumerate(uploads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        watcher.join()
        times = [seconds for seconds, _status in answers]
        failed = [status for _seconds, status in answers if status != 200]
        return results, times, failed

    def killed_workers(self):
        log_file = self.tmp / "gunicorn.err"
        return log_file.read_text().count("WORKER TIMEOUT") if log_file.exists() else 0

    def run(self):
        self.prepare()
        ids = self.shell_json(SETUP)
        self.start_server()
        # Every worker thread has answered once (templates, URLs), as on a running site.
        editor = Session(self.base, ids["sessions"]["bench-bientap"])
        for _ in range(40):
            editor.get("/admin/")
        rows, problems = [], []
        log("\nOne upload at a time, then five at once with an editor at work:\n")
        for number, (label, name, build) in enumerate(FILES, start=1):
            content = build()
            (seconds, answer), peak = self.peak_memory(
                lambda n=number, c=content, f=name: self.upload_document(ids, f, c, n)
            )
            base = number * 100
            (results, editor, failed), peak_five = self.peak_memory(
                lambda c=content, f=name, b=base: self.with_editor(
                    ids, [lambda i=i: self.upload_document(ids, f, c, b + i) for i in range(5)]
                )
            )
            rows.append((label, len(content), seconds, answer, max(r[0] for r in results),
                         editor, failed, max(peak, peak_five)))  # fmt: skip
        photo = webp_40mp()
        (single, _peak) = self.peak_memory(lambda: self.upload_photo(ids, photo, 0))
        (results, editor, failed), peak = self.peak_memory(
            lambda: self.with_editor(
                ids, [lambda i=i: self.upload_photo(ids, photo, i) for i in range(5)]
            )
        )
        rows.append(("Photo: 40-megapixel WebP (picker), ×5", len(photo), single[0], single[1],
                     max(r[0] for r in results), editor, failed, peak))  # fmt: skip
        killed = self.killed_workers()
        self.print_rows(rows, killed)
        for label, _size, _one, _answer, _five, editor, failed, peak in rows:
            if failed:
                problems.append(f"{label}: the editor got {failed}")
            if editor and max(editor) > EDITOR_LIMIT_S:
                problems.append(f"{label}: an editor's /admin/ took {max(editor):.2f} s")
            if peak > MEMORY_LIMIT_KIB:
                problems.append(f"{label}: {peak / 1024:.0f} MB in use")
        if killed:
            problems.append(f"gunicorn killed {killed} worker(s)")
        for problem in problems:
            log("FAIL: " + problem)
        return not problems

    def print_rows(self, rows, killed):
        log(f"{'file':<48} {'size':>8} {'alone':>7}  {'5 at once':>9}  "
            f"{'editor p50/max':>15}  {'peak MB':>7}  answer")  # fmt: skip
        for label, size, one, answer, five, editor, failed, peak in rows:
            p50 = statistics.median(editor) if editor else 0
            worst = max(editor) if editor else 0
            log(f"{label:<48} {size / 1024:>6.0f}KB {one:>6.2f}s  {five:>8.2f}s  "
                f"{p50:>6.2f}/{worst:>5.2f}s{'!' if failed else ' '}  {peak / 1024:>7.0f}  "
                f"{answer}")  # fmt: skip
        log(f"\nWorkers killed by gunicorn: {killed}")
        self.results = {"rows": rows, "killed": killed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--cache", choices=["redis", "file"], default="file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    bench = UploadBench(args)
    try:
        ok = bench.run()
        if args.json:
            Path(args.json).write_text(json.dumps(bench.results, default=str, indent=1))
    finally:
        bench.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
