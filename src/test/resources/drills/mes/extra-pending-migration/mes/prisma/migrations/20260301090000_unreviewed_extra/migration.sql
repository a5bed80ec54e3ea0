-- DRILL DEFECT: a migration that is not part of the runbook's declared set is pending on the target.
CREATE TABLE mkt_futures_mes_scratch (id BIGINT);
