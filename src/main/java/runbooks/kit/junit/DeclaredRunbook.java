package runbooks.kit.junit;

import java.util.List;

/**
 * What a runbook class declares with {@link Runbook}, as values the run's parts receive.
 *
 * @param id the runbook's short name
 * @param document the runbook document's file name
 * @param sql the folders under {@code sql/} the runbook runs from (empty: {@code sql/<id>/})
 * @param documentSha256 the sha256 of the document the class was written against (empty: not pinned)
 */
record DeclaredRunbook(String id, String document, List<String> sql, String documentSha256) {

    /** The folder under {@code sql/} that holds the pinned copy of the document: the first of {@link #sql}, else the id. */
    String firstSqlFolder() {
        return sql.isEmpty() ? id : sql.get(0);
    }
}
