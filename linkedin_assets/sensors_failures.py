"""Run failure summaries: which asset failed, which LinkedIn error, and what to do.

LinkedIn's typed errors (linkedin/errors.py) carry a hint per class; this sensor finds the
error class behind each failed step (Dagster wraps it), and writes one summary:
- as an engine event in the failed run's log (visible in the run view),
- as run tags `linkedin/failed_assets`, `linkedin/error_class`, `linkedin/what_to_do`
  (filterable in the runs list),
- in the sensor's own log.

Default RUNNING: it reads the instance only and makes no LinkedIn request.
"""

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import dagster as dg
from dagster._core.events import EngineEventData
from dagster._utils.error import SerializableErrorInfo

from linkedin_assets.linkedin import errors as linkedin_errors
from linkedin_assets.storage import errors as storage_errors

TAG_PREFIX = "linkedin/"
TAG_VALUE_LIMIT = 240  # keep tags readable in the runs list; the event holds the full text

# Hints of errors that carry none as a class attribute.
EXTRA_HINTS = {
    "ConfigurationError": "Fix the setting the message names (README: Configuration), then "
    "rerun the same partitions.",
    "TransportError": "The connection to LinkedIn failed on every attempt; usually transient: "
    "rerun later, or check the network and LINKEDIN_API_BASE_URL.",
    "NoAdAccountsError": "Give the member a role on an ad account in Campaign Manager, or set "
    "LINKEDIN_AD_ACCOUNT_IDS.",
    "DatabaseLockedError": "Another process holds the DuckDB file. Every writer must join the "
    "linkedin_duckdb pool (limit 1, deploy/dagster.yaml); stop other programs that keep the "
    "file open, then rerun.",
    "DuplicateKeyError": "LinkedIn sent the same key twice in one window; rerun, and report it "
    "if it repeats.",
    "SchemaConflictError": "A stored column's type differs from the declared one: migrate or "
    "drop the table, then rerun.",
    "CastError": "A value LinkedIn sent does not fit its column type; see the message for the "
    "column and value.",
}


def known_error_classes() -> dict[str, type[Exception]]:
    """Our typed errors by class name (LinkedIn client, storage, and subclasses elsewhere)."""
    classes: dict[str, type[Exception]] = {}
    for module in (linkedin_errors, storage_errors):
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Exception):
                classes[name] = value
    return classes


def error_chain(error: SerializableErrorInfo | None) -> Iterable[SerializableErrorInfo]:
    """The error, then its causes and contexts (Dagster wraps user errors)."""
    seen = 0
    while error is not None and seen < 20:
        yield error
        error = error.cause or error.context
        seen += 1


def clean_message(message: str, cls_name: str, hint: str) -> str:
    """LinkedIn's part of the message: without the `module.Class: ` prefix Dagster adds and
    without the hint, which the summary gives on its own line."""
    text = message.strip()
    marker = f"{cls_name}: "
    if marker in text.split("\n", 1)[0]:
        text = text.split(marker, 1)[1]
    if hint and hint in text:
        text = text.replace(hint, "").strip()
    return text.rstrip(". ") + "."


@dataclass(frozen=True)
class StepFailure:
    step_key: str
    assets: tuple[str, ...]
    error_class: str
    message: str
    what_to_do: str


def explain(error: SerializableErrorInfo | None) -> tuple[str, str, str]:
    """(error class, message, what to do) of the most specific known error in the chain."""
    known = known_error_classes()
    chain = list(error_chain(error))
    for item in chain:
        name = item.cls_name or ""
        if name in known or name in EXTRA_HINTS:
            hint = EXTRA_HINTS.get(name) or getattr(known.get(name), "hint", "") or ""
            return name, clean_message(item.message, name, hint), hint
    innermost = chain[-1] if chain else None
    if innermost is None:
        return "unknown", "no error recorded", "See the run's logs."
    return (
        innermost.cls_name or "unknown",
        innermost.message.strip(),
        "Not a LinkedIn API error: see the stack trace in the run's logs.",
    )


def summarize(failures: Sequence[StepFailure], run: dg.DagsterRun) -> str:
    partition = run.tags.get("dagster/partition") or (
        f"{run.tags['dagster/asset_partition_range_start']}..."
        f"{run.tags['dagster/asset_partition_range_end']}"
        if "dagster/asset_partition_range_start" in run.tags
        else None
    )
    lines = [f"Run {run.run_id[:8]} of {run.job_name} failed"]
    if partition:
        lines[0] += f" (partitions {partition})"
    lines[0] += "."
    if not failures:
        lines.append("No step failed: the run failed before or around its steps (see its logs).")
    for failure in failures:
        lines.append(
            f"- {', '.join(failure.assets) or failure.step_key}: {failure.error_class}: "
            f"{failure.message}\n  What to do: {failure.what_to_do}"
        )
    return "\n".join(lines)


def step_assets(instance: dg.DagsterInstance, run: dg.DagsterRun) -> dict[str, tuple[str, ...]]:
    """Asset keys produced by each step of the run, from its execution plan snapshot."""
    if not run.execution_plan_snapshot_id:
        return {}
    plan = instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
    produced: dict[str, tuple[str, ...]] = {}
    for step in plan.steps:
        keys = [
            output.properties.asset_key.to_user_string()
            for output in step.outputs
            if output.properties and output.properties.asset_key
        ]
        produced[step.key] = tuple(keys)
    return produced


def step_failures(
    instance: dg.DagsterInstance, run: dg.DagsterRun, events: Sequence[dg.DagsterEvent]
) -> list[StepFailure]:
    assets_of = step_assets(instance, run)
    failures = []
    for event in events:
        error = getattr(event.event_specific_data, "error", None)
        error_class, message, what_to_do = explain(error)
        step_key = event.step_key or "run"
        failures.append(
            StepFailure(step_key, assets_of.get(step_key, ()), error_class, message, what_to_do)
        )
    return failures


def summary_tags(failures: Sequence[StepFailure]) -> dict[str, str]:
    def short(text: str) -> str:
        return text if len(text) <= TAG_VALUE_LIMIT else text[: TAG_VALUE_LIMIT - 1] + "…"

    assets = sorted({a for f in failures for a in (f.assets or (f.step_key,))})
    return {
        f"{TAG_PREFIX}failed_assets": short(", ".join(assets) or "none"),
        f"{TAG_PREFIX}error_class": short(
            ", ".join(sorted({f.error_class for f in failures})) or "unknown"
        ),
        f"{TAG_PREFIX}what_to_do": short(
            " | ".join(dict.fromkeys(f.what_to_do for f in failures)) or "See the run's logs."
        ),
    }


@dg.run_failure_sensor(
    name="linkedin_run_failure_summary",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes what failed and what to do (from LinkedIn's typed errors) into the "
    "failed run's log and tags.",
)
def linkedin_run_failure_summary(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    failures = step_failures(context.instance, run, context.get_step_failure_events())
    summary = summarize(failures, run)
    context.log.error(summary)
    context.instance.add_run_tags(run.run_id, summary_tags(failures))
    context.instance.report_engine_event(
        summary,
        run,
        EngineEventData(
            metadata={
                "failed_assets": ", ".join(sorted({a for f in failures for a in f.assets})),
                "error_classes": ", ".join(sorted({f.error_class for f in failures})),
            }
        ),
    )
