/**
 * Where the bytes of one AES-CM-80 protect come from (run: node benchmarks/profiles/srtp-allocations.mjs,
 * after npx tsc -b): the native calls purertc makes per packet, measured alone. Columns: JS heap B/op,
 * backing store B/op. See docs/media-hot-path.md, "Allocations".
 */
import { measureAllocations } from '../lib/alloc.mjs';
import { nodeCrypto } from '@purertc/common/node-crypto';
const src = new Uint8Array(64 + 1216), dst = new Uint8Array(20);
const aes = nodeCrypto.aesBlockCipher(new Uint8Array(16));
const ctr = new Uint8Array(16 * 76 * 16), ks = new Uint8Array(ctr.length);
const r = (name, fn, per = 1) => { const m = measureAllocations(fn, { ops: 2000 }); console.log(name, (m.heapBytesPerOp / per).toFixed(0), (m.bufferBytesPerOp / per).toFixed(0)); };
r('hashInto sha1 1280 B', () => nodeCrypto.hashInto('sha-1', src, src.length, dst, 0));
r('encryptBlocks 16 packets, per packet', () => aes.encryptBlocks(ctr, ks, 0, ctr.length), 16);
r('new Uint8Array(1222)', () => new Uint8Array(1222));
r('output view (what allocOutput returns: a subarray of the slab)', () => src.subarray(3, 1000));
