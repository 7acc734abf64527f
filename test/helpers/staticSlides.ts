/** Shows every slide of a marp-cli HTML deck, unscaled, one under the other, without its script. */
export const STATIC_SLIDES = `html, body { margin: 0 !important; padding: 0 !important; overflow: visible !important; height: auto !important; }
.bespoke-marp-parent { position: static !important; display: block !important; height: auto !important; overflow: visible !important; }
svg[data-marpit-svg] { display: block !important; position: static !important; width: 1280px !important; height: 720px !important; visibility: visible !important; opacity: 1 !important; transform: none !important; pointer-events: none; }
.bespoke-marp-osc, .bespoke-progress-parent { display: none !important; }`;
