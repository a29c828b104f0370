// Reading a response body: raw bytes counted against the cap as they arrive (never more than
// the cap in memory), then our own decompression (gzip, deflate, br) whose output is capped too,
// so neither a huge body nor a small compression bomb can fill memory.

import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
  }
}

export class BadEncoding extends Error {}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** Reads `stream` to the end, stopping with BodyTooLarge as soon as it passes `maxBytes`. */
export async function readRaw(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readCapped(stream, maxBytes)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The chunks of `stream` as they arrive, stopping with BodyTooLarge as soon as they pass
 * `maxBytes`: for a body written to disk as it comes (see FetchOptions.sink), never held whole.
 */
export async function* readCapped(stream: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new BodyTooLarge(maxBytes);
    }
    yield chunk;
  }
}

/** Undoes a Content-Encoding header (codings listed in the order they were applied). */
export async function decompress(raw: Buffer, contentEncoding: string | null, maxBytes: number): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let body = raw;
  for (const coding of codings.reverse()) body = await undo(coding, body, maxBytes);
  return body;
}

async function undo(coding: string, body: Buffer, maxBytes: number): Promise<Buffer> {
  const options = { maxOutputLength: maxBytes };
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzip(body, options);
      case 'deflate':
        // Should be zlib-wrapped; some servers send raw deflate. A zlib header's low nibble is 8.
        return await ((body[0]! & 0x0f) === 8 ? inflate(body, options) : inflateRaw(body, options));
      case 'br':
        return await brotli(body, options);
      default:
        throw new BadEncoding(`unsupported Content-Encoding "${coding}"`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(maxBytes);
    if (error instanceof BadEncoding) throw error;
    throw new BadEncoding(`could not decode ${coding} body: ${(error as Error).message}`);
  }
}
