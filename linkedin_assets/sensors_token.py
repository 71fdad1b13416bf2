"""Token expiry sensor: introspects the LinkedIn token every six hours and records the
`token_not_expiring` check of the `linkedin_token` asset, so an expiring token shows as a
failed check in the catalog (WARN days ahead, ERROR at the end) without launching a run.

Default RUNNING: it launches nothing and costs at most two OAuth requests (a refresh and an
introspection); in sandbox mode it makes none and says no token is in use.
"""

import dagster as dg

from linkedin_assets.checks_token import inspect_token
from linkedin_assets.resources import LinkedInResource

EVERY_SIX_HOURS = 6 * 60 * 60


@dg.sensor(
    name="linkedin_token_expiry",
    minimum_interval_seconds=EVERY_SIX_HOURS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Warns before the LinkedIn access or refresh token expires (as the "
    "linkedin_token check).",
)
def linkedin_token_expiry(
    context: dg.SensorEvaluationContext, linkedin: LinkedInResource
) -> dg.SensorResult:
    assessment = inspect_token(linkedin)
    if not assessment.passed:
        context.log.warning(assessment.message)
    return dg.SensorResult(skip_reason=assessment.message, asset_events=[assessment.evaluation()])
