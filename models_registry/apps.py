from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_catalogue(**kwargs) -> None:
    from models_registry.catalogue import seed_model_types
    from models_registry.models import ModelType

    seed_model_types(ModelType)


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Grassroots security models")

    def ready(self) -> None:
        # Also after a test database flush, so the catalogue is always there.
        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="registry.seed_catalogue")
