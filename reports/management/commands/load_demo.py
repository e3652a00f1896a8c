from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import load_demo_users
from areas.demo import demo_province, load_demo_villages


class Command(BaseCommand):
    help = "Load demo data for the demo province (Lâm Đồng). Safe to run again: keeps what exists."

    @transaction.atomic
    def handle(self, *args, **options):
        province = demo_province()
        villages = load_demo_villages()
        users = load_demo_users(province)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for {province.name}: {villages} villages and {users} users created."
            )
        )
