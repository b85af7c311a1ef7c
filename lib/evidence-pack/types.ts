import type { PrismaClient } from '@/lib/generated/prisma/client';

/** The production model version a pack is about, and the window it covers. */
export type PackSubject = {
  versionId: string;
  version: number;
  modelId: string;
  modelName: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  /** The production environment's id. */
  productionEnvironmentId: string;
  /** First went live in production. */
  liveFrom: Date;
  /** Left production (null: still live when the pack was made). */
  liveUntil: Date | null;
  /** The instant the pack describes: sections read records as they stood then. */
  asOf: Date;
};

export type SectionContext = { db: PrismaClient; subject: PackSubject };

/** One section's content. `records` are the source rows (as plain JSON) the hash is taken over. */
export type SectionContent = {
  /** A plain statement for the reader, e.g. "No risk classification recorded for this project." */
  statement: string;
  records: unknown[];
};

/**
 * A section of the pack. Providers are listed in lib/evidence-pack/providers.ts; a new section is
 * a new file in sections/ and one line there. `load` must be deterministic for unchanged records.
 */
export type SectionProvider = {
  key: string;
  title: string;
  load(ctx: SectionContext): Promise<SectionContent>;
};

export type PackSection = SectionContent & { key: string; title: string; sourceHash: string };

export const PACK_FORMAT = 'ml-governance-portal/evidence-pack/v1';

export type PackManifest = {
  format: typeof PACK_FORMAT;
  generatedAt: string;
  subject: {
    versionId: string;
    project: { code: string; name: string };
    model: string;
    version: number;
    liveFrom: string;
    liveUntil: string | null;
    asOf: string;
  };
  sections: PackSection[];
};

export type SignedPack = {
  manifest: PackManifest;
  signature: { algorithm: 'Ed25519'; keyId: string; value: string };
};
