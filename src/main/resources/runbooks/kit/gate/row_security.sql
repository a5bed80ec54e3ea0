-- Tables under row-level security, each with the roles that read it but have no policy letting them read: from
-- then on those roles see no rows. A reader is a role granted SELECT on the table (PUBLIC included), other than its
-- owner, and under FORCE the owner too; a superuser or a role with BYPASSRLS is never one. A policy lets a reader
-- read when it is permissive, FOR SELECT or ALL, and applies to it (PUBLIC, the role, or a role it is a member of).
WITH readers AS (
    SELECT c.oid AS rel, a.grantee
      FROM pg_class c, aclexplode(c.relacl) a
     WHERE a.privilege_type = 'SELECT' AND a.grantee <> c.relowner
    UNION
    SELECT c.oid, c.relowner FROM pg_class c WHERE c.relforcerowsecurity
)
SELECT c.oid,
       coalesce(string_agg(CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.grantee) END, ', '
                           ORDER BY CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.grantee) END), '')
           AS readers_without_policy
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN readers r
    ON r.rel = c.oid
   AND NOT EXISTS (SELECT 1 FROM pg_roles x WHERE x.oid = r.grantee AND (x.rolsuper OR x.rolbypassrls))
   AND NOT EXISTS (SELECT 1 FROM pg_policy p
                    WHERE p.polrelid = c.oid AND p.polpermissive AND p.polcmd IN ('r', '*')
                      AND (0 = ANY (p.polroles)
                           OR (r.grantee <> 0
                               AND EXISTS (SELECT 1 FROM unnest(p.polroles) pr WHERE pg_has_role(r.grantee, pr, 'MEMBER')))))
 WHERE c.relrowsecurity AND c.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate') AND n.nspname NOT LIKE 'pg_toast%'
 GROUP BY c.oid
