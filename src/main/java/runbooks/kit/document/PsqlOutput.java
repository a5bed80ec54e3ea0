package runbooks.kit.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import runbooks.kit.data.Rows;

/**
 * What psql printed for one part of a section, as psql itself printed it (unaligned, a unit separator between fields,
 * the {@code (N rows)} footer closing each result): its results in order, the command tags it printed where the
 * document shows them, and its errors with their SQLSTATE ({@code VERBOSITY verbose}).
 */
public record PsqlOutput(List<Result> results, List<String> tags, List<Error> errors, String transcript) {

    static final String SEPARATOR = "\u001f";
    private static final Pattern FOOTER = Pattern.compile("\\(\\d+ rows?\\)");
    private static final Pattern ERROR = Pattern.compile("^(?:psql:[^ ]*: )?ERROR:\\s+([0-9A-Z]{5}): (.*)$");

    /** One result set: its columns and rows as psql printed them. */
    public record Result(List<String> header, List<List<String>> rows) {
        public Rows asRows() {
            return new Rows("document", header, rows);
        }

        public String text(int limit) {
            StringBuilder b = new StringBuilder(" " + String.join(" | ", header) + "\n");
            rows.stream()
                    .limit(limit)
                    .forEach(r -> b.append(' ')
                            .append(String.join(
                                    " | ", r.stream().map(PsqlOutput::shown).toList()))
                            .append('\n'));
            if (rows.size() > limit) {
                b.append(" ... ").append(rows.size() - limit).append(" more\n");
            }
            return b.append('(')
                    .append(rows.size())
                    .append(rows.size() == 1 ? " row)" : " rows)")
                    .toString();
        }
    }

    /** A statement's error: its SQLSTATE and message. */
    public record Error(String sqlstate, String message) {
        /** Refused because the check session is read-only (or the transaction was already aborted by such a refusal). */
        public boolean isReadOnlyRefusal() {
            return sqlstate.equals("25006") || sqlstate.equals("25P02");
        }

        @Override
        public String toString() {
            return "ERROR " + sqlstate + ": " + message;
        }
    }

    static PsqlOutput parse(String stdout, String stderr) {
        List<Result> results = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (FOOTER.matcher(line.strip()).matches() && !pending.isEmpty()) {
                // The result's header is the last line before its rows that is no command tag: psql prints tags (when
                // not quiet) on lines of their own before the next result.
                int rowsCount = Integer.parseInt(line.replaceAll("\\D", ""));
                int headerAt = pending.size() - rowsCount - 1;
                tags.addAll(pending.subList(0, Math.max(0, headerAt)));
                List<String> header = headerAt >= 0 ? split(pending.get(headerAt)) : List.of();
                List<List<String>> rows = new ArrayList<>();
                pending.subList(headerAt + 1, pending.size()).forEach(r -> rows.add(split(r)));
                results.add(new Result(header, rows));
                pending.clear();
            } else {
                pending.add(line);
            }
        }
        tags.addAll(pending.stream().filter(l -> !l.isBlank()).toList());
        List<Error> errors = new ArrayList<>();
        for (String line : stderr.lines().toList()) {
            var m = ERROR.matcher(line.strip());
            if (m.matches()) {
                errors.add(new Error(m.group(1), m.group(2)));
            }
        }
        return new PsqlOutput(List.copyOf(results), List.copyOf(tags), List.copyOf(errors), transcript(stdout, stderr));
    }

    private static String transcript(String stdout, String stderr) {
        String out = stdout.replace(SEPARATOR, " | ").strip();
        String err = stderr.strip();
        return err.isEmpty() ? out : out + (out.isEmpty() ? "" : "\n") + err;
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.split(SEPARATOR, -1)) {
            cells.add(c.strip());
        }
        return cells;
    }

    public Optional<Result> last() {
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(results.size() - 1));
    }

    /** Errors other than a read-only session refusing a write (those are the writes a check run leaves out). */
    public List<Error> failures() {
        return errors.stream().filter(e -> !e.isReadOnlyRefusal()).toList();
    }

    /** A cell as a reader sees it: psql prints NULL and the empty string as nothing. */
    static String shown(String cell) {
        return cell.isEmpty() ? "(null or empty)" : cell;
    }
}
