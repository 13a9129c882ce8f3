/** Bytes a frame handed to `SocketFlow.sendFramed` leaves free at its start: the longest WebSocket header. */
export const FRAME_HEADROOM = 10;

/**
 * A final, unmasked text frame (RFC 6455 §5.2, what a server sends) around the UTF-8 text that follows
 * the `FRAME_HEADROOM` free bytes at the start of `frame`: the header is written into the end of that
 * room (2, 4 or 10 bytes, by the text's length) and the frame returned is a view of `frame` from the
 * header on, so header and text leave in one buffer without being copied again.
 */
export function textFrame(frame: Buffer): Buffer {
  const length = frame.length - FRAME_HEADROOM;
  let start: number;
  if (length < 126) {
    start = FRAME_HEADROOM - 2;
    frame[start + 1] = length;
  } else if (length < 65_536) {
    start = FRAME_HEADROOM - 4;
    frame[start + 1] = 126;
    frame.writeUInt16BE(length, start + 2);
  } else {
    start = 0;
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame[start] = 0x81; // FIN, text
  return frame.subarray(start);
}
