import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { FrameReader, writeFrame } from '../../../../src/core/base/content-length-framing';

function collect(): { reader: FrameReader; bodies: string[]; errors: string[] } {
  const bodies: string[] = [];
  const errors: string[] = [];
  const reader = new FrameReader(
    (body) => bodies.push(body.toString('utf8')),
    (message) => errors.push(message),
  );
  return { reader, bodies, errors };
}

function frame(body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'), bytes]);
}

describe('Content-Length framing', () => {
  it('reads several frames from one chunk, in order', () => {
    const { reader, bodies, errors } = collect();
    reader.push(Buffer.concat([frame('{"a":1}'), frame('{"b":2}'), frame('{}')]));
    assert.deepEqual(bodies, ['{"a":1}', '{"b":2}', '{}']);
    assert.deepEqual(errors, []);
  });

  it('reassembles frames split at every possible byte, non-ASCII included', () => {
    const stream = Buffer.concat([frame('{"text":"Grüße 世界 🎵"}'), frame('{"n":2}')]);
    for (let cut = 1; cut < stream.length; cut++) {
      const { reader, bodies, errors } = collect();
      reader.push(stream.subarray(0, cut));
      reader.push(stream.subarray(cut));
      assert.deepEqual(bodies, ['{"text":"Grüße 世界 🎵"}', '{"n":2}'], `split at byte ${cut}`);
      assert.deepEqual(errors, []);
    }
  });

  it('reads a large body that arrives in many small chunks', () => {
    const big = `"${'é'.repeat(300_000)}"`;
    const stream = Buffer.concat([frame(big), frame('1')]);
    const { reader, bodies } = collect();
    for (let i = 0; i < stream.length; i += 65_536) reader.push(stream.subarray(i, i + 65_536));
    assert.equal(bodies.length, 2);
    assert.equal(bodies[0], big);
    assert.equal(bodies[1], '1');
  });

  it('accepts other headers and any case, as vscode-jsonrpc writes them', () => {
    const { reader, bodies, errors } = collect();
    reader.push(Buffer.from('content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: 2\r\n\r\n{}', 'latin1'));
    reader.push(Buffer.from('Content-Length: 2\r\nX-Extra: 1\r\n\r\n[]', 'latin1'));
    assert.deepEqual(bodies, ['{}', '[]']);
    assert.deepEqual(errors, []);
  });

  for (const [label, bytes, pattern] of [
    ['a header line without a colon', 'raw garbage!\r\n\r\n{}', /without "name: value"/],
    ['a header without Content-Length', 'Content-Type: x\r\n\r\n{}', /without Content-Length/],
    ['a Content-Length that is not a number', 'Content-Length: twelve\r\n\r\n{}', /not a number/],
    ['text with no header end at all', 'x'.repeat(10_000), /no end of header/],
  ] as const) {
    it(`reports ${label} once and reads nothing after it`, () => {
      const { reader, bodies, errors } = collect();
      reader.push(Buffer.from(bytes, 'latin1'));
      reader.push(frame('{"after":true}'));
      assert.deepEqual(bodies, []);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, pattern);
    });
  }

  it('writes one frame per message in a single write that reads back intact', () => {
    const stream = new PassThrough();
    const writes: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => writes.push(chunk));
    const text = JSON.stringify({ text: 'Grüße — 🎶 \u0000', lone: '\ud83d' });
    writeFrame(stream, text);
    writeFrame(stream, '{}');
    assert.equal(writes.length, 2, 'header and body leave together');
    const { reader, bodies } = collect();
    for (const chunk of writes) reader.push(chunk);
    assert.deepEqual(bodies, [text, '{}']);
    assert.deepEqual(JSON.parse(bodies[0]!), JSON.parse(text));
  });
});
