package runbooks.kit.command;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP request to a service a runbook checks (a health endpoint, an API call), timed: what
 * {@code curl -f <url>} tells an operator, plus how long it took. {@code java.net.http}, no client library.
 */
public record HttpProbe(String name, URI uri, Optional<String> jsonBody, Duration threshold) {

    /** How it went: the status (0 when no response came), the time to the full response, the start of the body. */
    public record Outcome(int status, Duration took, String body, Optional<String> error) {

        public boolean ok() {
            return error.isEmpty() && status >= 200 && status < 300;
        }
    }

    /** A GET, or a POST of {@code jsonBody} with Content-Type application/json when given. */
    public static HttpProbe of(String name, String url, Optional<String> jsonBody, Duration threshold) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not http(s)");
            }
            return new HttpProbe(name, uri, jsonBody.filter(b -> !b.isBlank()), threshold);
        } catch (IllegalArgumentException e) {
            throw new runbooks.kit.env.ConfigurationException(
                    name + ": '" + url + "' is not an http(s) URL; write it as http://host:port/path.");
        }
    }

    /** Sends the request once; waits at most ten times the threshold (and at least 10 s) for the answer. */
    public Outcome send() {
        Duration wait = threshold.multipliedBy(10).compareTo(Duration.ofSeconds(10)) < 0
                ? Duration.ofSeconds(10)
                : threshold.multipliedBy(10);
        HttpClient client = HttpClient.newBuilder().connectTimeout(wait).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait);
        jsonBody.ifPresentOrElse(
                b -> request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b)),
                request::GET);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            return new Outcome(
                    response.statusCode(),
                    Duration.ofNanos(System.nanoTime() - t0),
                    body.length() > 500 ? body.substring(0, 500) + "..." : body,
                    Optional.empty());
        } catch (IOException e) {
            return new Outcome(
                    0,
                    Duration.ofNanos(System.nanoTime() - t0),
                    "",
                    Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, Duration.ofNanos(System.nanoTime() - t0), "", Optional.of("interrupted"));
        }
    }

    /** {@code GET /health -> 200 in 12 ms (threshold 2 s)}, for the report. */
    /** What is wrong with {@code o}: not a 2xx answer (as {@code curl -f} fails), or slower than the threshold. */
    public Optional<String> problem(Outcome o) {
        if (!o.ok()) {
            return Optional.of(name + " answered " + o.error().orElse("HTTP " + o.status()) + " (curl -f would fail)");
        }
        if (o.took().compareTo(threshold) >= 0) {
            return Optional.of(name + " took " + o.took().toMillis() + " ms, the document's threshold is < "
                    + threshold.toMillis() + " ms");
        }
        return Optional.empty();
    }

    public String describe(Outcome o) {
        return (jsonBody.isPresent() ? "POST " : "GET ") + uri + " -> "
                + (o.error().isPresent() ? o.error().get() : String.valueOf(o.status())) + " in "
                + o.took().toMillis() + " ms (threshold " + threshold.toMillis() + " ms)";
    }
}
