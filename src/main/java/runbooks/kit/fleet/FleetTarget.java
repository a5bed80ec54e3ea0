package runbooks.kit.fleet;

/**
 * One database of a fleet: its name, how to reach it, and what it must prove to be before any write. The password is
 * never here: {@code passwordVariable} names the variable that holds it.
 *
 * @param position its place in the fleet file (0-based), which is its place in wave order
 */
public record FleetTarget(
        String name,
        int wave,
        int position,
        String host,
        Integer port,
        String database,
        String user,
        String passwordVariable,
        String expectDatabase,
        String expectSystemIdentifier) {}
