/**
 * `@purertc/srtp/node`: the SRTP API with the node:crypto provider as the
 * default, so `new SrtpContext({ profile, masterKey, masterSalt })` works as
 * is on Node, Deno and Bun. The core (`@purertc/srtp`) stays free of `node:*`.
 */
import { nodeCrypto } from '@purertc/common/node-crypto';
import { SrtpContext as CoreSrtpContext, type SrtpContextOptions } from './context.js';

export * from './index.js';

/** Options of the Node {@link SrtpContext}: `crypto` is optional (node:crypto by default). */
export type NodeSrtpContextOptions = Omit<SrtpContextOptions, 'crypto'> & { crypto?: SrtpContextOptions['crypto'] };

/** {@link CoreSrtpContext} with `crypto` defaulting to the node:crypto provider. */
export class SrtpContext extends CoreSrtpContext {
  constructor(options: NodeSrtpContextOptions) {
    super({ ...options, crypto: options.crypto ?? nodeCrypto });
  }
}
