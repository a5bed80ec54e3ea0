package runbooks.kit.database;

/** The infrastructure failed under a step (the server went away): one sentence on what the run left, never a deployment finding. */
public final class InfrastructureFault extends RuntimeException {
    public InfrastructureFault(String message, Throwable cause) {
        super(message, cause);
    }
}
