# ruff: noqa: E501
"""Search speed benchmark: 100,000 articles on PostgreSQL, 10,000 on SQLite.

    .venv/bin/python bench/search_bench.py            # both databases
    .venv/bin/python bench/search_bench.py --pg-articles 20000 --skip-sqlite

It never touches the development or production database: PostgreSQL runs in
its own database ``portal_search_bench`` (created, then dropped unless --keep; the
server comes from BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432),
SQLite in a temporary file. Each database runs in a child process, because
Django reads DATABASE_URL once at start-up.

Articles are recombined from Vietnamese sentences written for the portal,
inserted with bulk_create (no signals, as an import would), then indexed with
the rebuild_search_index command. Twenty typical queries (one and two words,
with and without diacritics, rare and common, a phrase) are then requested
through the test client at /tim-kiem/, so each timing covers the search, the
capped count, the page query and the template rendering of the first page.
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 45 * 60  # seconds, for each database

QUERIES = [
    "Đảng bộ",  # common, two syllables
    "dang bo",  # the same without diacritics
    "thành phố",  # very common
    "Thành uỷ",  # other tone-mark placement
    "dan van",  # no diacritics
    "DÂN VẬN",  # capitals
    "chuyển đổi số",
    "nong thon moi",
    "hội nghị",
    "cải cách hành chính",
    "Mai Pha",  # place name
    "phòng chống thiên tai",
    "kiem tra giam sat",
    "đảng viên",
    "biên giới",
    "an ninh trật tự",
    '"dân vận khéo"',  # phrase
    "Kỳ Lừa",  # rare
    '"lễ hội Nàng Hai"',  # rare phrase (each syllable alone is common)
    "cua khau tan thanh",  # rare, four words
]

CATEGORIES = [
    ("tin-tuc-su-kien", "Tin tức - Sự kiện"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("dan-van", "Dân vận"),
    ("kinh-te-xa-hoi", "Kinh tế - Xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng - An ninh"),
    ("van-hoa", "Văn hóa - Du lịch"),
    ("kiem-tra-giam-sat", "Kiểm tra - Giám sát"),
    ("tin-co-so", "Tin cơ sở"),
]

ACTORS = [
    "Thành ủy Lạng Sơn",
    "Ban Thường vụ Thành ủy",
    "Ban Dân vận Thành ủy",
    "Ủy ban Kiểm tra Thành uỷ",
    "Đảng bộ thành phố",
    "UBND thành phố Lạng Sơn",
    "Đảng ủy phường Chi Lăng",
    "Đảng ủy xã Mai Pha",
    "Chi bộ khối 4, phường Hoàng Văn Thụ",
    "Mặt trận Tổ quốc thành phố",
    "Hội Cựu chiến binh thành phố",
    "Thành đoàn Lạng Sơn",
    "Hội Liên hiệp Phụ nữ phường Đông Kinh",
    "Công an thành phố",
    "Ban Chỉ huy Quân sự thành phố",
    "Phường Vĩnh Trại",
    "Phường Tam Thanh",
    "Xã Hoàng Đồng",
]
ACTIONS = [
    "sơ kết",
    "tổng kết",
    "triển khai",
    "kiểm tra",
    "giám sát",
    "tổ chức hội nghị về",
    "ban hành kế hoạch",
    "đẩy mạnh",
    "nâng cao chất lượng",
    "tập huấn",
    "phát động thi đua về",
    "đối thoại với Nhân dân về",
    "làm việc về",
    "ra mắt mô hình",
]
TOPICS = [
    "công tác dân vận",
    "phong trào thi đua “Dân vận khéo”",
    "công tác xây dựng Đảng và hệ thống chính trị",
    "sinh hoạt chi bộ",
    "công tác kiểm tra, giám sát",
    "chuyển đổi số trong cải cách hành chính",
    "xây dựng nông thôn mới nâng cao",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "bảo đảm an ninh trật tự",
    "phát triển kinh tế cửa khẩu",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác tổ chức cán bộ",
    "kết nạp đảng viên mới",
    "giải phóng mặt bằng các dự án trọng điểm",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "công tác hòa giải ở cơ sở",
    "phát triển du lịch",
    "phòng cháy, chữa cháy mùa hanh khô",
    "giao nhận quân",
    "chăm lo gia đình chính sách",
]
TIMES = [
    "6 tháng đầu năm",
    "9 tháng đầu năm",
    "năm",
    "quý I",
    "nhiệm kỳ 2020 - 2025",
    "giai đoạn 2021 - 2025",
    "",
]
SENTENCES = [
    "Hội nghị được tổ chức trực tiếp tại hội trường Thành ủy và trực tuyến đến các điểm cầu phường, xã.",
    "Dự hội nghị có các đồng chí trong Ban Thường vụ Thành ủy, lãnh đạo các ban, ngành, đoàn thể thành phố.",
    "Trong thời gian qua, cấp ủy, chính quyền các cấp đã tập trung lãnh đạo, chỉ đạo thực hiện đồng bộ các nhiệm vụ đề ra.",
    "Công tác dân vận của các cơ quan nhà nước tiếp tục được quan tâm, góp phần củng cố niềm tin của Nhân dân.",
    "Phong trào thi đua “Dân vận khéo” được triển khai sâu rộng với nhiều mô hình hay, cách làm sáng tạo.",
    "Các chi bộ duy trì nền nếp sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt chuyên đề.",
    "Ủy ban Kiểm tra Thành ủy đã kiểm tra, giám sát theo đúng kế hoạch, kịp thời phát hiện và chấn chỉnh những hạn chế.",
    "Thành phố đẩy mạnh chuyển đổi số, 100% hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến.",
    "Kinh tế của thành phố tiếp tục tăng trưởng khá, thu ngân sách đạt và vượt dự toán được giao.",
    "Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn được giữ vững, ổn định.",
    "Lực lượng công an đã phối hợp chặt chẽ với các đơn vị liên quan, bảo đảm an ninh trật tự tuyến biên giới.",
    "Các phường, xã chủ động phương án phòng, chống thiên tai theo phương châm bốn tại chỗ.",
    "Xã Mai Pha đã hoàn thành các tiêu chí xã nông thôn mới nâng cao, đời sống người dân được cải thiện rõ rệt.",
    "Nhiều tấm gương bình dị trong học tập và làm theo lời Bác đã được biểu dương, khen thưởng.",
    "Công tác phát triển đảng viên được chú trọng, chất lượng đảng viên mới ngày càng được nâng lên.",
    "Đồng chí Bí thư Thành ủy đề nghị các cấp ủy tiếp tục quán triệt, thực hiện nghiêm các nghị quyết của Đảng.",
    "Công tác cải cách hành chính có nhiều chuyển biến tích cực, chỉ số hài lòng của người dân tăng cao.",
    "Các đoàn thể chính trị - xã hội phát huy vai trò nòng cốt trong tập hợp, vận động đoàn viên, hội viên.",
    "Hoạt động du lịch tại khu di tích Nhị Thanh, Tam Thanh thu hút đông đảo du khách trong và ngoài tỉnh.",
    "Thành phố tập trung tháo gỡ vướng mắc trong giải phóng mặt bằng để bàn giao đất sạch cho nhà đầu tư.",
    "Đảng bộ thành phố Lạng Sơn hiện có hơn 6.000 đảng viên sinh hoạt tại các chi bộ, đảng bộ trực thuộc.",
    "Các khu dân cư tổ chức Ngày hội Đại đoàn kết toàn dân tộc vui tươi, tiết kiệm, an toàn.",
    "Thanh niên thành phố tích cực tham gia các hoạt động tình nguyện vì cộng đồng.",
    "Hội nghị cũng chỉ ra một số hạn chế, khuyết điểm cần sớm khắc phục trong thời gian tới.",
    "Đồng chí Phó Bí thư Thường trực Thành ủy phát biểu kết luận hội nghị.",
    "Thành phố Lạng Sơn quan tâm chăm lo đời sống gia đình chính sách, người có công với cách mạng.",
    "Mô hình “Khu phố sạch, không rác thải nhựa” được nhân rộng ở nhiều phường.",
    "Các cơ quan báo chí đã kịp thời tuyên truyền, phản bác các quan điểm sai trái, thù địch.",
]
RARE_SENTENCES = [
    "Lễ hội Nàng Hai của đồng bào Tày được phục dựng, thu hút đông đảo người dân tham gia.",
    "Hoạt động xuất nhập khẩu qua cửa khẩu Tân Thanh diễn ra thông suốt.",
    "Đoàn công tác đã dâng hương tại đền Kỳ Cùng và tham quan chợ Kỳ Lừa.",
]


def vn(text):
    return unicodedata.normalize("NFC", text)


def make_articles(count, categories, rng):
    from django.utils import timezone

    from news.models import Article

    now = timezone.now()
    ten_years = 10 * 365 * 24 * 3600
    for n in range(count):
        title = " ".join(
            part
            for part in (
                rng.choice(ACTORS),
                rng.choice(ACTIONS),
                rng.choice(TOPICS),
                rng.choice(TIMES),
            )
            if part
        )
        lead = " ".join(rng.sample(SENTENCES, 2))
        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            sentences = rng.sample(SENTENCES, rng.randint(2, 4))
            if rng.random() < 0.004:
                sentences.append(rng.choice(RARE_SENTENCES))
            text = " ".join(sentences)
            if rng.random() < 0.3:
                text = f"<strong>{text}</strong>"
            paragraphs.append(f"<p>{text}</p>")
        yield Article(
            title=vn(title),
            slug=f"bai-{n}",
            lead=vn(lead),
            body=vn("".join(paragraphs)),
            category=rng.choice(categories),
            byline="Phóng viên",
            status=Article.Status.PUBLISHED if rng.random() < 0.97 else Article.Status.DRAFT,
            published_at=now - timezone.timedelta(seconds=rng.randint(60, ten_years)),
        )


def run_child(vendor, articles):
    """Runs inside a child process whose DATABASE_URL points at the bench database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from news.models import Article, Category

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    if Article.objects.exists():  # --reuse: the articles are already there
        print(json.dumps({"timings": {}, "results": measure(Article)}))
        return
    rng = random.Random(2019)
    categories = [Category.objects.create(name=vn(name), slug=slug) for slug, name in CATEGORIES]
    started = time.perf_counter()
    if vendor == "postgresql":
        with connection.cursor() as cursor:  # an import loads first, indexes after
            cursor.execute("ALTER TABLE news_article DISABLE TRIGGER news_article_search_update")
    batch = []
    for article in make_articles(articles, categories, rng):
        batch.append(article)
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE news_article ENABLE TRIGGER news_article_search_update")
    timings["insert"] = time.perf_counter() - started

    started = time.perf_counter()
    with transaction.atomic():
        call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
    timings["rebuild_index"] = time.perf_counter() - started
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) news_article")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    print(json.dumps({"timings": timings, "results": measure(Article)}))


