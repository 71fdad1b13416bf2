"""New lead form responses: poll cheaply, load the days that received leads.

Each tick asks LinkedIn for the responses submitted since the cursor: one adAccounts search
plus one leadFormResponses request per account (submittedAtTimeRange from the cursor's day),
and requests a `lead_form_responses` run per day partition that received new leads. The
cursor is the newest submittedAt (epoch ms) already handed to a run.

Leads of a day whose partition does not exist yet (today, with daily partitions that end
yesterday) wait: the cursor stays before them, so they are requested once the day exists.

Default STOPPED: it sends requests every 15 minutes and needs the Lead Sync API scope
(r_marketing_leadgen_automation); turn it on where lead gen forms are used.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import dagster as dg

from linkedin_assets.assets.ads import lead_form_responses as lead_responses_asset
from linkedin_assets.assets.ads_fetch import discover_accounts
from linkedin_assets.jobs import lead_responses_job
from linkedin_assets.linkedin import ads
from linkedin_assets.linkedin.client import LinkedInClient
from linkedin_assets.resources import LinkedInResource

POLL_SECONDS = 15 * 60
CURSOR_KEY = "submitted_after_ms"


@dataclass(frozen=True)
class LeadPoll:
    """What one poll found, sorted into days that can run now and days that must wait."""

    ready: Mapping[str, int]  # day partition -> newest submittedAt (ms) of its new leads
    counts: Mapping[str, int]  # day partition -> new leads
    waiting: Mapping[str, int] = field(default_factory=dict)  # day -> leads (no partition yet)
    cursor_ms: int = 0
    requests: int = 0


def day_of(epoch_ms: int) -> str:
    return dt.datetime.fromtimestamp(epoch_ms / 1000, dt.UTC).date().isoformat()


def initial_cursor(now: dt.datetime) -> int:
    """Without a cursor, start at yesterday 00:00 UTC (the newest complete day)."""
    start = dt.datetime.combine(now.date() - dt.timedelta(days=1), dt.time(), dt.UTC)
    return int(start.timestamp() * 1000)


def read_cursor(cursor: str | None, now: dt.datetime) -> int:
    if not cursor:
        return initial_cursor(now)
    return int(json.loads(cursor)[CURSOR_KEY])


def fetch_submissions(
    client: LinkedInClient, account_ids: Iterable[int], after_ms: int
) -> list[int]:
    """submittedAt (ms) of every response newer than `after_ms`, one request per account."""
    since_day = dt.datetime.fromtimestamp(after_ms / 1000, dt.UTC).date()
    until_day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    submitted = []
    for account_id in account_ids:
        request = ads.lead_form_responses(
            "sponsoredAccount",
            ads.account_urn(account_id),
            submitted_from=since_day,
            submitted_until=until_day,
        )
        for response in client.iter_elements(request):
            at = response.get("submittedAt")
            if isinstance(at, int) and at > after_ms:
                submitted.append(at)
    return submitted


def sort_submissions(
    submitted: Iterable[int],
    after_ms: int,
    partitions: dg.PartitionsDefinition,
    now: dt.datetime,
) -> LeadPoll:
    """Group new submissions by day: days with a partition are ready; later days wait.
    Days before the first partition can never load and are passed over."""
    keys = set(partitions.get_partition_keys(current_time=now))
    first = min(keys) if keys else None
    newest: dict[str, int] = {}
    counts: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    cursor = after_ms
    for at in sorted(submitted):
        day = day_of(at)
        if day in keys:
            newest[day] = max(newest.get(day, 0), at)
            counts[day] += 1
            cursor = max(cursor, at)
        elif first is not None and day < first:
            cursor = max(cursor, at)
        else:
            waiting[day] += 1
    return LeadPoll(ready=newest, counts=dict(counts), waiting=dict(waiting), cursor_ms=cursor)


def poll_new_leads(
    linkedin: LinkedInResource,
    after_ms: int,
    partitions: dg.PartitionsDefinition,
    now: dt.datetime,
) -> LeadPoll:
    with linkedin.get_client() as client:
        before = client.ledger.totals()
        scope = discover_accounts(client, linkedin.account_id_filter())
        submitted = fetch_submissions(client, scope.ids, after_ms)
        used = client.ledger.since(before)
    poll = sort_submissions(submitted, after_ms, partitions, now)
    return LeadPoll(poll.ready, poll.counts, poll.waiting, poll.cursor_ms, used.total_requests)


def run_requests(poll: LeadPoll) -> list[dg.RunRequest]:
    return [
        dg.RunRequest(
            run_key=f"leads:{day}:{newest}",
            partition_key=day,
            tags={"linkedin/new_leads": str(poll.counts[day])},
        )
        for day, newest in sorted(poll.ready.items())
    ]


def describe_skip(poll: LeadPoll, after_ms: int) -> str:
    since = dt.datetime.fromtimestamp(after_ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    message = f"No new lead form responses since {since} UTC ({poll.requests} requests)."
    if poll.waiting:
        days = ", ".join(f"{day}: {n}" for day, n in sorted(poll.waiting.items()))
        message += f" New leads wait for their day's partition to exist ({days})."
    return message


@dg.sensor(
    name="linkedin_new_lead_responses",
    job=lead_responses_job,
    minimum_interval_seconds=POLL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Polls leadFormResponses (one request per ad account) and loads the "
    "submission days that received new leads.",
)
def linkedin_new_lead_responses(
    context: dg.SensorEvaluationContext, linkedin: LinkedInResource
) -> dg.SensorResult:
    now = dt.datetime.now(dt.UTC)
    after_ms = read_cursor(context.cursor, now)
    partitions = lead_responses_asset.partitions_def
    assert partitions is not None, "lead_form_responses is partitioned by submission day"
    poll = poll_new_leads(linkedin, after_ms, partitions, now)
    cursor = json.dumps({CURSOR_KEY: poll.cursor_ms})
    requests = run_requests(poll)
    if not requests:
        return dg.SensorResult(skip_reason=describe_skip(poll, after_ms), cursor=cursor)
    context.log.info(
        f"{sum(poll.counts.values())} new lead(s) on {', '.join(sorted(poll.ready))} "
        f"({poll.requests} requests)"
    )
    return dg.SensorResult(run_requests=requests, cursor=cursor)
