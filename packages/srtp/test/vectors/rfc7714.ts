/** RFC 7714 §16 (SRTP) and §17 (SRTCP) AES-GCM test vectors (session keys given directly). */
export const KEY_128 = '000102030405060708090a0b0c0d0e0f';
export const KEY_256 = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
/** "Quid pro quo" */
export const SALT = '517569642070726f2071756f';

/** §16: header 8040f17b 8041f8d3 5501a0b2, payload "Gallia est omnis divisa in partes tres". */
export const RTP = `8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
  69736120 696e2070 61727465 73207472 6573`;
/** §16.1.1 AEAD_AES_128_GCM encrypted and tagged packet. */
export const SRTP_128 = `8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
  0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce`;
/** §16.2.1 AEAD_AES_256_GCM encrypted and tagged packet. */
export const SRTP_256 = `8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238
  9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13`;

/** §17: SR from SSRC "Mars", SRTCP index 0x5d4. */
export const RTCP = `81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
  deadbeef deadbeef deadbeef deadbeef deadbeef`;
export const RTCP_INDEX = 0x5d4;
/** §17.1 AEAD_AES_128_GCM encrypted SRTCP. */
export const SRTCP_128 = `81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
  c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4`;
/** §17.2 AEAD_AES_256_GCM encrypted SRTCP. */
export const SRTCP_256 = `81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50
  a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4`;
