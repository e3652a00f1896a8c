from django.core.management.base import BaseCommand

from areas.loader import load_areas


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes, and the pre-2025 tree with its old→new mapping."
    )

    def handle(self, *args, **options):
        report = load_areas()
        self.stdout.write(self.style.SUCCESS(f"Administrative units: {report}"))
