package runbooks.kit.evidence;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code verify <evidence folder>}: checks the folder against its SHA256SUMS. Exit 0 intact, 1 a file
 * changed, went missing or was added (each named), 2 bad input.
 * <pre>mvn -q compile exec:java -Dexec.mainClass=runbooks.kit.evidence.EvidenceCli -Dexec.args="verify target/evidence/local/mes"</pre>
 */
public final class EvidenceCli {

    private EvidenceCli() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length != 2 || !args[0].equals("verify")) {
            System.err.println("usage: verify <evidence folder>, e.g. verify target/evidence/local/mes");
            return 2;
        }
        try {
            Path dir = Path.of(args[1]);
            List<String> problems = EvidenceFolder.verify(dir);
            if (problems.isEmpty()) {
                System.out.println(dir + ": every file matches " + EvidenceFolder.SUMS);
                return 0;
            }
            problems.forEach(p -> System.out.println(dir + ": " + p));
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
