"""People in a conversation: participants (speakers) and the person talked about."""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpora.generator.names import FIRST_NAMES, LAST_NAMES, NICKNAMES


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    nickname: str | None = None

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def handle(self) -> str:
        """A chat handle such as Slack shows ("jsmith")."""
        return (self.first[0] + self.last).lower().replace("'", "")

    def called(self, rng: random.Random) -> str:
        """What others call this person in passing: the first name or the nickname."""
        if self.nickname and rng.random() < 0.5:
            return self.nickname
        return self.first


def make_people(rng: random.Random, count: int) -> list[Person]:
    """Distinct people (no shared first name, so mentions are unambiguous)."""
    people: list[Person] = []
    firsts: set[str] = set()
    while len(people) < count:
        first = rng.choice(FIRST_NAMES)
        if first in firsts:
            continue
        firsts.add(first)
        nicks = NICKNAMES.get(first)
        people.append(Person(first, rng.choice(LAST_NAMES), rng.choice(nicks) if nicks else None))
    return people
