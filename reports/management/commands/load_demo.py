from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import load_demo_users
from areas.demo import DEMO_COMMUNES, demo_province, load_demo_villages
from areas.scoping import unscoped
from awards.demo import load_demo_awards
from models_registry.demo import load_demo_registry
from patrols.demo import load_demo_patrols


class Command(BaseCommand):
    help = "Load demo data for the demo province (Lâm Đồng). Safe to run again: keeps what exists."

    @transaction.atomic
    @unscoped("the demo data is loaded for every unit")
    def handle(self, *args, **options):
        province = demo_province()
        villages = load_demo_villages()
        users = load_demo_users(province)
        models = load_demo_registry(list(DEMO_COMMUNES))
        shifts = load_demo_patrols()
        awards = load_demo_awards(province)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for {province.name}: {villages} villages, {users} users, "
                f"{models} grassroots models, {shifts} patrol shifts and {awards} "
                "commendations created."
            )
        )
