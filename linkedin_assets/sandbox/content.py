"""Text of posts, ads, comments and lead-form answers, in LinkedIn's "little text" format.

Commentary carries hashtags as ``{hashtag|\\#|tag}`` and mentions as
``@[Name](urn:li:organization:N)``; reserved characters in plain text are backslash-escaped
(``\\(`` ``\\)``) the way the Posts API returns them. Copy comes in English, German (umlauts),
Japanese and Arabic, with emoji and line breaks, so parsers meet what real pages publish.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_HASHTAGS = {
    "en": (
        "analytics",
        "B2B",
        "SaaS",
        "DataEngineering",
        "ProductAnalytics",
        "Hiring",
        "AI",
        "Webinar",
    ),
    "de": (
        "Digitalisierung",
        "Mittelstand",
        "Datenplattform",
        "Cloud",
        "KI",
        "Karriere",
        "Webinar",
    ),
    "ja": ("ロボティクス", "製造業", "自動化", "DX", "採用"),
    "ar": ("التحول_الرقمي", "الذكاء_الاصطناعي", "تحليلات"),
}

_OPENERS = {
    "en": (
        "We just shipped something our customers asked for all year 🚀",
        "Three lessons from 200 analytics rollouts:",
        "Big news for data teams!",
        "Your dashboards are only as good as the pipeline behind them.",
        "Thank you to everyone who joined our session this week 🙌",
        "Behind the scenes with our engineering team 👩‍💻",
        "New benchmark report \\(2025 edition\\) is out.",
    ),
    "de": (
        "Große Neuigkeiten für Datenteams im Mittelstand! 🎉",
        "Drei Erkenntnisse aus über 100 Cloud-Migrationen:",
        "Wir wachsen weiter – und suchen Verstärkung in München.",
        "Danke an alle, die gestern beim Anwendertreffen in Köln dabei waren 🙏",
        "Datensouveränität ist kein Luxus, sondern Pflicht.",
        "Unsere neue Studie \\(kostenlos\\) zeigt, wo Unternehmen stehen.",
    ),
    "ja": (
        "新しい協働ロボットを発表しました 🤖",
        "展示会へのご来場、誠にありがとうございました。",
        "製造現場の自動化について、現場の声をご紹介します。",
        "私たちと一緒に未来の工場をつくりませんか？",
    ),
    "ar": (
        "يسعدنا أن نعلن عن افتتاح مكتبنا الجديد في دبي 🎉",
        "شكراً لكل من حضر ورشة العمل هذا الأسبوع.",
    ),
}

_BODIES = {
    "en": (
        "Self-serve reporting now works across every workspace, with no SQL required.",
        "Spoiler: the teams that win start with clean event data and one shared definition of 'active user'.",
        "We rebuilt our ingestion layer so your numbers land minutes after they happen.",
        "Swipe through to see how {partner} cut reporting time in half.",
        "Join us live on Thursday for a 30-minute walkthrough and Q&A.",
        "Curious what it is like to work here? Our team shares their favourite moments.",
    ),
    "de": (
        "Ab sofort läuft unsere Plattform vollständig in deutschen Rechenzentren.",
        "Gemeinsam mit {partner} haben wir gezeigt, wie schnell Prozesse automatisiert werden können.",
        "Im Webinar am Donnerstag zeigen wir, wie Ihre Daten in 30 Tagen nutzbar werden.",
        "Wir freuen uns über jede Bewerbung – Quereinsteiger:innen ausdrücklich willkommen.",
    ),
    "ja": (
        "{partner}様との共同プロジェクトで、生産性が30%向上しました。",
        "詳しくはウェブサイトをご覧ください。",
        "エンジニアを積極採用中です。",
    ),
    "ar": (
        "نتطلع إلى خدمة عملائنا في المنطقة بشكل أقرب.",
        "تابعونا لمعرفة المزيد عن حلولنا الجديدة.",
    ),
}

_CLOSERS = {
    "en": (
        "Link in the comments 👇",
        "What would you add?",
        "More soon.",
        "Questions? Drop them below.",
    ),
    "de": ("Mehr dazu im Link 👇", "Was meinen Sie?", "Bis bald!"),
    "ja": ("ぜひご覧ください！", "お問い合わせはこちらから。"),
    "ar": ("شاركونا آراءكم 👇",),
}

_ARTICLES = {
    "en": (
        (
            "How to build a metrics layer your CFO trusts",
            "A practical guide to shared metric definitions.",
        ),
        ("The 2025 State of Product Analytics", "Benchmarks from 1,200 software companies."),
        ("Why event data beats page views", "What changes when you track behaviour, not visits."),
    ),
    "de": (
        ("Datenplattform-Studie 2025", "Wie der Mittelstand seine Daten nutzt – und wo es hakt."),
        ("Cloud-Migration ohne Stillstand", "Ein Leitfaden in fünf Schritten."),
    ),
    "ja": (("協働ロボット導入ガイド", "中小製造業のための実践ガイド"),),
    "ar": (("دليل التحول الرقمي", "خطوات عملية للشركات في المنطقة"),),
}

_POLLS = {
    "en": (
        (
            "Where does your team spend most time each week?",
            ("Cleaning data", "Building dashboards", "Answering ad-hoc questions", "Meetings"),
        ),
        ("Which metric matters most to your board?", ("ARR", "Net retention", "Activation rate")),
    ),
    "de": (
        (
            "Wo steht Ihr Unternehmen bei der Cloud-Migration?",
            ("Noch nicht gestartet", "Mittendrin", "Abgeschlossen"),
        ),
    ),
    "ja": (("工場の自動化で一番の課題は？", ("人材不足", "導入コスト", "既存設備との連携")),),
    "ar": (("ما أكبر تحدٍ في التحول الرقمي؟", ("المهارات", "التكلفة", "البيانات")),),
}

_COMMENTS = {
    "en": (
        "Great update, congrats to the team! 👏",
        "This is exactly what we needed last quarter.",
        "Does this work with our existing warehouse?",
        "Love the focus on data quality.",
        "Any plans for an EU region?",
        "Shared with my team 🙌",
        "Insightful, thanks for sharing.",
        "How long did the rollout take?",
    ),
    "de": (
        "Starke Neuigkeiten – herzlichen Glückwunsch! 👏",
        "Gibt es dazu auch eine Aufzeichnung?",
        "Sehr spannend, danke fürs Teilen.",
        "Genau das fehlt vielen Unternehmen.",
    ),
    "ja": ("素晴らしいですね！", "詳しく知りたいです。", "おめでとうございます🎉"),
    "ar": ("مبروك! 👏", "خطوة رائعة"),
}

_REPLIES = {
    "en": (
        "Thanks {name}! Happy to share more details.",
        "Great question, {name}, DM on its way.",
        "Yes! It works with all major warehouses, {name}.",
    ),
    "de": ("Danke, {name}! Wir melden uns gern.", "Gute Frage, {name} – die Aufzeichnung folgt."),
    "ja": ("{name}様、ありがとうございます！",),
    "ar": ("شكراً {name}!",),
}

_CTA_LABELS = ("LEARN_MORE", "REQUEST_DEMO", "DOWNLOAD", "SIGN_UP", "REGISTER")

FIRST_NAMES = (
    "Emma",
    "Noah",
    "Olivia",
    "Lukas",
    "Mia",
    "Ben",
    "Hannah",
    "Yuki",
    "Aarav",
    "Fatima",
    "Carlos",
    "Sophie",
    "Felix",
    "Chen",
    "Amelia",
    "Jonas",
    "Leila",
    "Mateo",
    "Ingrid",
    "Sven",
)
LAST_NAMES = (
    "Smith",
    "Müller",
    "Johnson",
    "Schmidt",
    "Brown",
    "Tanaka",
    "Patel",
    "Garcia",
    "Nguyen",
    "Fischer",
    "Rossi",
    "Kowalski",
    "Öztürk",
    "Dubois",
    "Andersen",
    "Silva",
    "Kim",
    "Haddad",
)
COMPANIES = (
    "Globex",
    "Initech",
    "Umbrella Logistics",
    "Stark Components",
    "Wayne Analytics",
    "Hooli",
    "Vandelay Industries",
    "Acme Robotics",
    "Soylent Foods",
    "Cyberdyne Systems",
    "Gringotts Finance",
    "Tyrell Data",
    "Oceanic Freight",
    "Nakatomi Trading",
)


@dataclass(frozen=True)
class Mention:
    name: str
    urn: str


def hashtag(tag: str) -> str:
    return "{hashtag|\\#|" + tag + "}"


def mention(target: Mention) -> str:
    return f"@[{target.name}]({target.urn})"


def language_pool(pool: dict[str, tuple], language: str) -> tuple:
    return pool.get(language) or pool["en"]


def post_commentary(
    rng: random.Random, language: str, mentions: list[Mention], partner: str
) -> str:
    """A post's commentary: opener, body, optional mention, closer and hashtags, on several lines."""
    lines = [rng.choice(language_pool(_OPENERS, language))]
    body = rng.choice(language_pool(_BODIES, language)).format(partner=partner)
    lines.append(body)
    if mentions and rng.random() < 0.45:
        target = rng.choice(mentions)
        with_word = {"de": "Mit", "ja": "協力:", "ar": "مع"}.get(language, "With")
        lines.append(f"{with_word} {mention(target)} ✨")
    lines.append(rng.choice(language_pool(_CLOSERS, language)))
    tags = rng.sample(
        language_pool(_HASHTAGS, language), k=min(3, len(language_pool(_HASHTAGS, language)))
    )
    lines.append(" ".join(hashtag(tag) for tag in tags[: rng.randint(1, 3)]))
    separator = "\n\n" if rng.random() < 0.5 else "\n"
    return separator.join(lines)


