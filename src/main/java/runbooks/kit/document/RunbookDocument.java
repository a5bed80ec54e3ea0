package runbooks.kit.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * A runbook document as Markdown (CommonMark): its headings, the section number each starts with ("3.2 Apply
 * Migration", "Step 6: Quick Function Test", "1. Preconditions"), and the fenced {@code sql} blocks under each, as
 * written. A section holds what follows its heading up to the next heading of any level.
 */
public final class RunbookDocument {

    /** A heading: its level, its text, and its section key ("3.2", "Step 6", "1"), empty when it is not numbered. */
    public record Section(int level, String title, String key, int line) {}

    /** A fenced SQL block, with the section it stands in and its first line in the document. */
    public record SqlBlock(Section section, String sql, int line) {}

    private static final Pattern NUMBERED = Pattern.compile("^((?:Step\\s+)?\\d+(?:\\.\\d+)*)(?=[\\s.:)]|$)");

    private final Path file;
    private final String text;
    private final List<Section> sections = new ArrayList<>();
    private final List<SqlBlock> blocks = new ArrayList<>();

    private RunbookDocument(Path file, String text) {
        this.file = file;
        this.text = text;
        Node root = Parser.builder()
                .includeSourceSpans(IncludeSourceSpans.BLOCKS)
                .build()
                .parse(text);
        root.accept(new AbstractVisitor() {
            private Section current = new Section(0, "(before the first heading)", "", 1);

            @Override
            public void visit(Heading heading) {
                StringBuilder title = new StringBuilder();
                heading.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Text t) {
                        title.append(t.getLiteral());
                    }
                });
                Matcher m = NUMBERED.matcher(title.toString().strip());
                current = new Section(
                        heading.getLevel(), title.toString().strip(), m.find() ? m.group(1) : "", line(heading));
                sections.add(current);
            }

            @Override
            public void visit(FencedCodeBlock code) {
                if (code.getInfo() != null
                        && code.getInfo()
                                .strip()
                                .toLowerCase(java.util.Locale.ROOT)
                                .startsWith("sql")) {
                    blocks.add(new SqlBlock(current, code.getLiteral(), line(code) + 1));
                }
            }
        });
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty()
                ? 0
                : node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    public static RunbookDocument read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("The runbook document " + file
                    + " does not exist: set -Drunbooks.documents=<the folder holding it>.");
        }
        try {
            return new RunbookDocument(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public String text() {
        return text;
    }

    public String sha256() {
        return EvidenceFolder.sha256(file);
    }

    /** Every heading, in document order. */
    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /** The numbered headings, in document order: one runbook step each. */
    public List<Section> numberedSections() {
        return sections.stream().filter(s -> !s.key().isEmpty()).toList();
    }

    /** The SQL blocks of the section whose key is {@code key} ("3.5", "Step 6"), as written. */
    public List<SqlBlock> sql(String key) {
        if (sections.stream().noneMatch(s -> s.key().equals(key))) {
            throw new ConfigurationException(file.getFileName() + " has no section " + key + " (its numbered sections: "
                    + numberedSections().stream().map(Section::key).toList() + ").");
        }
        return blocks.stream().filter(b -> b.section().key().equals(key)).toList();
    }
}
