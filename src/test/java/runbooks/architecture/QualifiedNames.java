package runbooks.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fully qualified names a Java file does not need: a type it imports, a type of its own package, or of {@code
 * java.lang}, written with its package in the code (comments and strings are not looked at). A plain text scan, no
 * parser: what it reports is always redundant.
 */
final class QualifiedNames {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+([\\w.]+\\.[A-Z]\\w*);");
    private static final Pattern HEADER = Pattern.compile("(?m)^(package|import)\\s[^;]*;");

    private QualifiedNames() {}

    /** Each redundant name in {@code source}, as {@code line N: a.b.Type}. */
    static List<String> redundant(String source) {
        String code = codeOnly(source);
        List<String> found = new ArrayList<>();
        int body = 0;
        for (Matcher m = HEADER.matcher(code); m.find(); ) {
            body = m.end();
        }
        List<String> names = new ArrayList<>();
        IMPORT.matcher(code).results().forEach(m -> names.add(Pattern.quote(m.group(1)) + "(?![\\w])"));
        Matcher pkg = PACKAGE.matcher(code);
        if (pkg.find()) {
            names.add(Pattern.quote(pkg.group(1) + ".") + "[A-Z]\\w*");
        }
        names.add(Pattern.quote("java.lang.") + "[A-Z]\\w*");
        for (String name : names) {
            Matcher m = Pattern.compile("(?<![\\w.])" + name).matcher(code);
            m.region(body, code.length());
            while (m.find()) {
                long line = code.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                found.add("line " + line + ": " + m.group());
            }
        }
        return found;
    }

    /** The source with comments, strings, text blocks and char literals blanked out, lines kept. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3) + 3;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2) + 2;
            } else if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, s.length());
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            if (end < i) { // an unterminated comment or text block: the rest of the file
                end = s.length();
            }
            for (int j = i; j < end; j++) {
                out.append(s.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }
}
