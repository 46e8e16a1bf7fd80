// The API's response views, generated from docs/openapi.json into api.gen.ts
// (npm run gen:api). The hand-written modules beside this one alias them.
import type { components } from './api.gen'

/** A named schema of the API document, e.g. Schema<'JobView'>. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K]
