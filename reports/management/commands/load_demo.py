import datetime
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo import DEMO_USERS, load_demo_users
from accounts.models import User
from areas.demo import SIZES, load_demo_villages, plan
from areas.scoping import unscoped
from awards.demo import load_demo_awards
from models_registry.demo import load_demo_registry
from models_registry.demo_signoff import load_demo_signoff
from patrols.demo import load_demo_patrols
from reports.demo import load_demo_reports


class Command(BaseCommand):
    help = (
        "Load the demo province (Lâm Đồng): history from 1 January three years back up to "
        "yesterday. Run again, it keeps the data and extends the history up to its own day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            default="full",
            help="full (make demo) or small (tests): the same story with fewer rows.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the demo is made on (YYYY-MM-DD, not after today); default today.",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Start from an empty database: drop every table of this database (the demo's "
            "own), migrate, load the areas, then the demo.",
        )

    def handle(self, *args, size, today, fresh, **options):
        started = time.perf_counter()
        real_today = timezone.localdate()
        today = today or real_today
        if today > real_today:
            raise CommandError("The demo cannot be made on a day after today.")
        if fresh:
            self._empty_database()
        with unscoped("the demo data is loaded for every unit"), transaction.atomic():
            demo = plan(today, SIZES[size])
            villages = load_demo_villages(demo)
            users = load_demo_users(demo.province)
            models = load_demo_registry(demo)
            shifts, incidents = load_demo_patrols(demo)
            awards = load_demo_awards(demo)
            reports = load_demo_reports(demo)
            # Last: an approved month locks its records; not from a silent team's last shift
            # on, as a later run goes on writing its log from there.
            months = load_demo_signoff(demo, held=_silent_since(demo))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for {demo.province.name} ({len(demo.communes)} communes, "
                f"{demo.start:%d/%m/%Y}–{today:%d/%m/%Y}): {villages} villages, {users} users, "
                f"{models} grassroots models, {shifts} patrol shifts, {incidents} incidents, "
                f"{awards} commendations, {reports} review reports and {months} commune "
                f"months signed off created "
                f"in {time.perf_counter() - started:.0f} s."
            )
        )

    def _empty_database(self) -> None:
        """Drop the schema and build it again, as a fresh clone's first `make demo` does.
        Refused on a database with users of its own: it is not a demo's."""
        tables = connection.introspection.table_names()
        if User._meta.db_table in tables:
            with unscoped("counting the users of the database about to be emptied"):
                others = User.objects.exclude(username__in=DEMO_USERS).count()
            if others:
                raise CommandError(
                    f"This database has {others} users besides the demo's: it is not a demo "
                    "database, so --fresh will not empty it."
                )
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_areas", verbosity=0)


def _silent_since(demo) -> dict[int, datetime.date]:
    """Each commune with a patrol team silent for over 30 days: the month of the earliest such
    team's last shift."""
    from django.db.models import Max, Q

    from models_registry.models import GrassrootsModel, ModelCategory

    quiet = (
        GrassrootsModel.objects.filter(
            commune__in=demo.communes, model_type__category=ModelCategory.PATROL
        )
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=demo.today))
        .annotate(last=Max("shifts__day"))
        .filter(last__lt=demo.today - datetime.timedelta(days=30))
        .values_list("commune_id", "last")
    )
    held: dict[int, datetime.date] = {}
    for commune, last in quiet:
        month = last.replace(day=1)
        held[commune] = min(held.get(commune, month), month)
    return held
