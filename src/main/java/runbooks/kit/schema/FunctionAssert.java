package runbooks.kit.schema;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Checks of a function (every overload of the name must satisfy them). */
public final class FunctionAssert extends AbstractAssert<FunctionAssert, Catalog> {

    private final String name;

    FunctionAssert(Catalog catalog, String name) {
        super(catalog, FunctionAssert.class);
        this.name = name;
    }

    /**
     * The function exists with exactly this signature (its argument types, as {@code regprocedure} prints
     * them), e.g. {@code hasSignature("text", "text")} for {@code f(text, text)}; no other overload.
     */
    public FunctionAssert hasSignature(String... argumentTypes) {
        String expected = name + "(" + String.join(",", argumentTypes) + ")";
        List<String> actualSignatures =
                actual.functions(name).stream().map(Catalog.Function::signature).toList();
        if (!actualSignatures.equals(List.of(expected))) {
            failWithMessage(
                    "Expecting function%n  %s.%s%nto exist exactly as:%n  %s%nbut found:%n  %s",
                    actual.schema(),
                    name,
                    expected,
                    actualSignatures.isEmpty()
                            ? "(no function of that name)"
                            : String.join(System.lineSeparator() + "  ", actualSignatures));
        }
        return this;
    }

    public FunctionAssert returns(String type) {
        List<Catalog.Function> wrong = actual.functions(name).stream()
                .filter(f -> !f.returns().equals(type))
                .toList();
        if (!wrong.isEmpty()) {
            failWithMessage(
                    "Expecting function%n  %s%nto return:%n  %s%nbut it returns:%n  %s",
                    describe(wrong),
                    type,
                    wrong.stream().map(Catalog.Function::returns).collect(Collectors.joining(", ")));
        }
        return this;
    }

    public FunctionAssert isSecurityDefiner() {
        List<Catalog.Function> wrong = actual.functions(name).stream()
                .filter(f -> !f.securityDefiner())
                .toList();
        if (!wrong.isEmpty()) {
            failWithMessage(
                    "Expecting function%n  %s%nto be SECURITY DEFINER (prosecdef = true) but it is SECURITY INVOKER.%n"
                            + "To fix: add SECURITY DEFINER (and SET search_path) to its definition.",
                    describe(wrong));
        }
        return this;
    }

    private static String describe(List<Catalog.Function> functions) {
        return functions.stream().map(Catalog.Function::signature).collect(Collectors.joining(", "));
    }
}
