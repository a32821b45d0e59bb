"""The people bench/web_load.py sends at the server: a locustfile, read by locust in its own
process (locust patches the standard library with gevent, so the benchmark never imports it).

Half are a programme office of one system, half a regulator of every system. Each signs in
through the sign-in form, as a browser does, then moves from page to page with a pause between
(``think`` seconds on average), now and then signing in again as a new visit. Every request
says it came through the TLS-terminating proxy, as in a deployment: ``X-Forwarded-Proto:
https`` (which the production settings trust, so their HTTPS redirect and secure cookies hold;
the client keeps secure cookies over the local plain connection) and ``X-Forwarded-For`` with
the person's own address (the server is told of one proxy, TRUSTED_PROXY_COUNT=1, so sign-in
limits count each person, not the proxy).

The accounts, passwords and records to visit come from the JSON file named by BENCH_WEB_PLAN.
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_WEB_PLAN"]).read_text())
THINK = float(PLAN["think"])
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
PEOPLE = itertools.count(1)
# The register's filters a person uses most: red ones worst first, key ones, overdue ones, one
# workstream's.
FILTERS = (
    {"rag": "red", "order": "-slippage"},
    {"key": "1"},
    {"overdue": "1", "order": "-slippage"},
    {"workstream": None},
)


class Visitor(FastHttpUser):
    abstract = True
    wait_time = between(THINK / 2, THINK * 3 / 2)
    account: dict

    def on_start(self) -> None:
        self.origin = "https://" + urlsplit(self.host).netloc
        person = next(PEOPLE)
        self.proxied = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.20.{person // 250}.{person % 250 + 1}",
        }
        # Behind the proxy the browser's connection is HTTPS: it sends the secure cookies back.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.sign_in()

    def sign_in(self) -> None:
        self.client.cookiejar.clear()
        with self.client.get(
            "/login/", headers=self.proxied, name="sign in: the form", catch_response=True
        ) as response:
            token = CSRF_FIELD.search(response.content or b"")
            if response.status_code != 200 or token is None:
                response.failure(f"{response.status_code}: no sign-in form")
                return
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "login": self.account["username"],
                "password": self.account["password"],
            }
        )
        headers = {
            **self.proxied,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + "/login/",
        }
        with self.client.post(
            "/login/",
            data=body,
            headers=headers,
            allow_redirects=False,
            name="sign in: sent",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: not signed in")

    def page(self, path: str, name: str, query: dict | None = None) -> None:
        """A page that must answer 200 itself: a redirect (to the sign-in page, say) fails."""
        if query:
            path = f"{path}?{urlencode(query)}"
        with self.client.get(
            path, headers=self.proxied, allow_redirects=False, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())

    def system(self) -> dict:
        return random.choice(self.account["systems"])

    # About one page in 30 starts a new visit: a person signs in, then reads a few dozen pages.
    @task(1)
    def new_visit(self) -> None:
        self.sign_in()

    @task(6)
    def dashboard(self) -> None:
        self.page(f"/s/{self.system()['slug']}/", "dashboard")

    @task(6)
    def milestones(self) -> None:
        self.page(f"/s/{self.system()['slug']}/milestones/", "milestones")

    @task(4)
    def milestones_filtered(self) -> None:
        system = self.system()
        query = dict(random.choice(FILTERS))
        if "workstream" in query:
            query["workstream"] = random.choice(system["workstreams"])
        self.page(f"/s/{system['slug']}/milestones/", "milestones, filtered", query)

    @task(6)
    def milestone(self) -> None:
        system = self.system()
        pk = random.choice(system["milestones"])
        self.page(f"/s/{system['slug']}/milestones/{pk}/", "a milestone")

    @task(2)
    def timeline(self) -> None:
        system = self.system()
        pk = random.choice(system["workstreams"])
        self.page(f"/s/{system['slug']}/workstreams/{pk}/", "a workstream's timeline")

    @task(2)
    def risks(self) -> None:
        self.page(f"/s/{self.system()['slug']}/risks/", "risks")

    @task(2)
    def escalations(self) -> None:
        self.page(f"/s/{self.system()['slug']}/escalations/", "escalations")

    @task(2)
    def finance(self) -> None:
        self.page(f"/s/{self.system()['slug']}/finance/", "finance")


class ProgrammeOffice(Visitor):
    account = PLAN["office"]


class Regulator(Visitor):
    account = PLAN["regulator"]

    @task(2)
    def overview(self) -> None:
        self.page("/overview/", "overview of every system", {"as_at": PLAN["as_at"]})
