// The relay address used until the designer or their team sets one; kept free of zod so the main
// thread can import it without bundling the schemas.

export const DEFAULT_RELAY_URL = 'http://localhost:8787';
