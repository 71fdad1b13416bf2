"""The deployment in deploy/: its instance config, and a daemon on a real PostgreSQL server.

The daemon test runs the deployment's shape on one machine: PostgreSQL storage configured by
deploy/dagster.yaml through its environment variables, a code server (`dagster code-server
start`) and `dagster-daemon run`. A test code location holds an every-minute schedule and a
sensor; the sensor launches two real DuckDB writers at once, which the `linkedin_duckdb` pool
(limit 1) must serialize.
"""

import shutil
import textwrap

import dagster as dg
import duckdb
import pytest
import yaml
from dagster._core.instance.config import dagster_instance_config

from linkedin_assets.assets.kit import DUCKDB_POOL
from linkedin_assets_tests.test_deploy_support import (
    BIN,
    PROJECT_ROOT,
    Postgres,
    dagster_env,
    free_port,
    postgres_server,
    service,
    wait_until,
)

DEPLOY = PROJECT_ROOT / "deploy"
DAEMON_TIMEOUT_SECONDS = 150
WRITERS = ("organizations", "follower_demographics")

LOCATION = '''
import dagster as dg
from linkedin_assets.assets.pages import follower_demographics, organizations
from linkedin_assets.resources import LinkedInResource, WarehouseResource


@dg.asset
def heartbeat() -> None:
    """Cheap: proves a schedule tick became a successful run."""


heartbeat_job = dg.define_asset_job("heartbeat_job", selection=[heartbeat])
writer_jobs = {{
    asset.key.to_user_string(): dg.define_asset_job(f"write_{{asset.key.to_user_string()}}", selection=[asset])
    for asset in (organizations, follower_demographics)
}}


@dg.schedule(cron_schedule="* * * * *", job=heartbeat_job,
             default_status=dg.DefaultScheduleStatus.RUNNING)
def heartbeat_every_minute(context):
    return dg.RunRequest()


@dg.sensor(jobs=list(writer_jobs.values()), minimum_interval_seconds=1,
           default_status=dg.DefaultSensorStatus.RUNNING)
def two_writers_at_once(context):
    # Both runs are requested in the same tick, so they are queued and launched together.
    for name, job in writer_jobs.items():
        yield dg.RunRequest(run_key=name, job_name=job.name)


defs = dg.Definitions(
    assets=[heartbeat, organizations, follower_demographics],
    jobs=[heartbeat_job, *writer_jobs.values()],
    schedules=[heartbeat_every_minute],
    sensors=[two_writers_at_once],
    resources={{
        "linkedin": LinkedInResource(sandbox=True),
        "warehouse": WarehouseResource(path={duckdb_path!r}, mode="sandbox"),
    }},
)
'''


def deploy_env(postgres: Postgres) -> dict[str, str]:
    return postgres.env()


def test_instance_config_uses_postgres_queue_and_the_duckdb_pool(monkeypatch):
    for name, value in Postgres("db.internal", 5432).env().items():
        monkeypatch.setenv(name, value)
    config, _ = dagster_instance_config(str(DEPLOY))
    assert set(config["storage"]) == {"postgres"}
    db = config["storage"]["postgres"]["postgres_db"]
    assert db["hostname"] == {"env": "DAGSTER_PG_HOST"}
    assert db["password"] == {"env": "DAGSTER_PG_PASSWORD"}  # never a literal secret
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["concurrency"]["pools"]["default_limit"] == 1
    assert config["concurrency"]["runs"]["max_concurrent_runs"] >= 2
    assert config["telemetry"] == {"enabled": False}
    assert config["nux"] == {"enabled": False}


def test_workspaces_point_at_the_code_location():
    grpc = yaml.safe_load((DEPLOY / "workspace.yaml").read_text())["load_from"][0]["grpc_server"]
    assert grpc["location_name"] == "linkedin_assets"
    local = yaml.safe_load((DEPLOY / "workspace_local.yaml").read_text())["load_from"][0]
    assert local["python_module"]["module_name"] == "linkedin_assets.definitions"


