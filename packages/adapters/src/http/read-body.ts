import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { OcopError } from '../errors.ts';

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  br: createBrotliDecompress,
  deflate: createInflate,
};

export interface DecodedBody {
  text: string;
  bytes: number;
  sha256: string;
}

/**
 * Reads a response body, decompressing gzip/br/deflate, and stops at `maxBytes` of decoded data
 * so neither a huge page nor a compression bomb can exhaust memory. Decompression is done here
 * rather than by undici's decompress interceptor so the cap applies to the decoded size.
 */
export async function readBody(
  body: Readable | AsyncIterable<Uint8Array>,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<DecodedBody> {
  let stream: AsyncIterable<Buffer> = body as AsyncIterable<Buffer>;
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '' && part !== 'identity');
  for (const encoding of encodings.reverse()) {
    const decoder = DECODERS[encoding];
    if (!decoder) throw new OcopError('NETWORK', `Unsupported content-encoding ${encoding}`, { retryable: false });
    stream = Readable.from(stream).pipe(decoder()) as unknown as AsyncIterable<Buffer>;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
      throw new OcopError('RESPONSE_TOO_LARGE', `Response larger than ${maxBytes} bytes`, { retryable: false });
    }
    chunks.push(chunk);
  }
  const buffer = Buffer.concat(chunks, bytes);
  return {
    text: buffer.toString('utf8'),
    bytes,
    sha256: createHash('sha256').update(buffer).digest('hex'),
  };
}
