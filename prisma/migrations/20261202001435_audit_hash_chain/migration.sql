-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "chainPartition" INTEGER,
ADD COLUMN     "chainSeq" BIGINT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "partition" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("partition")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_chainPartition_chainSeq_key" ON "AuditEvent"("chainPartition", "chainSeq");

-- The audit trail is a hash chain (lib/audit/chain.ts documents the canonical form). Each row's
-- hash covers its content and the previous row's hash in the same partition. The partition is the
-- inserting backend's pid: two open transactions never share one, so appending never waits on
-- another writer and a chain cannot fork. The advisory lock and the unique (partition, seq) index
-- still refuse a fork should that ever change.
CREATE FUNCTION "audit_event_field"(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
$$;

CREATE FUNCTION "audit_event_hash"(e "AuditEvent") RETURNS text LANGUAGE sql STABLE
  SET search_path = pg_catalog, public AS $$
  SELECT encode(sha256(convert_to(
    'audit/v1' || chr(10) ||
    concat_ws(chr(10),
      audit_event_field(e.id::text),
      audit_event_field(e."chainPartition"::text),
      audit_event_field(e."chainSeq"::text),
      audit_event_field(to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      audit_event_field(e."actorType"),
      audit_event_field(e."actorId"),
      audit_event_field(e."actorLabel"),
      audit_event_field(e.action),
      audit_event_field(e."targetType"),
      audit_event_field(e."targetId"),
      audit_event_field(e."projectId"::text),
      audit_event_field(e.data::text),
      audit_event_field(e."prevHash")
    ), 'UTF8')), 'hex')
$$;

-- SECURITY DEFINER: the app role may insert audit rows but has no write right on the chain heads.
CREATE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public AS $$
DECLARE
  p integer := pg_backend_pid();
  head_seq bigint;
  head_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(742001, p);
  SELECT seq, hash INTO head_seq, head_hash FROM "AuditChainHead" WHERE partition = p;
  IF NOT FOUND THEN
    head_seq := 0;
    head_hash := repeat('0', 64);
  END IF;
  NEW."chainPartition" := p;
  NEW."chainSeq" := head_seq + 1;
  NEW."prevHash" := head_hash;
  NEW."hash" := audit_event_hash(NEW);
  INSERT INTO "AuditChainHead" (partition, seq, hash, "updatedAt") VALUES (p, NEW."chainSeq", NEW."hash", now())
    ON CONFLICT (partition) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, "updatedAt" = EXCLUDED."updatedAt";
  RETURN NEW;
END;
$$;

-- Rows written before the chain existed form partition 0 (no backend has pid 0), in id order.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete";
DO $$
DECLARE
  r record;
  s bigint := 0;
  prev text := repeat('0', 64);
  h text;
BEGIN
  FOR r IN SELECT id FROM "AuditEvent" ORDER BY id LOOP
    s := s + 1;
    UPDATE "AuditEvent" SET "chainPartition" = 0, "chainSeq" = s, "prevHash" = prev WHERE id = r.id;
    SELECT audit_event_hash(e) INTO h FROM "AuditEvent" e WHERE e.id = r.id;
    UPDATE "AuditEvent" SET hash = h WHERE id = r.id;
    prev := h;
  END LOOP;
  IF s > 0 THEN
    INSERT INTO "AuditChainHead" (partition, seq, hash) VALUES (0, s, prev);
  END IF;
END;
$$;
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete";

CREATE TRIGGER "AuditEvent_chain" BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"();