def short_commentary(rng: random.Random, language: str) -> str:
    return rng.choice(language_pool(_OPENERS, language))


def article(rng: random.Random, language: str, domain: str, slug_seed: int) -> tuple[str, str, str]:
    title, description = rng.choice(language_pool(_ARTICLES, language))
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in title.lower()).strip("-")
    slug = "-".join(part for part in slug.split("-") if part) or f"article-{slug_seed % 10_000}"
    return title, description, f"https://{domain}/blog/{slug}"


def poll(rng: random.Random, language: str) -> tuple[str, tuple[str, ...]]:
    return rng.choice(language_pool(_POLLS, language))


def comment_text(rng: random.Random, language: str) -> str:
    return rng.choice(language_pool(_COMMENTS, language))


def reply_text(rng: random.Random, language: str, name: str) -> str:
    return rng.choice(language_pool(_REPLIES, language)).format(name=name)


def call_to_action(rng: random.Random) -> str:
    return rng.choice(_CTA_LABELS)


def ad_headline(rng: random.Random, language: str, product: str) -> str:
    options = {
        "de": (
            f"{product}: Datenplattform testen",
            "Jetzt Demo vereinbaren",
            "Kostenlose Studie sichern",
        ),
        "ja": (f"{product}の資料請求", "無料デモはこちら"),
    }.get(
        language,
        (f"Try {product} free for 14 days", "Book a 20-minute demo", "Get the 2025 benchmark"),
    )
    return rng.choice(options)


