"""Facts that apps above the registry add to a person's page, so the registry need not know them.

``patrols`` registers the participation count here in its ``AppConfig.ready``.
"""

from collections.abc import Callable

# Each returns (test id, label, value) for one person.
person_facts: list[Callable] = []
