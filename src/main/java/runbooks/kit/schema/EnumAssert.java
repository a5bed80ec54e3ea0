package runbooks.kit.schema;

import org.assertj.core.api.AbstractAssert;

/** Checks of an enum type's labels. */
public final class EnumAssert extends AbstractAssert<EnumAssert, Catalog> {

    private final String type;

    EnumAssert(Catalog catalog, String type) {
        super(catalog, EnumAssert.class);
        this.type = type;
    }

    public EnumAssert hasLabel(String label) {
        var labels = actual.enumLabels(type);
        if (!labels.contains(label)) {
            failWithMessage(
                    "Expecting enum%n  %s.\"%s\"%nto have label:%n  %s%nbut had labels:%n  %s",
                    actual.schema(), type, label, labels);
        }
        return this;
    }
}