def ad_description(rng: random.Random, language: str) -> str:
    options = {
        "de": ("DSGVO-konform, gehostet in Deutschland.", "In 30 Tagen startklar."),
        "ja": ("導入実績300社以上。",),
    }.get(
        language,
        (
            "Dashboards your whole team can read.",
            "No SQL needed. Set up in a day.",
            "Trusted by 900+ software teams.",
        ),
    )
    return rng.choice(options)


def media_title(language: str, kind: str) -> str:
    titles = {
        "image": {"en": "Product screenshot", "de": "Produktbild", "ja": "製品写真"},
        "video": {
            "en": "Product tour (90 sec)",
            "de": "Produkttour (90 Sek.)",
            "ja": "製品紹介動画",
        },
        "document": {"en": "2025 Benchmark report", "de": "Studie 2025", "ja": "導入事例集"},
    }[kind]
    return titles.get(language, titles["en"])


def alt_text(rng: random.Random, language: str) -> str:
    options = {
        "de": ("Team beim Workshop", "Dashboard mit Kennzahlen"),
        "ja": ("工場で稼働するロボット", "展示会ブースの様子"),
    }.get(language, ("Team at the whiteboard", "Dashboard with weekly metrics", "Conference booth"))
    return rng.choice(options)


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def company_name(rng: random.Random) -> str:
    return rng.choice(COMPANIES)


def email_for(first: str, last: str, company: str) -> str:
    def ascii_slug(text: str) -> str:
        table = str.maketrans(
            {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ö": "Oe", "Ü": "Ue", "Ä": "Ae"}
        )
        return "".join(ch for ch in text.translate(table).lower() if ch.isascii() and ch.isalnum())

    return f"{ascii_slug(first)}.{ascii_slug(last)}@{ascii_slug(company)}.example"
