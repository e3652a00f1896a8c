"""What apps above the registry add to a person's or a model's page, so the registry need not
know them.

``patrols`` registers the participation count in ``person_facts``; ``awards`` registers the
commendations section in ``person_sections`` and ``model_sections`` (their ``AppConfig.ready``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    """A block of a detail page: a template and its context."""

    template: str
    context: dict = field(default_factory=dict)


# Each returns (test id, label, value) for one person.
person_facts: list[Callable] = []
# Each takes (object, user) and returns a Section, or None to show nothing.
person_sections: list[Callable] = []
model_sections: list[Callable] = []


def sections(registry: list[Callable], obj, user) -> list[Section]:
    return [s for s in (make(obj, user) for make in registry) if s is not None]
