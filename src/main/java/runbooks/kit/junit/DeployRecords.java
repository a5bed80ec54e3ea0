package runbooks.kit.junit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.schema.AsFound;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * What a deploy leaves for the later runs of the same target, kept beside the runbook's run folders: the schema it left
 * ({@code deployed-schema-<database>.json}), which a verification run compares the target with, and facts a verification
 * run needs ({@code deployed-facts-<database>.json}: the newest row before the deploy, say). A fresh checkout of the suite
 * has none: the runbook's own checks then stand alone.
 */
final class DeployRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private final Path schemaRecord;
    private final Path factsRecord;

    DeployRecords(Path runbookDir, String database) {
        this.schemaRecord = runbookDir.resolve("deployed-schema-" + database + ".json");
        this.factsRecord = runbookDir.resolve("deployed-facts-" + database + ".json");
    }

    Path schemaRecord() {
        return schemaRecord;
    }

    void keepSchema(String json) {
        write(schemaRecord, json, "the deployed schema");
    }

    /** What differs between {@code now} and the schema the deploy left; absent when no deploy of this target was recorded. */
    Optional<List<String>> driftSince(SchemaSnapshot now) {
        return read(schemaRecord, "the deployed-schema record").map(objects -> {
            objects.remove(SchemaSnapshot.FORMAT_KEY);
            SchemaSnapshot recorded = new SchemaSnapshot(objects);
            // A record kept before the snapshot covered row-level security, policies, owners and privileges says
            // nothing
            // of them: they are compared from the next deploy's record on, not reported as added now.
            return AsFound.schema(recorded)
                    .schemaChanges(AsFound.schema(recorded.coversSecurity() ? now : now.withoutSecuritySurface()));
        });
    }

    void keepFact(String key, String value) {
        Map<String, String> facts =
                new TreeMap<>(read(factsRecord, "the deploy record").orElse(Map.of()));
        facts.put(key, value);
        try {
            write(
                    factsRecord,
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(facts) + "\n",
                    "the deploy's facts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> fact(String key) {
        return read(factsRecord, "the deploy record").map(facts -> facts.get(key));
    }

    private static void write(Path file, String text, String what) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep " + what + " in " + file, e);
        }
    }

    private static Optional<Map<String, String>> read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), MAP));
        } catch (IOException e) {
            throw new ConfigurationException(what + " " + file + " is not readable ("
                    + String.valueOf(e.getMessage()).split("\n")[0]
                    + "); remove it, and a verification run checks what it can without it.");
        }
    }

    /**
     * After a deploy: the schema it left, in the run's evidence and (on a target that outlives the run) beside the
     * runbook's runs, so that a later verification run of the same target can say what changed since.
     */
    static void recordDeployed(EvidenceFolder evidence, Target target, boolean local, SchemaSnapshot snapshot) {
        String json = snapshot.toJson();
        evidence.artefact("deployed-schema.json", json);
        if (!local) {
            of(evidence, target)
                    .keepSchema(
                            json); // a local database is the suite's own, dropped with the cluster: nobody verifies it
            // again
        }
    }

    /** A verification run: the target against the schema its deploy left, each object changed since named. */
    static void checkDeployed(RunMode mode, EvidenceFolder evidence, Target target, boolean local, SchemaSnapshot now) {
        if (mode == RunMode.DEPLOY) {
            recordDeployed(evidence, target, local, now);
            return;
        }
        DeployRecords records = of(evidence, target);
        Optional<List<String>> drift = records.driftSince(now);
        runbooks.kit.evidence.Evidence.text(
                "schema since the deploy",
                drift.map(d -> d.isEmpty()
                                ? "unchanged since the deploy (" + records.schemaRecord() + ")"
                                : String.join("\n", d))
                        .orElse(
                                "no record of this target's deploy in "
                                        + records.schemaRecord().getParent()
                                        + " (it was deployed from another checkout): checked against the runbook's own expectations only"));
        drift.ifPresent(d -> org.assertj.core.api.Assertions.assertThat(d)
                .as(
                        "schema of %s against what its deploy left (%s): changed since the deploy",
                        target.spec().masked(), records.schemaRecord())
                .isEmpty());
    }

    /** The records of {@code target}'s deploys, beside the runbook's runs. */
    static DeployRecords of(EvidenceFolder evidence, Target target) {
        return new DeployRecords(evidence.runbookDir(), target.spec().database());
    }
}
