package runbooks.kit.env;

/**
 * A mistake in the user's input (environment name, variable, properties file, connection settings).
 *
 * <p>Its message is one sentence saying what happened, which input, and what to do. It carries no
 * stack trace: the trace would only point at this kit, not at the user's mistake.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String sentence) {
        super(sentence, null, false, false);
    }
}
