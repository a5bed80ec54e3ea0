package runbooks.kit.database;

import java.time.Duration;

/**
 * Timeouts applied to every statement on a {@link Target}; see {@code environments/*.properties}.
 *
 * @param check the statement timeout of a read-only check
 * @param write the statement timeout of a write
 * @param lock how long a statement waits for a lock
 */
public record Timeouts(Duration check, Duration write, Duration lock) {}