def _runs(instance: dg.DagsterInstance, **tags: str) -> list[dg.DagsterRun]:
    return list(instance.get_runs(filters=dg.RunsFilter(tags=tags)))


def _step_window(instance: dg.DagsterInstance, run_id: str) -> tuple[float, float]:
    times = {
        record.dagster_event.event_type: record.timestamp
        for record in instance.all_logs(run_id)
        if record.dagster_event
        and record.dagster_event.event_type
        in (dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS)
    }
    return times[dg.DagsterEventType.STEP_START], times[dg.DagsterEventType.STEP_SUCCESS]


def test_daemon_on_postgres_runs_a_schedule_and_a_sensor(tmp_path, monkeypatch):
    with postgres_server() as postgres:
        home = tmp_path / "dagster_home"
        home.mkdir()
        shutil.copy(DEPLOY / "dagster.yaml", home / "dagster.yaml")
        duckdb_path = tmp_path / "warehouse.duckdb"
        location = tmp_path / "test_location.py"
        location.write_text(LOCATION.format(duckdb_path=str(duckdb_path)))
        port = free_port()
        (tmp_path / "workspace.yaml").write_text(
            textwrap.dedent(f"""\
                load_from:
                  - grpc_server:
                      host: 127.0.0.1
                      port: {port}
                      location_name: deploy_test
            """)
        )
        env = dagster_env(home, **postgres.env())
        for name, value in postgres.env().items():
            monkeypatch.setenv(name, value)
        instance = dg.DagsterInstance.from_config(str(home))
        # The pool exists in the instance with limit 1 before anything runs.
        assert instance.event_log_storage.supports_global_concurrency_limits

        code_server = [
            str(BIN / "dagster"),
            "code-server",
            "start",
            "-f",
            str(location),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "--location-name",
            "deploy_test",
        ]
        daemon = [str(BIN / "dagster-daemon"), "run", "-w", str(tmp_path / "workspace.yaml")]
        with (
            service(code_server, env, tmp_path / "code_server.log", PROJECT_ROOT),
            service(daemon, env, tmp_path / "daemon.log", tmp_path) as daemon_process,
        ):

            def finished() -> bool:
                scheduled = _runs(instance, **{"dagster/schedule_name": "heartbeat_every_minute"})
                sensed = _runs(instance, **{"dagster/sensor_name": "two_writers_at_once"})
                done = [r for r in scheduled + sensed if r.is_finished]
                failed = [r for r in done if r.status != dg.DagsterRunStatus.SUCCESS]
                if failed:
                    pytest.fail(
                        f"runs failed: {[r.job_name for r in failed]}\n{daemon_process.tail()}"
                    )
                return any(r.is_success for r in scheduled) and len(
                    [r for r in sensed if r.is_success]
                ) == len(WRITERS)

            try:
                wait_until(finished, DAEMON_TIMEOUT_SECONDS, "a scheduled and two sensor runs")
            except BaseException:
                print(daemon_process.tail())
                raise

        writers = _runs(instance, **{"dagster/sensor_name": "two_writers_at_once"})
        assert sorted(r.job_name for r in writers) == [f"write_{name}" for name in sorted(WRITERS)]
        # One writer at a time: the two steps ran one after the other, never together.
        (_, first_end), (second_start, _) = sorted(
            _step_window(instance, r.run_id) for r in writers
        )
        assert first_end <= second_start
        assert instance.event_log_storage.get_concurrency_info(DUCKDB_POOL).slot_count == 1

        # Both wrote the same DuckDB file completely: stored rows = what each run reported.
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            for name in WRITERS:
                stored = con.execute(f"SELECT count(*) FROM linkedin.{name}").fetchone()[0]
                event = instance.get_latest_materialization_event(dg.AssetKey(name))
                reported = event.asset_materialization.metadata["dagster/row_count"].value
                assert stored == reported > 0, name
