package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Settings: every key the kit reads is in the README")
class SettingsDocumentedTest {

    @Test
    @DisplayName(
            "each key constant of Settings (the kit) and of each runbook's settings class is in the README or docs/")
    void every_key_is_documented() throws Exception {
        // The README, and the docs/ pages it links to.
        StringBuilder docs = new StringBuilder(Files.readString(Path.of("README.md")));
        if (Files.isDirectory(Path.of("docs"))) {
            try (var pages = Files.list(Path.of("docs"))) {
                for (Path page :
                        pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    docs.append('\n').append(Files.readString(page));
                }
            }
        }
        String readme = docs.toString();
        var undocumented = Arrays.stream(Settings.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(SettingsDocumentedTest::value)
                .filter(key -> !readme.contains("`" + key) && !readme.contains("<runbook>." + key))
                .toList();
        // A runbook's own keys: as written in the README, with the runbook's prefix where it reads them per runbook.
        var undocumentedOwn = Stream.of(
                        "runbooks.agg.AggSettings",
                        "runbooks.mes.MesSettings",
                        "runbooks.usage.UsageSettings",
                        "runbooks.backtest.BacktestSettings")
                .flatMap(name -> {
                    try {
                        return Arrays.stream(Class.forName(name).getFields());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(f -> Modifier.isStatic(f.getModifiers())
                        && f.getType() == String.class
                        && !f.getName().endsWith("_DEFAULT"))
                .map(SettingsDocumentedTest::value)
                .filter(key ->
                        !readme.contains(key + "`") && !readme.contains(key + ",") && !readme.contains(key + " "))
                .toList();
        assertThat(undocumentedOwn).as("runbook keys the README does not name").isEmpty();
        assertThat(undocumented).as("keys of Settings the README does not name").isEmpty();
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
