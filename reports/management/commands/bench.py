"""Generate the benchmark province once (cached in its own database) and time the dashboards;
then weigh and time the commune officer's pages in Chromium on the demo data, served as in
production (``reports/bench/pages.py``); then post shifts at rising rates and read the
dashboards, ten at a time, against gunicorn on a copy of the benchmark database
(``reports/bench/load.py``). ``--only national`` (``make bench-national``, not part of
``make bench``): the generated country (``reports/bench/national.py``)."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections

from areas.scoping import unscoped
from reports import bench
from reports.bench import generate, load, measure, national, pages, readme

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "bench" / "results.json"


class Command(BaseCommand):
    help = "Benchmark the dashboards on a generated province (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
        parser.add_argument("--page-runs", type=int, default=5)
        parser.add_argument(
            "--only",
            choices=["server", "pages", "load", "national"],
            help="measure one part; the other parts' figures are kept from the output file "
            "(national: the generated country, only when asked)",
        )
        parser.add_argument(
            "--load-source",
            help="the database the load part copies and serves (default: the benchmark "
            "database, generated if missing)",
        )
        parser.add_argument(
            "--province", default="B10", help="the province whose officers and staff the load uses"
        )

    @unscoped("the benchmark generates and counts whole provinces")
    def handle(
        self,
        *args,
        runs: int,
        output: str,
        page_runs: int,
        only: str | None,
        load_source: str | None,
        province: str,
        **options,
    ):
        server = data = page_figures = load_figures = national_figures = None
        if only == "national":
            national_figures = self._national(runs)
        if only in (None, "server"):
            server, data = self._server(runs)
        if only in (None, "pages"):
            page_figures = pages.run(connection.settings_dict, page_runs)
        if only in (None, "load"):
            if load_source is None:
                self._bench_data()
                load_source = connection.settings_dict["NAME"]
            load_figures = load.run(load_source, province)
        measure.write_results(
            Path(output),
            server=server,
            data=data,
            pages=page_figures,
            load=load_figures,
            national=national_figures,
        )
        bench.log(f"Written to {output}")
        if Path(output) == DEFAULT_OUTPUT:
            readme.write(DEFAULT_OUTPUT, Path(settings.BASE_DIR) / "README.md")
            bench.log("README.md's figures rewritten from it")

    def _bench_data(self) -> None:
        """The benchmark database, its provinces generated if missing."""
        if connection.settings_dict["NAME"].endswith("_bench"):
            return  # switched to it, and generated, by the server part
        self._use_bench_database()
        call_command("migrate", verbosity=0)
        missing = generate.missing_provinces()
        if missing:
            bench.log(
                f"Generating {', '.join(p.label for p in missing)} (once; kept in this database) …"
            )
            started = time.perf_counter()
            generate.generate()
            bench.log(f"Generated in {time.perf_counter() - started:.0f} s")
        else:
            bench.log("Benchmark data already generated; reusing it.")

    def _server(self, runs: int) -> tuple[dict, dict]:
        """The dashboards timed through Django's test client on the generated provinces."""
        self._bench_data()
        data = {p.code: generate.counts(p.code) for p in bench.PROVINCES}
        for code, figures in data.items():
            bench.log(f"  {code}: {figures}")
        bench.log(f"Timing (median of {runs} runs, server side):")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # The review report is timed from the request to the PDF with the job run inline,
        # whatever broker the environment names (a queued job would wait for a worker).
        from config.celery import app

        app.conf.task_always_eager = True
        results = measure.measure(runs)
        for name, value in results["ratios"].items():
            bench.log(f"  {name:<34} {value:>8.2f} ×")
        return results, data

    def _national(self, runs: int) -> dict:
        """The country generated once in <name>_national (B10 alone in <name>_bench, generated
        there if missing), and its dashboards timed against B10's alone."""
        bench_database = self._use_bench_database()
        call_command("migrate", verbosity=0)
        if generate.missing_provinces([national.BENCH_PROVINCE]):
            bench.log("Generating the bench province B10 (once; kept in this database) …")
            generate.generate([national.BENCH_PROVINCE])
        self._use_bench_database("_national")
        call_command("migrate", verbosity=0)
        generation = None
        if national.is_complete():
            bench.log("The country is already generated; reusing it.")
        else:
            seconds = national.generate()
            generation = {
                "seconds": round(seconds),
                "max_seconds": national.GENERATION_S_MAX,
                "commit": measure._commit(),
                "date": measure._now(),
            }
        data = {
            national.COUNTRY_CODE: generate.counts(national.COUNTRY_CODE, level=0),
            national.BENCH_PROVINCE.code: generate.counts(national.BENCH_PROVINCE.code),
        }
        for code, figures in data.items():
            bench.log(f"  {code}: {figures}")
        bench.log(f"Timing (median of {runs} runs, server side, in turns):")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        return {"data": data, "generation": generation, **national.measure(bench_database, runs)}

    def _use_bench_database(self, suffix: str = "_bench") -> str:
        """Switch the default connection to <name><suffix> on the same server, creating it;
        its name."""
        # <name> is the database the command was started on (<name>_bench names itself).
        if not hasattr(self, "_base_name"):
            self._base_name = connection.settings_dict["NAME"].removesuffix("_bench")
        bench_name = f"{self._base_name}{suffix}"
        # The server's maintenance database, as Django's test runner does it.
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_name])
            if cursor.fetchone() is None:
                cursor.execute(
                    f"CREATE DATABASE \"{bench_name}\" ENCODING 'UTF8' TEMPLATE template0"
                )
        connection.close()
        for alias in (connection.alias,):
            connections[alias].settings_dict["NAME"] = bench_name
            settings.DATABASES[alias]["NAME"] = bench_name
        # Every read on the bench database: a configured read replica holds the real data.
        settings.READ_REPLICA = None
        bench.log(f"Benchmark database: {bench_name}")
        return bench_name
