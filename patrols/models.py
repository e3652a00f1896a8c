"""patrols: models land with their issue."""
