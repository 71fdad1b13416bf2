"""Parse a post's commentary ("little text") into hashtags, mentions and plain text.

LinkedIn writes hashtags as `{hashtag|\\#|tag}` and mentions as `@[Name](urn:li:organization:N)`;
reserved characters in ordinary text arrive backslash-escaped (`\\(`, `\\@`...). Older posts and
some clients carry hashtags as plain `#tag` text, which is read as a fallback. Text is Unicode
throughout: tags and names in any script, emoji, several lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One scanner, alternatives tried left to right at each position: an escape consumes its
# character first, so `\\@[x](y)` and `\\#tag` are text, never markup.
_TOKEN = re.compile(
    r"(?P<escape>\\.)"
    r"|(?P<hashtag>\{hashtag\|\\?[#＃]\|(?P<tag>(?:\\.|[^}\\])*)\})"
    r"|(?P<mention>@\[(?P<name>(?:\\.|[^\]\\])*)\]\((?P<urn>urn:li:[A-Za-z]+:[^)\s]+)\))"
    # A plain hashtag starts a word: not after a letter, digit, "/" or "&" (URLs, entities).
    r"|(?P<plain>(?<![\w/&])[#＃](?P<plain_tag>\w+))",
    re.DOTALL,
)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)

MARKUP = "markup"
PLAIN_TEXT = "plain_text"


def unescape(text: str) -> str:
    """Drop little-text escapes: `\\(2025\\)` -> `(2025)`."""
    return _ESCAPED.sub(r"\1", text)


@dataclass(frozen=True)
class Hashtag:
    tag: str  # without "#", as written
    source: str  # "markup" or "plain_text"
    offset: int  # character offset of the token in the commentary
    markup: str  # the token exactly as it appears

    @property
    def normalized(self) -> str:
        return self.tag.casefold()


@dataclass(frozen=True)
class Mention:
    name: str  # the fallback text LinkedIn shows when the target cannot be rendered
    target_urn: str
    offset: int
    markup: str

    @property
    def target_type(self) -> str:
        """`urn:li:organization:1` -> `organization`."""
        return self.target_urn.split(":")[2]

    @property
    def target_id(self) -> str:
        return self.target_urn.split(":", 3)[3]


@dataclass(frozen=True)
class Commentary:
    hashtags: tuple[Hashtag, ...]
    mentions: tuple[Mention, ...]
    text: str  # what a reader sees: "#tag" for hashtags, the name for mentions, no escapes


def parse_commentary(commentary: str | None) -> Commentary:
    if not commentary:
        return Commentary((), (), "")
    hashtags: list[Hashtag] = []
    mentions: list[Mention] = []
    text: list[str] = []
    position = 0
    for match in _TOKEN.finditer(commentary):
        text.append(commentary[position : match.start()])
        position = match.end()
        token = match.group(0)
        if match.group("escape"):
            text.append(token[1])
        elif match.group("hashtag"):
            tag = unescape(match.group("tag"))
            hashtags.append(Hashtag(tag, MARKUP, match.start(), token))
            text.append("#" + tag)
        elif match.group("mention"):
            name = unescape(match.group("name"))
            mentions.append(Mention(name, match.group("urn"), match.start(), token))
            text.append(name)
        else:
            tag = match.group("plain_tag")
            hashtags.append(Hashtag(tag, PLAIN_TEXT, match.start(), token))
            text.append(token)
    text.append(commentary[position:])
    return Commentary(tuple(hashtags), tuple(mentions), "".join(text))
