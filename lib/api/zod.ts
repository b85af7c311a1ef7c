import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas so the OpenAPI document is generated from the same schemas
// that validate requests. Import `z` from here in schema modules that feed the API document.
extendZodWithOpenApi(z);

export { z };

/** A record's id in a path, query or body: every table's primary key is a UUID. */
export const ZId = z
  .uuid({ message: 'must be a UUID' })
  .openapi({ description: 'A record id (UUID)', example: '3f1c2a7e-8b4d-4e6f-9a1b-2c3d4e5f6a7b' });

/** `{ id }` of a dynamic `[id]` segment. */
export const ZIdParams = z.object({ id: ZId });
