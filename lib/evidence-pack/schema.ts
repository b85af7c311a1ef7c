import { z, ZId } from '@/lib/api/zod';

export const ZPackParams = z.object({ versionId: ZId });
export const ZPackQuery = z.object({ format: z.enum(['json', 'html', 'pdf']).default('json') });
/** A signed pack is small (hundreds of records at most); a body beyond this is not one. */
export const MAX_PACK_BYTES = 4 * 1024 * 1024;