def measure(Article):  # noqa: N803 (the model is imported after django.setup())
    from django.test import Client

    from search import count as search_count

    client = Client()
    results = {}
    for sort in ("", "date"):
        for query in QUERIES:
            params = {"q": query, **({"sort": sort} if sort else {})}
            response = client.get("/tim-kiem/", params)  # warm-up
            assert response.status_code == 200, (query, response.status_code)
            samples = []
            for _ in range(5):
                t0 = time.perf_counter()
                response = client.get("/tim-kiem/", params)
                samples.append((time.perf_counter() - t0) * 1000)
            count = search_count(Article.objects.published(), query, limit=1001)
            count, capped = min(count, 1000), count > 1000
            results[f"{query}|{sort}"] = {"ms": samples, "count": count, "capped": capped}
    return results


def summarise(label, data):
    print(f"\n== {label}")
    t = data["timings"]
    if t:
        print(
            f"migrate {t['migrate']:.1f} s, bulk insert {t['insert']:.1f} s, "
            f"rebuild_search_index {t['rebuild_index']:.1f} s"
        )
    for sort, title in (("", "by relevance"), ("date", "newest first")):
        every = []
        print(f"\n  {title}:  {'query':<26} {'results':>9} {'median ms':>10} {'max ms':>8}")
        for query in QUERIES:
            row = data["results"][f"{query}|{sort}"]
            every += row["ms"]
            count = ("> " if row["capped"] else "") + str(row["count"])
            print(
                f"  {'':<14}{query:<26} {count:>9} {statistics.median(row['ms']):>10.1f}"
                f" {max(row['ms']):>8.1f}"
            )
        every.sort()
        p95 = every[max(0, round(0.95 * len(every)) - 1)]
        print(
            f"  {title}: median {statistics.median(every):.1f} ms, p95 {p95:.1f} ms "
            f"({len(every)} requests)"
        )


