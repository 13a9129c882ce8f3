import * as ws from 'ws';

import { FRAME_HEADROOM, textFrame } from '../../../src/server/websocket-frame';

/** What ws itself sends for `text` as a server: header and data, joined. */
function wsFrame(text: Buffer): Buffer {
  // ws exports its Sender, without a type for it.
  const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
  const parts = Sender.frame(text, {
    fin: true,
    opcode: 1,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return Buffer.concat(parts);
}

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 70_000])('frames %i bytes of text exactly as ws does', (length) => {
    const text = Buffer.alloc(length, 'x');
    const room = Buffer.alloc(FRAME_HEADROOM, 0xee); // whatever was there: must not leak into the frame
    expect(textFrame(Buffer.concat([room, text]))).toEqual(wsFrame(text));
  });
});
