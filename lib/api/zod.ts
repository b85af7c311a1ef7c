import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas so the OpenAPI document is generated from the same schemas
// that validate requests. Import `z` from here in schema modules that feed the API document.
extendZodWithOpenApi(z);

export { z };
