// The choices of a backdrop area and of where a background goes, as plain lists: the UI's form
// reads them without loading the zod shapes of ./shapes.
export const AREA_KINDS = ['frame', 'layer', 'aspect', 'custom'] as const;
export const AREA_PADDINGS = [0, 10, 25, 50] as const;
export const AREA_ASPECTS = ['1:1', '4:5', '3:2', '16:9', '9:16'] as const;

/**
 * behind: directly behind the layer; bottom: behind everything in the area's frame; outside:
 * behind the main component (or component set) holding the layer, so its instances stay clean.
 */
export const PLACEMENTS = ['behind', 'bottom', 'outside'] as const;
