import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
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
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  /** performance.now() value after which a still-arriving body is a timeout. */
  deadline = Number.POSITIVE_INFINITY,
  lateMessage = 'The response body was still arriving at the deadline',
): Promise<DecodedBody> {
  let stream: Readable = body;
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '' && part !== 'identity');
  for (const encoding of encodings.reverse()) {
    const decoder = DECODERS[encoding];
    if (!decoder) throw new OcopError('NETWORK', `Unsupported content-encoding ${encoding}`, { retryable: false });
    const decoded: NodeJS.ReadWriteStream = decoder();
    stream.on('error', (error) => decoded.emit('error', error));
    stream = stream.pipe(decoded) as unknown as Readable;
  }
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let bytes = 0;
  // 'data' events rather than `for await`: the async iterator costs a promise per chunk.
  await new Promise<void>((resolve, reject) => {
    const source = stream as Readable;
    const stop = (error: OcopError) => {
      source.destroy();
      if (source !== body) body.destroy();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        stop(new OcopError('RESPONSE_TOO_LARGE', `Response larger than ${maxBytes} bytes`, { retryable: false }));
        return;
      }
      if (performance.now() > deadline) {
        stop(new OcopError('TIMEOUT', lateMessage));
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    });
    source.once('end', resolve);
    source.once('error', reject);
  });
  return {
    text: Buffer.concat(chunks, bytes).toString('utf8'),
    bytes,
    sha256: hash.digest('hex'),
  };
}
