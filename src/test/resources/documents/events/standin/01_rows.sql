-- Usage as the document finds it, on env=local: drizzle's 0000 applied (runbook.yaml), accounts and their events.
INSERT INTO accounts (name) SELECT 'account ' || g FROM generate_series(1, 20) g;
INSERT INTO usage_events (account_id, event_type, occurred_at)
SELECT 1 + g % 20, 'api_call', now() - make_interval(mins => g) FROM generate_series(1, 1000) g;
