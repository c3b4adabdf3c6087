import Foundation

/// The Flyte 2 control-plane schema flytrap reads, as DDL written from the documented table and column facts
/// (shared/reference/flyte-data-model.md §5.1 and §6). Used to create demo and test databases, never to change
/// a store flytrap explores.
public enum FlyteSchema {
    /// The tables flytrap reads and the columns it cannot do without.
    public static let requiredColumns: [String: [String]] = [
        "actions": ["project", "domain", "run_name", "name", "parent_action_name", "phase", "created_at"],
        "action_events": ["project", "domain", "run_name", "name", "attempt", "phase", "version", "info"],
    ]

    /// Tables whose absence only hides a section (tasks, triggers, cache), named in warnings.
    public static let optionalTables = ["projects", "tasks", "task_specs", "triggers", "trigger_revisions", "cache_service_outputs"]

    /// DDL in PostgreSQL's spelling (Flyte's own database). `sqliteDDL` derives SQLite's from it.
    public static let postgresDDL: String = """
    CREATE TABLE IF NOT EXISTS projects (
        identifier  TEXT PRIMARY KEY,
        name        TEXT NOT NULL DEFAULT '',
        description VARCHAR(300) NOT NULL DEFAULT '',
        labels      BYTEA,
        state       INTEGER DEFAULT 0,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX IF NOT EXISTS idx_projects_state ON projects (state);

    CREATE TABLE IF NOT EXISTS actions (
        project             TEXT NOT NULL,
        domain              TEXT NOT NULL,
        run_name            TEXT NOT NULL DEFAULT '',
        name                TEXT NOT NULL,
        parent_action_name  TEXT,
        phase               INTEGER NOT NULL DEFAULT 1,
        run_source          TEXT NOT NULL DEFAULT '',
        action_type         INTEGER NOT NULL DEFAULT 0,
        action_group        TEXT,
        task_project        TEXT,
        task_domain         TEXT,
        task_name           TEXT,
        task_version        TEXT,
        task_type           TEXT NOT NULL DEFAULT '',
        task_short_name     TEXT,
        function_name       TEXT NOT NULL DEFAULT '',
        environment_name    TEXT,
        action_spec         BYTEA,
        action_details      BYTEA,
        detailed_info       BYTEA,
        run_spec            BYTEA,
        abort_requested_at  TIMESTAMPTZ,
        abort_attempt_count INTEGER NOT NULL DEFAULT 0,
        abort_reason        TEXT,
        created_at          TIMESTAMPTZ NOT NULL,
        updated_at          TIMESTAMPTZ NOT NULL,
        ended_at            TIMESTAMPTZ,
        duration_ms         BIGINT,
        attempts            INTEGER NOT NULL DEFAULT 0,
        cache_status        INTEGER NOT NULL DEFAULT 0,
        trigger_name        TEXT,
        trigger_task_name   TEXT,
        trigger_revision    BIGINT,
        created_by          BYTEA,
        created_by_subject  TEXT,
        PRIMARY KEY (project, domain, run_name, name)
    );
    CREATE INDEX IF NOT EXISTS idx_actions_run_lookup ON actions (project, domain, run_name);
    CREATE INDEX IF NOT EXISTS idx_actions_parent ON actions (parent_action_name);
    CREATE INDEX IF NOT EXISTS idx_actions_phase ON actions (phase);
    CREATE INDEX IF NOT EXISTS idx_actions_created ON actions (created_at);
    CREATE INDEX IF NOT EXISTS idx_actions_abort_pending ON actions (abort_requested_at);
    CREATE INDEX IF NOT EXISTS idx_actions_created_by_subject ON actions (created_by_subject);
    CREATE INDEX IF NOT EXISTS idx_actions_run_snapshot ON actions (project, domain, run_name, created_at, name);

    CREATE TABLE IF NOT EXISTS action_events (
        project     TEXT NOT NULL,
        domain      TEXT NOT NULL,
        run_name    TEXT NOT NULL,
        name        TEXT NOT NULL,
        attempt     INTEGER NOT NULL,
        phase       INTEGER NOT NULL,
        version     INTEGER NOT NULL,
        info        BYTEA,
        error_kind  TEXT,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (project, domain, run_name, name, attempt, phase, version)
    );
    CREATE INDEX IF NOT EXISTS idx_action_events_error_kind ON action_events (error_kind);

    CREATE TABLE IF NOT EXISTS tasks (
        project                 TEXT NOT NULL,
        domain                  TEXT NOT NULL,
        name                    TEXT NOT NULL,
        version                 TEXT NOT NULL,
        environment             TEXT NOT NULL DEFAULT '',
        function_name           TEXT NOT NULL DEFAULT '',
        created_at              TIMESTAMPTZ NOT NULL,
        updated_at              TIMESTAMPTZ NOT NULL,
        deployed_by             TEXT NOT NULL DEFAULT '',
        trigger_name            TEXT,
        total_triggers          INTEGER NOT NULL DEFAULT 0,
        active_triggers         INTEGER NOT NULL DEFAULT 0,
        trigger_automation_spec BYTEA,
        trigger_types           BIT(10),
        task_spec               BYTEA,
        env_description         TEXT,
        short_description       TEXT,
        PRIMARY KEY (project, domain, name, version)
    );

    CREATE TABLE IF NOT EXISTS task_specs (
        digest      TEXT PRIMARY KEY,
        spec        BYTEA NOT NULL,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL
    );

    CREATE TABLE IF NOT EXISTS triggers (
        id               BIGSERIAL PRIMARY KEY,
        project          TEXT NOT NULL,
        domain           TEXT NOT NULL,
        task_name        TEXT NOT NULL,
        name             TEXT NOT NULL,
        latest_revision  BIGINT NOT NULL DEFAULT 1,
        spec             BYTEA NOT NULL,
        automation_spec  BYTEA,
        task_version     TEXT NOT NULL,
        active           BOOLEAN NOT NULL,
        automation_type  TEXT NOT NULL DEFAULT 'TYPE_NONE',
        deployed_by      TEXT,
        updated_by       TEXT,
        deployed_at      TIMESTAMPTZ NOT NULL,
        updated_at       TIMESTAMPTZ NOT NULL,
        triggered_at     TIMESTAMPTZ,
        deleted_at       TIMESTAMPTZ,
        description      TEXT
    );
    CREATE UNIQUE INDEX IF NOT EXISTS idx_triggers_name ON triggers (project, domain, task_name, name);

    CREATE TABLE IF NOT EXISTS trigger_revisions (
        project          TEXT NOT NULL,
        domain           TEXT NOT NULL,
        task_name        TEXT NOT NULL,
        name             TEXT NOT NULL,
        revision         BIGINT NOT NULL,
        spec             BYTEA NOT NULL,
        automation_spec  BYTEA,
        task_version     TEXT NOT NULL,
        active           BOOLEAN NOT NULL,
        automation_type  TEXT NOT NULL DEFAULT 'TYPE_NONE',
        deployed_by      TEXT,
        updated_by       TEXT,
        deployed_at      TIMESTAMPTZ NOT NULL,
        updated_at       TIMESTAMPTZ NOT NULL,
        triggered_at     TIMESTAMPTZ,
        deleted_at       TIMESTAMPTZ,
        action           TEXT NOT NULL,
        created_at       TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (project, domain, task_name, name, revision)
    );

    CREATE TABLE IF NOT EXISTS cache_service_outputs (
        key           VARCHAR(512) PRIMARY KEY,
        output_uri    TEXT,
        metadata      BYTEA,
        last_updated  TIMESTAMPTZ,
        created_at    TIMESTAMPTZ NOT NULL,
        updated_at    TIMESTAMPTZ NOT NULL
    );
    """

    /// The same DDL for SQLite: BYTEA as BLOB, timestamps as fixed-width UTC text (which sorts as time),
    /// BIT(10) as text, BIGSERIAL as an integer rowid.
    public static var sqliteDDL: String {
        postgresDDL
            .replacingOccurrences(of: "BIGSERIAL PRIMARY KEY", with: "INTEGER PRIMARY KEY")
            .replacingOccurrences(of: "BYTEA", with: "BLOB")
            .replacingOccurrences(of: "TIMESTAMPTZ", with: "TEXT")
            .replacingOccurrences(of: "BIT(10)", with: "TEXT")
    }

    /// The indexes worth creating only after a bulk load (the demo writer drops and recreates them).
    public static func indexStatements(in ddl: String) -> [String] {
        ddl.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.hasPrefix("CREATE INDEX") || $0.hasPrefix("CREATE UNIQUE INDEX") }
    }

    /// The statements that create tables only (no indexes).
    public static func tableStatements(in ddl: String) -> [String] {
        ddl.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.hasPrefix("CREATE TABLE") }
    }
}
