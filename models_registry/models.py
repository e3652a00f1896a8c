"""models_registry: models land with their issue."""
