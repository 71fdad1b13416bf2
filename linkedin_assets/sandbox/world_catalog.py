"""The advertiser's playbook: campaign kinds, fates, conversion rules and targeting pools.

Plain tables the timeline draws from; keeping them apart from the scheduling logic makes the
mix of formats, objectives and outcomes easy to read and to change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CampaignKind:
    key: str
    campaign_type: str
    format: str
    objective: str
    cost_type: str
    optimization: str
    creative_kind: str  # IMAGE VIDEO DOCUMENT CAROUSEL TEXT_AD MESSAGE FOLLOW
    label_en: str
    label_de: str
    min_creatives: int
    max_creatives: int
    ecpm_usd: tuple[float, float]  # effective cost per 1000 impressions (sends for messages)


# fmt: off
_FLIGHT_ROWS = (
    ("lead_image", "SPONSORED_UPDATES", "STANDARD_UPDATE", "LEAD_GENERATION", "CPM", "MAX_LEAD", "IMAGE",
     "Lead Gen – Demo request", "Leadgenerierung – Demo-Anfrage", 2, 4, (32, 55)),
    ("video_views", "SPONSORED_UPDATES", "SINGLE_VIDEO", "VIDEO_VIEW", "CPV", "MAX_VIDEO_VIEW", "VIDEO",
     "Video views – Product tour", "Videoaufrufe – Produkttour", 2, 3, (18, 34)),
    ("conversion_carousel", "SPONSORED_UPDATES", "CAROUSEL", "WEBSITE_CONVERSION", "CPC", "MAX_CONVERSION",
     "CAROUSEL", "Conversions – Carousel", "Conversions – Karussell", 2, 3, (36, 62)),
    ("lead_document", "SPONSORED_UPDATES", "SPONSORED_UPDATE_NATIVE_DOCUMENT", "LEAD_GENERATION", "CPM",
     "MAX_LEAD", "DOCUMENT", "Lead Gen – Benchmark report", "Leadgenerierung – Benchmark-Studie", 2, 3, (30, 52)),
    ("text_ads", "TEXT_AD", "TEXT_AD", "WEBSITE_VISIT", "CPC", "MAX_CLICK", "TEXT_AD",
     "Website visits – Text ads", "Website-Besuche – Textanzeigen", 3, 5, (6, 11)),
    ("followers", "DYNAMIC", "FOLLOW_COMPANY", "ENGAGEMENT", "CPM", "MAX_REACH", "FOLLOW",
     "Page followers – Follower ad", "Follower – Follower-Anzeige", 1, 2, (12, 24)),
    ("message_leads", "SPONSORED_INMAILS", "SPONSORED_INMAIL", "LEAD_GENERATION", "CPM", "MAX_LEAD", "MESSAGE",
     "Lead Gen – Message ad", "Leadgenerierung – Message Ad", 1, 2, (260, 420)),
    ("job_applicants", "SPONSORED_UPDATES", "STANDARD_UPDATE", "JOB_APPLICANT", "CPC", "MAX_CLICK", "IMAGE",
     "Hiring – Engineering roles", "Recruiting – Entwickler:innen", 2, 3, (26, 45)),
)
_EVERGREEN_ROWS = (
    ("brand_image", "SPONSORED_UPDATES", "STANDARD_UPDATE", "BRAND_AWARENESS", "CPM", "MAX_REACH", "IMAGE",
     "Always-on – Brand awareness", "Always-on – Markenbekanntheit", 3, 3, (24, 40)),
    ("brand_video", "SPONSORED_UPDATES", "SINGLE_VIDEO", "VIDEO_VIEW", "CPV", "MAX_VIDEO_VIEW", "VIDEO",
     "Always-on – Video", "Always-on – Video", 3, 3, (16, 30)),
    ("always_on_visits", "SPONSORED_UPDATES", "STANDARD_UPDATE", "WEBSITE_VISIT", "CPC", "MAX_CLICK", "IMAGE",
     "Always-on – Website visits", "Always-on – Website-Besuche", 3, 3, (28, 48)),
)
# key, English name, German name, type, attribution, post-click days, view-through days, value USD, share
CONVERSION_RULES = (
    ("demo_request", "Demo request – thank-you page", "Demo-Anfrage – Danke-Seite", "LEAD",
     "LAST_TOUCH_BY_CAMPAIGN", 30, 7, 150, 0.22),
    ("trial_signup", "Free trial sign-up", "Testversion gestartet", "SIGN_UP",
     "LAST_TOUCH_BY_CAMPAIGN", 30, 7, 40, 0.28),
    ("pricing_view", "Pricing page view", "Preisseite aufgerufen", "KEY_PAGE_VIEW",
     "LAST_TOUCH_BY_CONVERSION", 7, 1, None, 0.38),
    ("whitepaper", "Benchmark report download", "Studie heruntergeladen", "DOWNLOAD",
     "LAST_TOUCH_BY_CAMPAIGN", 90, 30, None, 0.15),
    ("purchase", "Annual plan purchase", "Jahresabo gekauft", "PURCHASE",
     "LAST_TOUCH_BY_CONVERSION", 90, 30, 2400, 0.03),
    ("newsletter", "Newsletter sign-up (legacy)", "Newsletter-Anmeldung (alt)", "SIGN_UP",
     "LAST_TOUCH_BY_CAMPAIGN", 1, 1, None, 0.10),
)
# fmt: on

FLIGHT_KINDS: tuple[CampaignKind, ...] = tuple(CampaignKind(*row) for row in _FLIGHT_ROWS)
EVERGREEN_KINDS: tuple[CampaignKind, ...] = tuple(CampaignKind(*row) for row in _EVERGREEN_ROWS)
DISABLED_CONVERSIONS = frozenset({"newsletter"})

# Fates of flights cycle with period 7 while kinds cycle with period 8: every pairing occurs.
FLIGHT_FATES = ("normal", "paused", "normal", "archived", "draft", "normal", "canceled")

# Which conversion rules each objective reports on (only enabled rules get conversions).
OBJECTIVE_CONVERSIONS: dict[str, tuple[str, ...]] = {
    "WEBSITE_CONVERSION": ("demo_request", "trial_signup", "purchase", "pricing_view"),
    "LEAD_GENERATION": ("demo_request", "whitepaper"),
    "WEBSITE_VISIT": ("pricing_view", "whitepaper", "trial_signup"),
    "BRAND_AWARENESS": ("pricing_view", "trial_signup"),
    "VIDEO_VIEW": ("pricing_view",),
}

STAFF_TARGETS = (
    ("SIZE_51_TO_200", "(51,200)"),
    ("SIZE_201_TO_500", "(201,500)"),
    ("SIZE_501_TO_1000", "(501,1000)"),
    ("SIZE_1001_TO_5000", "(1001,5000)"),
    ("SIZE_5001_TO_10000", "(5001,10000)"),
    ("SIZE_10001_OR_MORE", "(10001,2147483647)"),
)
FUNCTION_POOL = (8, 13, 18, 10, 15, 19, 25, 4, 20)
INDUSTRY_POOL = (4, 6, 96, 43, 1594, 2458, 3102, 118, 11, 84, 25, 41, 42, 14)
