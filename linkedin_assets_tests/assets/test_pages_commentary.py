"""Little-text commentary parsing: hashtags, mentions, escapes, any script, several lines."""

from __future__ import annotations

from linkedin_assets.assets.pages_commentary import MARKUP, PLAIN_TEXT, parse_commentary, unescape


def test_markup_hashtags_and_mentions_are_parsed_in_order_with_offsets():
    commentary = (
        "Big news 🚀\nWith @[Globex Corporation](urn:li:organization:1035101) ✨\n"
        "{hashtag|\\#|analytics} {hashtag|\\#|B2B}"
    )
    parsed = parse_commentary(commentary)
    assert [(h.tag, h.source) for h in parsed.hashtags] == [("analytics", MARKUP), ("B2B", MARKUP)]
    assert commentary[parsed.hashtags[0].offset :].startswith("{hashtag|")
    [mention] = parsed.mentions
    assert mention.name == "Globex Corporation"
    assert mention.target_urn == "urn:li:organization:1035101"
    assert (mention.target_type, mention.target_id) == ("organization", "1035101")
    assert commentary[mention.offset :].startswith("@[Globex")
    assert parsed.text == "Big news 🚀\nWith Globex Corporation ✨\n#analytics #B2B"


def test_non_latin_tags_and_names_survive_emoji_and_blank_lines():
    commentary = (
        "يسعدنا أن نعلن 🎉\n\nمع @[さくらロボティクス株式会社](urn:li:organization:7) ✨\n\n"
        "{hashtag|\\#|الذكاء_الاصطناعي} {hashtag|\\#|ロボティクス}\n👩‍💻"
    )
    parsed = parse_commentary(commentary)
    assert [h.tag for h in parsed.hashtags] == ["الذكاء_الاصطناعي", "ロボティクス"]
    assert [m.name for m in parsed.mentions] == ["さくらロボティクス株式会社"]
    assert parsed.text.endswith("#الذكاء_الاصطناعي #ロボティクス\n👩‍💻")


def test_plain_hashtags_are_the_fallback_but_urls_and_escapes_are_not_tags():
    commentary = (
        "Launch #DataEngineering and #製造業 today; docs at https://x.example/#setup, "
        "price tag\\#1 and \\#notatag"
    )
    parsed = parse_commentary(commentary)
    assert [(h.tag, h.source) for h in parsed.hashtags] == [
        ("DataEngineering", PLAIN_TEXT),
        ("製造業", PLAIN_TEXT),
    ]
    assert "#notatag" in parsed.text and "\\" not in parsed.text


def test_escaped_mention_is_text_and_escaped_brackets_stay_in_names():
    parsed = parse_commentary(
        "\\@[Not a mention](urn:li:organization:1) but @[A \\] B](urn:li:person:abc) is"
    )
    [mention] = parsed.mentions
    assert mention.name == "A ] B"
    assert mention.target_type == "person"
    assert parsed.text == "@[Not a mention](urn:li:organization:1) but A ] B is"


def test_hashtag_markup_without_the_escape_and_normalized_form():
    [tag] = parse_commentary("{hashtag|#|SaaS}").hashtags
    assert tag.tag == "SaaS" and tag.normalized == "saas"


def test_empty_commentary_and_unescape():
    assert parse_commentary(None).hashtags == ()
    assert parse_commentary("").text == ""
    assert unescape("New report \\(2025 edition\\) is out") == "New report (2025 edition) is out"
