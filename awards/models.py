"""awards: models land with their issue."""
