-- Project search (`name`/`code` ILIKE '%q%') served by a trigram index where pg_trgm can be had.
-- Where the extension is not available or this role may not create it, nothing changes and the
-- same ILIKE query scans as before.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file THEN
      RAISE NOTICE 'pg_trgm could not be created (%); project search keeps its sequential ILIKE', SQLERRM;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "Project_name_code_trgm_idx" ON "Project" USING GIN ("name" gin_trgm_ops, "code" gin_trgm_ops);
  END IF;
END
$$;
