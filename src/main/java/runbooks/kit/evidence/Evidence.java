package runbooks.kit.evidence;

import io.qameta.allure.Allure;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import runbooks.kit.data.Rows;

/**
 * What a step did, attached to the Allure report so an auditor can read it beside the runbook.
 *
 * <p>Every attachment is also written, as a plain file, to the run's {@link EvidenceFolder}. Outside an
 * Allure-reported run (a drill runs a runbook through the JUnit test kit) there is no report to attach to.
 */
public final class Evidence {

    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

    private Evidence() {}

    /**
     * Runs {@code body} without attaching what its queries ran and saw: a watch that looks hundreds of
     * times attaches its own progress lines instead of hundreds of copies of the same query.
     */
    public static <T> T quietly(Supplier<T> body) {
        boolean was = QUIET.get();
        QUIET.set(true);
        try {
            return body.get();
        } finally {
            QUIET.set(was);
        }
    }

    /** Runs {@code body} as a named sub-step of the current step. */
    public static <T> T step(String name, Supplier<T> body) {
        if (!reporting()) {
            return body.get();
        }
        return Allure.step(runbooks.kit.env.Secrets.mask(name), body::get);
    }

    public static void step(String name, Runnable body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    public static void sql(String name, String sql) {
        attach(name, "text/plain", ".sql", sql);
    }

    /** A file as it is on disk (a migration about to be applied), under its own extension ({@code .sql}, {@code .json}). */
    public static void file(String name, java.nio.file.Path file) {
        try {
            String fileName = file.getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            String extension = dot < 0 ? ".txt" : fileName.substring(dot);
            String type = extension.equals(".json") ? "application/json" : "text/plain";
            attach(name, type, extension, java.nio.file.Files.readString(file));
        } catch (java.io.IOException e) {
            text(name, "could not read " + file + ": " + e.getMessage());
        }
    }

    public static void text(String name, String text) {
        attach(name, "text/plain", ".txt", text);
    }

    /** Rows as CSV: Allure 2 shows CSV attachments as a table. */
    public static void rows(String name, Rows rows) {
        attach(name, "text/csv", ".csv", rows.toCsv());
    }

    public static void json(String name, String json) {
        attach(name, "application/json", ".json", json);
    }

    private static void attach(String rawName, String type, String extension, String rawContent) {
        // Every secret the run was given is masked before it reaches the evidence folder or the report.
        String name = runbooks.kit.env.Secrets.mask(rawName);
        String content = runbooks.kit.env.Secrets.mask(rawContent);
        if (!QUIET.get()) {
            EvidenceFolder.current().ifPresent(folder -> folder.write(name, extension, content));
        }
        if (reporting() && !QUIET.get()) {
            Allure.addAttachment(
                    name, type, new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), extension);
        }
    }

    private static boolean reporting() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }
}
