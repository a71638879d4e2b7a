// How long PICPIK keeps a task and its result images. PICPIK documents 24 hours and nothing
// finer, so every part reads this one figure: the plugin's job expiry, the relay's "no longer
// available" answers and the emulator's default retention.
export const PICPIK_RESULT_LIFETIME_HOURS = 24;
export const PICPIK_RESULT_LIFETIME_MS = PICPIK_RESULT_LIFETIME_HOURS * 60 * 60 * 1000;
