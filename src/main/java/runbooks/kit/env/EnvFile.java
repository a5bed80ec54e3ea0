package runbooks.kit.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code .env.<env>.local} read as the MES document reads it, with {@code set -a && source}: bash itself sources the
 * file (quotes, comments, {@code export}, a {@code #} inside quotes, {@code ${OTHER}} references, multi-line values) and
 * prints its environment, of which the variables the file set or changed are kept. What a shell would trip over is said
 * first, naming the line: bytes that are not UTF-8 (a file saved as Latin-1); a UTF-8 byte-order mark and Windows line
 * ends are removed, as an editor's "save as UTF-8, LF" would. Where bash is missing, {@link #read} returns empty and the
 * caller reads the file as dotenv does.
 */
final class EnvFile {

    private static final Pattern BASH_ERROR = Pattern.compile("^/dev/stdin: line (\\d+): (.*)$");
    private static final String MARK = "\0--runbooks-env--\0";

    private EnvFile() {}

    /** The variables {@code file} sets, as bash's {@code set -a && source} sets them; empty when bash cannot be run. */
    static Optional<Map<String, String>> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException(file.getFileName() + " could not be read (" + e.getMessage() + ").");
        }
        String text = utf8(file.getFileName().toString(), bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n");
        Process bash;
        try {
            bash = new ProcessBuilder(
                            "bash",
                            "--noprofile",
                            "--norc",
                            "-c",
                            "set -a; source /dev/stdin; printf '\\0--runbooks-env--\\0'; env -0")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noBash) {
            return Optional.empty();
        }
        try {
            try (var in = bash.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            var out = readAll(bash.getInputStream());
            if (!bash.waitFor(30, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                throw new ConfigurationException(
                        file.getFileName() + " did not finish sourcing in 30 s; it should only set variables.");
            }
            String[] parts = out.toString(StandardCharsets.UTF_8).split(MARK, 2);
            Optional<String> error = parts[0].lines()
                    .filter(l -> BASH_ERROR.matcher(l).matches())
                    .findFirst();
            if (error.isPresent() || parts.length < 2) {
                throw new ConfigurationException(sentence(file, error.orElse(parts[0].strip())));
            }
            Map<String, String> set = new HashMap<>();
            for (String entry : parts[1].split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    String name = entry.substring(0, eq);
                    String value = entry.substring(eq + 1);
                    if (!name.equals("_") && !name.equals("SHLVL") && !value.equals(System.getenv(name))) {
                        set.put(name, value);
                    }
                }
            }
            return Optional.of(set);
        } catch (IOException e) {
            throw new ConfigurationException(file.getFileName() + " could not be sourced (" + e.getMessage() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while reading " + file.getFileName() + ".");
        }
    }

    private static java.io.ByteArrayOutputStream readAll(InputStream in) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        in.transferTo(out);
        return out;
    }

    /** bash's complaint as one sentence naming the line, without the words of the line (it may hold a password). */
    private static String sentence(Path file, String bashError) {
        Matcher m = BASH_ERROR.matcher(bashError);
        if (!m.matches()) {
            return file.getFileName() + " could not be sourced as the shell sources it; run set -a && source "
                    + file.getFileName() + " in bash to see why.";
        }
        String line = m.group(1);
        String what = m.group(2);
        if (what.endsWith("command not found")) {
            return file.getFileName() + " line " + line
                    + " is not NAME=value (nor export NAME=value, a comment or blank); fix that line.";
        }
        if (what.contains("unexpected EOF") || what.contains("syntax error")) {
            return file.getFileName() + " line " + line
                    + " has a quote that is never closed (or other shell syntax the file cannot hold); fix that line.";
        }
        return file.getFileName() + " line " + line + " could not be sourced as the shell sources it ("
                + what.replaceAll("`[^']*'", "").replaceAll("^[^:]*: ", "") + "); fix that line.";
    }

    /** The file's text, when it is UTF-8; else one sentence naming the first line that is not, and why. */
    static String utf8(String shownAs, byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    throw new ConfigurationException(shownAs + " line " + line
                            + " is not valid UTF-8: the file was saved in another encoding (Latin-1 or Windows-1252,"
                            + " say, for an accented letter); save it as UTF-8.");
                }
                line++;
                start = i + 1;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
