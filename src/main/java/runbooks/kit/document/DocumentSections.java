package runbooks.kit.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringTokenizer;
import org.apache.commons.text.matcher.StringMatcherFactory;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * A runbook document read as the steps it runs: every numbered heading a {@link Section}; its {@code sql} blocks, and the
 * {@code psql -f / -c / < file} commands of its shell blocks, as psql runs them ({@link Unit}: one psql session each, an
 * SQL block's statements sharing it); each statement group with the expectation the document writes after it
 * ({@link Chunk}, {@link Check}). A command the kit does not run, and an expectation with no machine-readable form, is
 * listed for a person.
 */
public final class DocumentSections {

    /** A numbered section: its number ("3", "4.2"), title, what it runs, what only a person can check. */
    public record Section(String number, String title, List<Unit> units, List<String> forPerson, List<String> defects) {
        /** Whether it writes: a statement group without an expectation that is more than session settings. */
        public boolean writes() {
            // A file run by a command (psql -f migrations/005.sql) is applied, unless the document shows what it
            // returns.
            return units.stream().anyMatch(u -> u.tool() != null && u.tool().writes())
                    || units.stream()
                            .anyMatch(
                                    u -> u.file() != null && u.chunks().stream().noneMatch(Chunk::isCheck))
                    || units.stream().flatMap(u -> u.chunks().stream()).anyMatch(Chunk::writes);
        }

        /** Whether it says how to tell it holds: a check, or the tool's journal (migrated: nothing pending). */
        public boolean hasChecks() {
            return units.stream().anyMatch(u -> u.tool() != null)
                    || units.stream().flatMap(u -> u.chunks().stream()).anyMatch(Chunk::isCheck);
        }

        public String name() {
            return number.equals(title) ? title : number + " " + title;
        }
    }

    /** One psql session: an SQL block's statements, or one {@code psql} command of a shell block. */
    public record Unit(String source, List<String> options, List<Chunk> chunks, String file, ToolCommand tool) {
        public Unit(String source, List<String> options, List<Chunk> chunks) {
            this(source, options, chunks, null, null);
        }

        public Unit(String source, List<String> options, List<Chunk> chunks, String file) {
            this(source, options, chunks, file, null);
        }
    }

    /**
     * A command of the team's migration tool the kit runs through that tool's journal: {@code migrate} applies what is
     * pending (a write), {@code status} requires a journal the tool would accept (a check).
     */
    public record ToolCommand(String tool, String action) {
        public boolean writes() {
            return action.equals("migrate");
        }
    }

    /** Statements up to an expectation (or the end of their block), with that expectation; {@code check} null: none. */
    public record Chunk(String sql, Check check, boolean record) {
        /** A group that stores its row in psql variables ({@code \gset}) records, as "Record it." does. */
        public Chunk {
            record = record || sql.lines().anyMatch(l -> l.strip().matches(".*\\\\gset(\\s+\\w+)?;?$"));
        }

        public Chunk(String sql, Check check) {
            this(sql, check, false);
        }

        private static final Pattern SESSION_ONLY = Pattern.compile(
                "(?i)^(set|reset|show|begin|commit|rollback|start transaction|end|\\\\(?!copy)\\S+)\\b.*");
        /** A line a write starts with; a misread line is caught by the server, which refuses any write in a check. */
        private static final Pattern WRITE = Pattern.compile(
                "(?i)^(insert|update|delete|merge|create|alter|drop|truncate|grant|revoke|comment|copy|call|do|reindex"
                        + "|vacuum|analyze|cluster|refresh|lock|security label|import|\\\\copy)\\b.*");

        /**
         * Whether it writes: a group whose statements start with a write (a migration, a backfill followed by its
         * count), or whose expectation is psql's command tags (the transcript of a write). A query with no
         * expectation (the DBA reads its output) is a read; a read that writes after all (a function with side
         * effects) is refused by the read-only session, and the section is named to be declared {@code writes}.
         */
        public boolean writes() {
            List<String> lines = sql.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("--"))
                    .toList();
            if (check != null && check.form() == Check.Form.TAGS) {
                return lines.stream().anyMatch(l -> !SESSION_ONLY.matcher(l).matches());
            }
            return lines.stream().anyMatch(l -> WRITE.matcher(l).matches());
        }

        /** A check a verification run repeats read-only (a command-tag transcript is only seen when writing). */
        public boolean isCheck() {
            return record || (check != null && check.form() != Check.Form.TAGS);
        }
    }

    private static final Pattern NUMBERED = Pattern.compile("^(?:Step\\s+|§\\s*)?(\\d+(?:\\.\\d+)*)\\.?[\\s:)]+(.*)$");
    private static final Pattern RECORD = Pattern.compile("(?i)^(record|note (down )?)\\b.*");
    /**
     * Prose a person acts on: an instruction ("Check that…", "Post in #db-changes…", "Wait for…") or an expectation
     * only a person can judge ("The numbers should roughly match the dashboard"). Listed as checks for a person, never
     * passed.
     */
    private static final Pattern PERSON_PROSE = Pattern.compile("(?i)^(verify|check|confirm|make sure|ensure|ask|have"
            + "|post|notify|announce|tell|inform|email|page|message|ping|wait|watch|monitor|look|compare|open|close"
            + "|merge|restart|redeploy|deploy|roll out|scale|pause|resume|stop|start|enable|disable|update the|file"
            + "|get|call|escalate|hand|take|make|back up|schedule|coordinate|drain|silence|mute|acknowledge|review"
            + "|approve|sign off)\\b.*[^:]$|(?i)^.*\\b(should|must)\\b.*\\b(match|look|show|agree|equal)\\b.*[^:]$");
    /**
     * An expectation in prose with no machine-readable form ("V6 must be the last Success row", "Expected output ends
     * with …"): a person's to check, never passed unread.
     */
    private static final Pattern EXPECTATION_PROSE =
            Pattern.compile("(?i)^(expected\\b.*|.*\\b(must|should)\\s+(not\\s+)?"
                    + "(be|show|return|list|say|contain|end|read|match|have|equal|print|report)\\b.*)[^:]$");
    /** A here-document ({@code <<'SQL'}, {@code <<EOF}, {@code <<-EOF}): the lines up to its tag are the input. */
    private static final Pattern HEREDOC = Pattern.compile("<<(-)?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    /** Shell control flow: a block that loops or branches runs as a whole or not at all. */
    private static final Pattern SHELL_FLOW =
            Pattern.compile("(?m)^\\s*(for|while|until|if|case)\\b.*|\\b(do|done|then|fi|esac)\\s*$|\\$\\(");

    private DocumentSections() {}

    /**
     * The sections of {@code markdown}; {@code files} gives the text of a file a command names ({@code psql -f
     * migrations/001.sql}), relative to the runbook's folder, and fails with a sentence where there is none.
     */
    public static List<Section> read(String markdown, Function<String, String> files) {
        Node document = Parser.builder().build().parse(markdown);
        // Numbered headings are the sections; a document with none has its level-2 headings numbered in order.
        List<Heading> headings = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                headings.add(heading);
            }
        });
        boolean numbered = headings.stream()
                .anyMatch(h -> NUMBERED.matcher(text(h).strip()).matches());
        // An unnumbered heading as high as the numbered ones ("## Rollback" after "## 4. Smoke test") ends the section
        // before it: it is a section of its own, named by its title, not more of the last numbered one.
        int sectionLevel = headings.stream()
                .filter(h -> NUMBERED.matcher(text(h).strip()).matches())
                .mapToInt(Heading::getLevel)
                .min()
                .orElse(2);
        List<Builder> sections = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String title = text(heading).strip();
                Matcher m = NUMBERED.matcher(title);
                if (numbered && m.matches()) {
                    sections.add(new Builder(m.group(1), m.group(2).strip()));
                } else if (numbered && !sections.isEmpty() && heading.getLevel() <= sectionLevel) {
                    sections.add(new Builder(title, title));
                } else if (!numbered && heading.getLevel() == 2) {
                    sections.add(new Builder(String.valueOf(sections.size() + 1), title));
                }
            }

            @Override
            public void visit(FencedCodeBlock code) {
                if (!sections.isEmpty()) {
                    sections.get(sections.size() - 1).code(code, files);
                }
            }

            @Override
            public void visit(Paragraph paragraph) {
                if (sections.isEmpty()) {
                    return;
                }
                Builder section = sections.get(sections.size() - 1);
                // A command written inline (`psql "$DATABASE_URL" -c "..."`) runs as a shell block's would.
                for (Node n = paragraph.getFirstChild(); n != null; n = n.getNext()) {
                    if (n instanceof Code code
                            && COMMAND.matcher(code.getLiteral()).find()) {
                        section.commands(code.getLiteral(), files);
                    }
                }
                section.prose(text(paragraph), paragraph.getNext());
            }
        });
        return sections.stream().map(Builder::build).toList();
    }

    /** Inline code that is a command a runbook runs (psql, the teams' tools), not a file or object name. */
    private static final Pattern COMMAND = Pattern.compile(
            "^(?:[A-Z_]+=\\S*\\s+)*(psql|pg_dump|pg_restore|pnpm|npx|npm|yarn|flyway|prisma|drizzle-kit|diesel|sqitch|liquibase)\\s");

    private static String text(Node node) {
        StringBuilder b = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                b.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                b.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak br) {
                b.append('\n');
            }
        });
        return b.toString();
    }

    private static final class Builder {
        private final String number;
        private final String title;
        private final List<Unit> units = new ArrayList<>();
        private final List<String> forPerson = new ArrayList<>();
        private final List<String> defects = new ArrayList<>();
        /** An expectation stated before the block it belongs to ("Should return 0 rows:"). */
        private Check forward;
        /** "Expected output:": the next plain code block is the expected output. */
        private boolean outputFollows;
        /** "Note the number of subscriptions:" before its query: the next block's last statement is recorded. */
        private boolean recordNext;

        Builder(String number, String title) {
            this.number = number;
            this.title = title;
        }

        Section build() {
            return new Section(number, title, List.copyOf(units), List.copyOf(forPerson), List.copyOf(defects));
        }

        void code(FencedCodeBlock code, Function<String, String> files) {
            String info = code.getInfo() == null ? "" : code.getInfo().strip().toLowerCase(Locale.ROOT);
            String body = code.getLiteral();
            if (info.startsWith("sql") || info.startsWith("psql") || info.startsWith("pgsql")) {
                List<Chunk> chunks = new ArrayList<>(chunks(body));
                if (recordNext && !chunks.isEmpty()) {
                    Chunk last = chunks.get(chunks.size() - 1);
                    chunks.set(chunks.size() - 1, new Chunk(last.sql(), last.check(), true));
                }
                recordNext = false;
                units.add(new Unit("sql block", List.of(), List.copyOf(chunks)));
            } else if (info.startsWith("bash") || info.startsWith("sh") || info.startsWith("shell")) {
                commands(body, files);
            } else if (!units.isEmpty() && info.equals("json")) {
                attach(Check.json("the JSON the document shows: " + body.strip(), body));
            } else if (!units.isEmpty() && (outputFollows || info.isEmpty() || info.equals("text"))) {
                attach(Check.block(
                        "the output the document shows:\n" + body.stripTrailing(),
                        body.lines().toList()));
            }
            outputFollows = false;
        }

        void prose(String text, Node next) {
            // A task list's box ("- [ ] Take the backup") is not part of what it says.
            text = text.lines()
                    .map(l -> l.strip().replaceFirst("^\\[[ xX]\\]\\s+", ""))
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse("");
            for (String line : text.lines().map(String::strip).toList()) {
                if (Check.states(line)) {
                    Check check = Check.line(line);
                    boolean blockFollows = next instanceof FencedCodeBlock;
                    if (line.endsWith(":") && check.forPerson() && blockFollows) {
                        outputFollows = true;
                    } else if (line.endsWith(":") && blockFollows) {
                        forward = check;
                    } else if (check.forPerson()) {
                        forPerson.add(line);
                    } else if (!units.isEmpty()) {
                        attach(check);
                    } else {
                        forPerson.add(line);
                    }
                } else if (RECORD.matcher(line).matches() && line.endsWith(":") && next instanceof FencedCodeBlock) {
                    recordNext = true;
                } else if (RECORD.matcher(line).matches() && !units.isEmpty()) {
                    record();
                } else if (PERSON_PROSE.matcher(line).matches()
                        || PERSON_PROSE.matcher(sentence(text, line)).matches()
                        || EXPECTATION_PROSE.matcher(line).matches()) {
                    // The instruction as written, to the end of its paragraph (a soft line break does not end it).
                    forPerson.add(sentence(text, line));
                    break;
                }
            }
        }

        /** {@code text} from {@code line} to its end, its line breaks as spaces. */
        private static String sentence(String text, String line) {
            List<String> lines = text.lines().map(String::strip).toList();
            return String.join(" ", lines.subList(lines.indexOf(line), lines.size()));
        }

        /** "Record both numbers": the last statement's row is kept as psql variables named by its columns. */
        private void record() {
            Unit unit = units.get(units.size() - 1);
            List<Chunk> chunks = new ArrayList<>(unit.chunks());
            Chunk last = chunks.get(chunks.size() - 1);
            chunks.set(chunks.size() - 1, new Chunk(last.sql(), last.check(), true));
            units.set(units.size() - 1, new Unit(unit.source(), unit.options(), List.copyOf(chunks), unit.file()));
        }

        /** Gives the last statement group without an expectation this check; a person's when it has one already. */
        private void attach(Check check) {
            if (check.forPerson()) {
                forPerson.add(check.text());
                return;
            }
            Unit unit = units.get(units.size() - 1);
            List<Chunk> chunks = new ArrayList<>(unit.chunks());
            int last = chunks.size() - 1;
            if (last < 0 || chunks.get(last).check() != null) {
                forPerson.add(check.text() + " (no statement of its own before it)");
                return;
            }
            chunks.set(
                    last,
                    new Chunk(chunks.get(last).sql(), check, chunks.get(last).record()));
            units.set(units.size() - 1, new Unit(unit.source(), unit.options(), List.copyOf(chunks), unit.file()));
        }

        private List<Chunk> chunks(String body) {
            List<Chunk> chunks = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            List<String> lines = body.lines().toList();
            // "-- Should return 5 rows" above its query: the expectation of the statements that follow it.
            Check ahead = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean statementSoFar =
                        sql.toString().lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--"));
                if (line.strip().startsWith("--") && Check.states(line) && !statementSoFar) {
                    Check check = Check.line(line);
                    if (!check.forPerson()) {
                        ahead = check;
                        continue;
                    }
                }
                if (line.strip().startsWith("--") && Check.states(line)) {
                    Check check = Check.line(line);
                    if (check.forPerson() && line.strip().endsWith(":")) {
                        // "-- Expected:" and the output as comment lines under it.
                        List<String> shown = new ArrayList<>();
                        while (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("--")) {
                            shown.add(lines.get(++i).replaceFirst("^\\s*-- ?", ""));
                        }
                        check = Check.block(line.strip(), shown);
                    }
                    if (check.forPerson()) {
                        forPerson.add(check.text());
                        check = null;
                    }
                    if (forward != null && chunks.isEmpty() && check == null) {
                        check = forward;
                    }
                    if (check == null) {
                        check = ahead;
                    }
                    ahead = null;
                    forward = null;
                    chunks.add(new Chunk(sql.toString(), check));
                    sql.setLength(0);
                } else {
                    sql.append(line).append('\n');
                }
            }
            if (!sql.toString().isBlank()) {
                chunks.add(new Chunk(sql.toString(), ahead != null ? ahead : chunks.isEmpty() ? forward : null));
                forward = null;
            }
            return chunks;
        }

        void commands(String body, Function<String, String> files) {
            // Here-documents first (psql … <<'SQL' … SQL): their lines are the command's input, not commands.
            List<String> lines = new ArrayList<>();
            List<String> inputs = new ArrayList<>();
            List<String> all = body.replace("\\\n", " ").lines().toList();
            for (int i = 0; i < all.size(); i++) {
                Matcher here = HEREDOC.matcher(all.get(i));
                if (!here.find()) {
                    lines.add(all.get(i));
                    inputs.add(null);
                    continue;
                }
                boolean tabs = here.group(1) != null;
                String tag = here.group(3);
                StringBuilder input = new StringBuilder();
                int j = i + 1;
                while (j < all.size() && !(tabs ? all.get(j).strip() : all.get(j)).equals(tag)) {
                    input.append(all.get(j)).append('\n');
                    j++;
                }
                lines.add(all.get(i).substring(0, here.start()) + all.get(i).substring(here.end()));
                inputs.add(input.toString());
                i = j;
            }
            if (SHELL_FLOW.matcher(String.join("\n", lines)).find()) {
                // A loop or a branch (for … do psql -v lo=$lo … done): its commands mean something only as the shell
                // runs the whole, so none is run once out of it; a declaration's replace: can say what to run instead.
                String first = body.strip().lines().findFirst().orElse("");
                forPerson.add("run by a person (a shell script with a loop, a branch or a $(…), which the kit does not"
                        + " run): " + first + (body.strip().lines().count() > 1 ? " …" : ""));
                return;
            }
            for (int l = 0; l < lines.size(); l++) {
                String command = lines.get(l).strip();
                String input = inputs.get(l);
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                List<String> words = new StringTokenizer(
                                command,
                                StringMatcherFactory.INSTANCE.splitMatcher(),
                                StringMatcherFactory.INSTANCE.quoteMatcher())
                        .getTokenList();
                int end = 0;
                while (end < words.size()
                        && !List.of("|", "||", "&&", ";", ">", ">>", "2>&1").contains(words.get(end))) {
                    end++;
                }
                words = words.subList(0, end);
                int at = 0;
                while (at < words.size() && words.get(at).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    at++; // PGOPTIONS=... psql ...
                }
                while (at < words.size() && RUNNERS.contains(words.get(at))) {
                    at++; // npx prisma ..., pnpm drizzle-kit ..., pnpm exec ...
                }
                if (at < words.size() && words.get(at).equals("psql")) {
                    psql(command, words.subList(at + 1, words.size()), files, input);
                } else if (at < words.size() && TOOLS.containsKey(words.get(at))) {
                    tool(command, TOOLS.get(words.get(at)), words.subList(at + 1, words.size()));
                } else if (!words.isEmpty()
                        && !List.of("export", "set", "source", ".", "cd", "echo")
                                .contains(words.get(0))) {
                    forPerson.add("run by a person (the kit does not run this command): " + command);
                }
            }
        }

        private static final List<String> RUNNERS = List.of("npx", "pnpm", "yarn", "bunx", "exec", "dlx", "run");
        private static final java.util.Map<String, String> TOOLS =
                java.util.Map.of("prisma", "prisma", "drizzle-kit", "drizzle", "flyway", "flyway");

        /** The team's tool: what it applies or reports, through its journal; a command it does not have is a defect. */
        private void tool(String command, String tool, List<String> args) {
            String verb = String.join(
                    " ", args.stream().filter(a -> !a.startsWith("-")).limit(2).toList());
            String action = switch (tool + " " + verb) {
                case "prisma migrate deploy", "drizzle migrate", "flyway migrate" -> "migrate";
                case "prisma migrate status", "flyway info", "flyway validate" -> "status";
                default -> null;
            };
            if (action != null) {
                units.add(new Unit(command, List.of(), List.of(), null, new ToolCommand(tool, action)));
            } else if (tool.equals("drizzle") && (verb.startsWith("down") || verb.startsWith("drop"))) {
                defects.add("drizzle-kit has no `" + verb + "` command that undoes a migration (`" + command
                        + "`): the document's step cannot be done as written");
            } else {
                forPerson.add("run by a person (the kit runs only migrate and status of " + tool + "): " + command);
            }
        }

        private void psql(String command, List<String> args, Function<String, String> files, String input) {
            List<String> options = new ArrayList<>();
            // A here-document is psql's input, as a file given with -f would be.
            String sql = input == null || input.isBlank() ? null : input;
            String file = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String next = i + 1 < args.size() ? args.get(i + 1) : null;
                if ((a.equals("-f") || a.equals("--file") || a.equals("<")) && next != null) {
                    sql = files.apply(next);
                    file = next;
                    i++;
                } else if (a.startsWith("--file=")) {
                    file = a.substring("--file=".length());
                    sql = files.apply(file);
                } else if (a.startsWith("<") && a.length() > 1) {
                    file = a.substring(1);
                    sql = files.apply(file);
                } else if ((a.equals("-c") || a.equals("--command")) && next != null) {
                    // Several -c run one after another, as psql runs them.
                    String one = next.endsWith(";") ? next : next + ";";
                    sql = sql == null ? one : sql + "\n" + one;
                    i++;
                } else if ((a.equals("-v") || a.equals("--set") || a.equals("--variable")) && next != null) {
                    options.addAll(List.of("-v", next));
                    i++;
                } else if (a.equals("-1") || a.equals("--single-transaction")) {
                    options.add("--single-transaction");
                }
            }
            if (sql == null) {
                forPerson.add("run by a person (an interactive psql session): " + command);
                return;
            }
            Check check = forward;
            forward = null;
            units.add(new Unit(
                    command,
                    List.copyOf(options),
                    List.of(new Chunk(sql, check)),
                    file == null ? null : file.replaceFirst("^\\./", "")));
        }
    }
}
