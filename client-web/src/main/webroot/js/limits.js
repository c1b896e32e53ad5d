// The node's limits on what a client sends, as the node's defaults (PROTOCOL.md). The page refuses
// what would pass them before sending; a node configured tighter refuses with an error the
// composer shows, so nothing typed is lost either way. (The node will serve its own values later.)

/** Message text, after trimming, in Unicode code points. */
export const MAX_TEXT_CODE_POINTS = 4000;
/** One WebSocket message, in bytes of UTF-8; a longer one makes the node close the connection (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

export function codePoints(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The bytes the encoded frame takes on the wire (WebSocket text is UTF-8). */
export function frameBytes(encoded) {
  return new TextEncoder().encode(encoded).length;
}