def child_env(database_url, var_dir):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=var_dir,
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_REPLICA_URL", None)
    return env


def spawn(vendor, articles, env):
    process = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", vendor, "--articles", str(articles)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    if process.returncode:
        sys.stderr.write(process.stderr[-4000:])
        raise SystemExit(f"{vendor} benchmark failed")
    return json.loads(process.stdout.strip().splitlines()[-1])


def bench_postgres(articles, keep, reuse, var_dir):
    import psycopg

    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    parts = urlsplit(server)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    bench_url = urlunsplit(parts._replace(path="/portal_search_bench"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'portal_search_bench'"
        ).fetchone()
        if not (reuse and exists):
            conn.execute("DROP DATABASE IF EXISTS portal_search_bench")
            conn.execute("CREATE DATABASE portal_search_bench")
    try:
        env = child_env(bench_url, var_dir)
        env["DATABASE_POOL"] = "0"
        return spawn("postgresql", articles, env)
    finally:
        if not (keep or reuse):
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS portal_search_bench WITH (FORCE)")


def bench_sqlite(articles, var_dir):
    path = Path(var_dir) / "bench.sqlite3"
    return spawn("sqlite", articles, child_env(f"sqlite:///{path}", var_dir))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-articles", type=int, default=100_000)
    parser.add_argument("--sqlite-articles", type=int, default=10_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the portal_search_bench database")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse (and keep) the portal_search_bench database"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.articles)
        return
    with tempfile.TemporaryDirectory(prefix="search-bench-") as var_dir:
        if not args.skip_postgres:
            summarise(
                f"PostgreSQL, {args.pg_articles:,} articles",
                bench_postgres(args.pg_articles, args.keep, args.reuse, var_dir),
            )
        if not args.skip_sqlite:
            summarise(
                f"SQLite, {args.sqlite_articles:,} articles",
                bench_sqlite(args.sqlite_articles, var_dir),
            )


if __name__ == "__main__":
    main()
