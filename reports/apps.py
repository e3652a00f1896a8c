from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics and review reports")

    def ready(self) -> None:
        from awards import achievements
        from reports.achievements import write_achievements

        # Proposals (in ``awards``, below this app) word their achievements with the engine.
        achievements.register(write_achievements)
