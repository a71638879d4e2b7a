// The most output pixels per canvas unit an exportLayer request may ask for: main refuses more
// (request-payloads.ts), so the UI caps its scales here and upscales tiny areas when composing.
export const MAX_EXPORT_SCALE = 64;
