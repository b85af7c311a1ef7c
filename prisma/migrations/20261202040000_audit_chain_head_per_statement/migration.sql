-- The chain head moves once per INSERT statement instead of once per row.
--
-- Before, every audit row upserted its partition's row in "AuditChainHead". Within one
-- transaction each of those updates left a row version that the next row's lookup had to walk,
-- because versions made by a transaction still in progress cannot be pruned: a bulk insert was
-- quadratic (16,000 rows in one transaction took 6 s; an access review closing 200,000 items
-- would have taken hours).
--
-- Now the row trigger carries the head from row to row in a transaction-local setting, and a
-- statement trigger writes it to "AuditChainHead" once the statement has inserted its rows. The
-- setting is transaction-local, so it is rolled back with a failed statement's savepoint along
-- with the rows that used it; the flush clears it, so the next statement starts again from the
-- table under the same advisory lock. The hash, its canonical form and the verification are
-- unchanged. A session that set the setting itself could only break its own chain, which
-- audit:verify reports; it cannot make a forged row verify.
CREATE OR REPLACE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public AS $$
DECLARE
  p integer := pg_backend_pid();
  pending text := current_setting('portal.audit_chain_pending', true);
  head_seq bigint;
  head_hash text;
BEGIN
  IF pending IS NOT NULL AND pending <> '' THEN
    head_seq := split_part(pending, ':', 1)::bigint;
    head_hash := split_part(pending, ':', 2);
  ELSE
    PERFORM pg_advisory_xact_lock(742001, p);
    SELECT seq, hash INTO head_seq, head_hash FROM "AuditChainHead" WHERE partition = p;
    IF NOT FOUND THEN
      head_seq := 0;
      head_hash := repeat('0', 64);
    END IF;
  END IF;
  NEW."chainPartition" := p;
  NEW."chainSeq" := head_seq + 1;
  NEW."prevHash" := head_hash;
  NEW."hash" := audit_event_hash(NEW);
  PERFORM set_config('portal.audit_chain_pending', NEW."chainSeq"::text || ':' || NEW."hash", true);
  RETURN NEW;
END;
$$;

CREATE FUNCTION "audit_event_chain_flush"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public AS $$
DECLARE
  pending text := current_setting('portal.audit_chain_pending', true);
BEGIN
  IF pending IS NULL OR pending = '' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "AuditChainHead" (partition, seq, hash, "updatedAt")
    VALUES (pg_backend_pid(), split_part(pending, ':', 1)::bigint, split_part(pending, ':', 2), now())
    ON CONFLICT (partition) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, "updatedAt" = EXCLUDED."updatedAt";
  PERFORM set_config('portal.audit_chain_pending', '', true);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "AuditEvent_chain_flush" AFTER INSERT ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_chain_flush"();
