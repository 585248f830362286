// Placeholder until the signaling core lands: prints the package versions.
import { crc32c } from '@purertc/common';
console.log('purertc: signaling demo coming with @purertc/peerconnection; crc32c("purertc") =', crc32c(new TextEncoder().encode('purertc')).toString(16));
