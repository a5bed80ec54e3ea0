package runbooks.kit.gate;

/** What the safety gate reports, each with a stable code, a severity and the fix. */
public enum Rule {
    DROP_TABLE(
            "drop-table",
            "error",
            "do not drop tables in a deploy; stop using the table first and drop it in a later, reviewed migration"
                    + " that says so: -- gate:allow drop-table reason: <since when nothing uses it>."),
    DROP_COLUMN(
            "drop-column",
            "error",
            "stop reading and writing the column in the application, then drop it in a later migration that says so:"
                    + " -- gate:allow drop-column reason: <since when nothing uses it>."),
    DROP_SCHEMA(
            "drop-schema",
            "error",
            "drop schemas only in a separate, reviewed migration once nothing uses them, saying so:"
                    + " -- gate:allow drop-schema reason: <since when nothing uses it>."),
    DROP_CONSTRAINT(
            "drop-constraint",
            "error",
            "keep the key (the application's ON CONFLICT and its duplicate handling rely on it), or drop it in"
                    + " a separate, reviewed migration that says so: -- gate:allow drop-constraint reason: <what no longer relies on it>."),
    RELAX_CONSTRAINT(
            "relax-constraint",
            "warning",
            "a CHECK or FOREIGN KEY dropped lets rows in that it refused: nothing a running application"
                    + " trips over, but make sure the data may now hold them."),
    DROP_UNIQUE_INDEX(
            "drop-unique-index",
            "error",
            "keep the unique index (the application's ON CONFLICT and duplicate handling rely on"
                    + " it), or drop it CONCURRENTLY in a reviewed migration that says so: -- gate:allow drop-unique-index reason: <what no longer relies on it>."),
    DROP_INDEX(
            "drop-index",
            "warning",
            "check that no query needs the index (idx_scan in pg_stat_user_indexes, the application's plans),"
                    + " and drop it with DROP INDEX CONCURRENTLY in a migration of its own."),
    RENAME_TABLE(
            "rename-table",
            "error",
            "add the new table (or a view under the new name) and move readers first; renaming breaks running code."),
    RENAME_COLUMN(
            "rename-column",
            "error",
            "add a new column, backfill it, move readers and writers, then drop the old one later."),
    COLUMN_TYPE_REWRITE(
            "column-type-rewrite",
            "error",
            "add a column of the new type, backfill it in batches, and switch over; or use a type change that needs no rewrite."),
    VOLATILE_DEFAULT(
            "volatile-default",
            "error",
            "add the column without a default (or with a constant one), then backfill in batches."),
    SET_NOT_NULL(
            "set-not-null",
            "error",
            "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the check)."),
    NOT_NULL_WITHOUT_DEFAULT(
            "not-null-without-default",
            "error",
            "add the column nullable (or with a constant default), backfill, then enforce NOT NULL."),
    CONSTRAINT_CREATED_VALID(
            "constraint-created-valid",
            "error",
            "add the CHECK or FOREIGN KEY with NOT VALID, and VALIDATE CONSTRAINT in a later migration."),
    VALIDATE_IN_SAME_TRANSACTION(
            "validate-in-same-transaction",
            "error",
            "move VALIDATE CONSTRAINT to a later migration, so the strong lock of the change is not held while the table is scanned."),
    UNIQUE_UNDER_LOCK(
            "unique-under-lock",
            "error",
            "CREATE UNIQUE INDEX CONCURRENTLY in its own migration, then ADD CONSTRAINT ... USING INDEX."),
    INDEX_WITHOUT_CONCURRENTLY(
            "index-without-concurrently", "error", "use CREATE/DROP INDEX CONCURRENTLY, alone in its own migration."),
    CONCURRENTLY_IN_TRANSACTION(
            "concurrently-in-transaction",
            "error",
            "put the CONCURRENTLY statement in a migration of its own, outside any transaction."),
    ENUM_IN_TRANSACTION(
            "enum-in-transaction",
            "error",
            "on this server version run ALTER TYPE ... ADD VALUE outside a transaction, and use the new value only in a later migration."),
    ACCESS_EXCLUSIVE_LOCK(
            "access-exclusive-lock",
            "info",
            "keep it short: set lock_timeout, and do nothing slow in the same transaction."),
    LONG_ACCESS_EXCLUSIVE_LOCK(
            "long-access-exclusive-lock",
            "warning",
            "split the migration: nothing slow may run while an ACCESS EXCLUSIVE lock is held."),
    TABLE_REWRITE(
            "table-rewrite",
            "error",
            "avoid statements that rewrite an existing table; add new structures and backfill in batches."),
    MISSING_LOCK_TIMEOUT(
            "missing-lock-timeout",
            "warning",
            "start the migration with SET lock_timeout = '5s' so a blocked lock fails fast instead of queueing every query behind it."),
    MISSING_STATEMENT_TIMEOUT(
            "missing-statement-timeout",
            "warning",
            "set statement_timeout before statements that scan or rewrite an existing table."),
    FK_WITHOUT_INDEX(
            "fk-without-index",
            "warning",
            "create an index (CONCURRENTLY) whose leading columns are the foreign key's referencing columns."),
    DML_WITHOUT_WHERE(
            "dml-without-where",
            "error",
            "name the rows to change with a WHERE, or move the data change to a reviewed, batched backfill; if the table is empty on the target, allow it with that reason."),
    BACKFILL_IN_ONE_STATEMENT(
            "backfill-in-one-statement",
            "warning",
            "fill the new column in batches (UPDATE ... WHERE id BETWEEN ... AND ...,"
                    + " each batch its own short transaction) after the migration that adds it: one UPDATE locks and rewrites every row at once."),
    TRUNCATE(
            "truncate",
            "error",
            "do not empty an existing table in a deploy; if its rows are disposable, say so in an allowance with the reason."),
    ROW_SECURITY_WITHOUT_POLICY(
            "row-security-without-policy",
            "error",
            "create the policies its readers need first, in the same migration (CREATE POLICY ... FOR SELECT TO <role>"
                    + " USING (...)), then ENABLE (or FORCE) ROW LEVEL SECURITY: the roles keep their reads from the"
                    + " first statement on."),
    OUTSIDE_ALLOW_LIST(
            "outside-allow-list",
            "error",
            "this runbook's policy allows only the listed kinds of change: move the rest to a migration deployed under a runbook that covers it."),
    STATEMENT_FAILS(
            "statement-fails",
            "error",
            "the statement fails on a copy of the target's schema: fix it before deploying."),
    REHEARSAL_OLDER_THAN_TARGET(
            "rehearsal-older-than-target",
            "error",
            "the statement may use syntax or a function the rehearsal's older PostgreSQL lacks:"
                    + " rehearse on the target's major version (a local cluster of that version, or --target-version of the server it will run on)."),
    REHEARSAL_LACKS_JOURNAL(
            "rehearsal-lacks-journal",
            "warning",
            "the statement uses a migration tool's journal table, which every database that tool migrated holds and a"
                    + " rehearsal rebuilt from files holds only for the tool it is told of: name the tool (gate --tool"
                    + " diesel|prisma|drizzle|flyway) so that the rehearsal holds its journal, or rehearse on a copy of the target."),
    NOT_JUDGED(
            "not-judged",
            "info",
            "it uses what an earlier statement the rehearsal could not run would have made: once that statement runs in"
                    + " the rehearsal (fixed, or rehearsed on the target's major version), judge this one again."),
    ALLOWANCE_WITHOUT_REASON(
            "allowance-without-reason",
            "error",
            "write the reason: -- gate:allow <rule> reason: <why this is safe here>.");

    private final String code;
    private final String severity;
    private final String advice;

    Rule(String code, String severity, String advice) {
        this.code = code;
        this.severity = severity;
        this.advice = advice;
    }

    public String code() {
        return code;
    }

    public String severity() {
        return severity;
    }

    public String advice() {
        return advice;
    }
}
