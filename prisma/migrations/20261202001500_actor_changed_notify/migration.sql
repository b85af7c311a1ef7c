-- Resolved actors are cached for a few seconds per instance (lib/auth/actor-cache.ts). Any write
-- to a table an actor is made of signals every instance at commit, whichever code path wrote it.
-- Statement-level, so a bulk write sends one signal; Postgres folds repeats within a transaction.
CREATE OR REPLACE FUNCTION portal_actor_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_actor_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "ServiceIdentity_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ServiceIdentity"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "GroupMember_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "GroupMember"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "PersonaAssignment_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PersonaAssignment"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "Persona_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Persona"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "JitRequest_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "JitRequest"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
CREATE TRIGGER "JitRequestItem_actor_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "JitRequestItem"
  FOR EACH STATEMENT EXECUTE FUNCTION portal_actor_changed();
