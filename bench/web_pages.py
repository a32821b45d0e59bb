"""Benchmark: each kind of page alone, served by gunicorn with the production settings.

bench/web_load.py times the pages under load, where a page's time is mostly its wait in the
queue; this times what each kind of page costs a worker by itself. On bench/web_load.py's
national dataset (42 systems of 2,000 milestones, built once in its database), it starts
gunicorn on 127.0.0.1 (one sync worker, ``config.gunicorn``, ``config.settings.production``),
signs in as the programme office and as the regulator through the sign-in form, and requests each
kind of page ``--runs`` times, one at a time (the first two not counted): the median and 90th
percentile of the wall time, and the worker's CPU time a request (from ``/proc``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_web_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
      .venv/bin/python bench/web_pages.py [--runs 15] [--only dashboard,overview] [--json PATH]
"""

import argparse
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench import web_load
from bench.common import write_json

PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.30.0.1"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pages(visit: dict, runs: int, regulator: bool) -> dict[str, list[str]]:
    """Each kind of page's addresses, one for each request (records in turn)."""
    slug, milestones, workstreams = visit["slug"], visit["milestones"], visit["workstreams"]
    system = f"/s/{slug}"
    kinds = {
        "dashboard": [f"{system}/"],
        "milestones": [f"{system}/milestones/"],
        "milestones, filtered": [f"{system}/milestones/?rag=red&order=-slippage"],
        "a milestone": [f"{system}/milestones/{pk}/" for pk in milestones],
        "a workstream's timeline": [f"{system}/workstreams/{pk}/" for pk in workstreams],
        "risks": [f"{system}/risks/"],
        "escalations": [f"{system}/escalations/"],
        "finance": [f"{system}/finance/"],
    }
    if regulator:
        kinds["overview of every system"] = [f"/overview/?as_at={web_load.AS_AT}"]
    return {name: [paths[n % len(paths)] for n in range(runs)] for name, paths in kinds.items()}


def signed_in(url: str, account: dict) -> dict:
    """The cookies of a session signed in through the form. Passed as plain name and value,
    so that the secure cookies (production) go back over the local plain connection, as the
    proxy in front of a deployment would send them."""
    form = requests.get(f"{url}/login/", headers=PROXIED)
    cookies = {cookie.name: cookie.value for cookie in form.cookies}
    origin = "https://" + url.split("://", 1)[1]
    sent = requests.post(
        f"{url}/login/",
        data={
            "csrfmiddlewaretoken": CSRF_FIELD.search(form.text).group(1),
            "login": account["username"],
            "password": account["password"],
        },
        cookies=cookies,
        headers={**PROXIED, "Origin": origin, "Referer": f"{origin}/login/"},
        allow_redirects=False,
    )
    if sent.status_code != 302:
        sys.exit(f"{account['username']} was not signed in: {sent.status_code}")
    return cookies | {cookie.name: cookie.value for cookie in sent.cookies}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=42)
    parser.add_argument("--per-system", type=int, default=2000, help="milestones per system")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="comma-separated kinds of page")
    parser.add_argument("--json", metavar="PATH", help="write the results here as JSON")
    args = parser.parse_args()
    database_url = os.environ.setdefault("DATABASE_URL", web_load.DEFAULT_DATABASE)
    if not database_url.startswith(("postgres://", "postgresql://")):
        parser.error("DATABASE_URL must name a PostgreSQL database (production refuses others)")
    only = set(filter(None, args.only.split(",")))
    results = []
    with ExitStack() as cleanup:
        work = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="web-pages-")))
        plan = web_load.prepare(args, work)
        server_env = web_load.production_environment(work, secrets.token_urlsafe(64))
        web_load.collect_static(server_env, work)
        port = web_load.free_port()
        gunicorn = web_load.start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:config.gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--worker-class=sync",
                "--log-level=warning",
            ],
            server_env,
            work / "gunicorn.log",
        )
        cleanup.callback(web_load.stop, gunicorn)
        url = f"http://127.0.0.1:{port}"
        web_load.wait_until_serving(url, gunicorn, work / "gunicorn.log")
        (worker,) = web_load.worker_pids(gunicorn.pid)
        print(f"{'who':<10} {'page':<26} {'median ms':>9} {'p90 ms':>7} {'CPU ms':>7}")
        for who in ("office", "regulator"):
            cookies = signed_in(url, plan[who])
            visit = plan[who]["systems"][0]
            for name, paths in pages(visit, args.runs, who == "regulator").items():
                if only and name not in only:
                    continue
                walls, cpus = [], []
                for path in paths:
                    cpu, started = cpu_seconds(worker), time.perf_counter()
                    response = requests.get(
                        url + path, cookies=cookies, headers=PROXIED, allow_redirects=False
                    )
                    walls.append((time.perf_counter() - started) * 1000)
                    cpus.append((cpu_seconds(worker) - cpu) * 1000)
                    if response.status_code != 200:
                        sys.exit(f"{path}: {response.status_code}")
                walls, cpus = walls[2:], cpus[2:]  # the first fill caches
                median, p90 = statistics.median(walls), statistics.quantiles(walls, n=10)[-1]
                spent = statistics.median(cpus)
                print(f"{who:<10} {name:<26} {median:>9.0f} {p90:>7.0f} {spent:>7.0f}")
                results += [
                    {"name": f"{who}, {name}: median", "value": round(median, 1), "unit": "ms",
                     "target": None},
                    {"name": f"{who}, {name}: worker CPU", "value": round(spent, 1), "unit": "ms",
                     "target": None},
                ]  # fmt: skip
    if args.json:
        write_json(args.json, results)


if __name__ == "__main__":
    main()
