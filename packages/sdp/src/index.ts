/**
 * @purertc/sdp: the typed SDP model, a validating parser, a serializer and
 * the JSEP (RFC 8829) building blocks the peer connection assembles offers
 * and answers from. No I/O, no `node:*`.
 */
export * from './model.js';
export { parseSdp } from './parse.js';
export { serializeSdp } from './serialize.js';
export { parseCandidateAttribute, serializeCandidateAttribute, sdpCandidate } from './candidate.js';
export * from './attributes.js';
export { parseRid, serializeRid, ridPayloadTypes } from './rid.js';
export { parseSimulcast, serializeSimulcast } from './simulcast.js';
export { STATIC_PAYLOAD_TYPES, type StaticPayloadType } from './static-payload-types.js';
export * from './direction.js';
export * from './utils.js';
export * from './h264.js';
export { defaultCodecs } from './codecs.js';
export { defaultHeaderExtensions, intersectHeaderExtensions, HeaderExtensionUri } from './header-extensions.js';
export { intersectCodecs, intersectFeedback, codecsMatch } from './negotiate.js';
export * from './jsep.js';
export { validateJsepDescription, type JsepValidationResult, type JsepDescriptionType } from './jsep-validate.js';
