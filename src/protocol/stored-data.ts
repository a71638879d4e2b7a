// Shapes of what the main thread keeps in clientStorage, beyond the protocol's own shapes: the
// versioned job list envelope (entries are checked one by one against JobRecord).
import * as z from 'zod/mini';

export const StoredJobs = z.object({ version: z.literal(1), jobs: z.array(z.unknown()) });
export type StoredJobs = z.infer<typeof StoredJobs>;
