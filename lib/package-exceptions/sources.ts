/**
 * The package repositories the platform knows (seed 004, N3): three are safe-listed, and data
 * scientists self-serve from them; the network refuses everything else, so a package from any
 * other source needs an exception. Seeded with the reference catalogue on every start.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';

export const PACKAGE_SOURCES = [
  {
    key: 'pypi',
    name: 'PyPI · The Python Package Index',
    ecosystem: 'python',
    safeListed: true,
    description: 'The community index of Python packages.',
  },
  {
    key: 'conda-forge',
    name: 'conda-forge',
    ecosystem: 'conda',
    safeListed: true,
    description: 'The community channel of conda packages.',
  },
  {
    key: 'microsoft-artifact-registry',
    name: 'Microsoft Artifact Registry',
    ecosystem: 'container',
    safeListed: true,
    description: "Microsoft's registry of container images and artifacts, among them the AML base images.",
  },
] as const;

/** Idempotent: brings the repositories up to the listed facts. */
export async function seedPackageSources(client: Pick<PrismaClient, 'packageSource'>) {
  for (const [ordinal, s] of PACKAGE_SOURCES.entries()) {
    const data = { ...s, ordinal: ordinal + 1 };
    await client.packageSource.upsert({ where: { key: s.key }, create: data, update: data });
  }
}
