package runbooks.kit.junit;

/**
 * The kind of run, in the report ({@code <runbook>.run.mode}) and in the apply log: a <b>deploy</b> changes the
 * target (or finishes a deploy that was cut off); a <b>verify</b> run finds the deploy done and only checks the
 * deployed state, every writing step reported as skipped with the evidence that it was done.
 */
public enum RunMode {
    DEPLOY,
    VERIFY;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
