/**
 * Differential test: our parser against sdp-transform (an independent,
 * lenient parser) on every browser fixture. Both must agree on every field
 * they both model.
 */
import * as transform from 'sdp-transform';
import { parseSdp, serializeFmtpParameters } from '@purertc/sdp';
import { fixtures } from './fixtures.js';

function ours(text: string) {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp.media.map((m) => ({
    mid: m.mid,
    port: m.port,
    protocol: m.protocol,
    payloads: m.formats.join(' '),
    direction: m.direction,
    iceUfrag: m.iceUfrag,
    icePwd: m.icePwd,
    setup: m.setup,
    sctpPort: m.sctpPort,
    maxMessageSize: m.maxMessageSize,
    rtp: m.codecs
      .filter((c) => !c.implicit)
      .map((c) => ({ payload: c.payloadType, codec: c.name, rate: c.clockRate, encoding: c.channels }))
      .sort((a, b) => a.payload - b.payload),
    fmtp: m.codecs
      .filter((c) => c.parameters.length > 0)
      .map((c) => ({ payload: c.payloadType, config: serializeFmtpParameters(c.parameters) }))
      .sort((a, b) => a.payload - b.payload),
    rtcpFb: m.codecs
      .flatMap((c) => c.rtcpFeedback.map((f) => ({ payload: c.payloadType, type: f.type, subtype: f.parameter })))
      .sort((a, b) => a.payload - b.payload),
    ext: m.headerExtensions.map((e) => ({ value: e.id, direction: e.direction, uri: e.uri })),
    candidates: m.candidates.map((c) => ({
      foundation: c.foundation,
      component: c.component,
      transport: c.protocol,
      priority: c.priority,
      ip: c.address,
      port: c.port,
      type: c.type,
      raddr: c.relatedAddress,
      rport: c.relatedPort,
      tcptype: c.tcpType,
    })),
    ssrcs: m.ssrcs.flatMap((s) => s.attributes.map((a) => ({ id: s.ssrc, attribute: a.name, value: a.value }))),
    ssrcGroups: m.ssrcGroups.map((g) => ({ semantics: g.semantics, ssrcs: g.ssrcs.join(' ') })),
    rids: m.rids.map((r) => ({ id: r.id, direction: r.direction })),
  }));
}

function theirs(text: string) {
  const s = transform.parse(text);
  return s.media.map((m) => ({
    mid: m.mid === undefined ? undefined : `${m.mid}`,
    port: m.port,
    protocol: m.protocol,
    payloads: `${m.payloads}`,
    direction: m.direction,
    iceUfrag: m.iceUfrag,
    icePwd: m.icePwd,
    setup: m.setup,
    sctpPort: m.sctpPort,
    maxMessageSize: m.maxMessageSize,
    rtp: m.rtp
      .map((r) => ({ payload: r.payload, codec: r.codec, rate: r.rate, encoding: r.encoding }))
      .sort((a, b) => a.payload - b.payload),
    fmtp: m.fmtp
      .map((f) => ({ payload: f.payload, config: f.config.replace(/; /g, ';') }))
      .sort((a, b) => a.payload - b.payload),
    rtcpFb: (m.rtcpFb ?? [])
      .map((f) => ({ payload: Number(f.payload), type: f.type, subtype: f.subtype }))
      .sort((a, b) => a.payload - b.payload),
    ext: (m.ext ?? []).map((e) => ({ value: e.value, direction: e.direction, uri: e.uri })),
    candidates: (m.candidates ?? []).map((c) => ({
      foundation: `${c.foundation}`,
      component: c.component,
      transport: c.transport,
      priority: c.priority,
      ip: c.ip,
      port: c.port,
      type: c.type,
      raddr: c.raddr,
      rport: c.rport,
      tcptype: c.tcptype,
    })),
    ssrcs: (m.ssrcs ?? []).map((s) => ({ id: Number(s.id), attribute: s.attribute, value: s.value })),
    ssrcGroups: (m.ssrcGroups ?? []).map((g) => ({ semantics: g.semantics, ssrcs: g.ssrcs })),
    rids: (m.rids ?? []).map((r) => ({ id: `${r.id}`, direction: r.direction })),
  }));
}

/** Drops undefined members so both projections compare structurally. */
function clean<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

test.each(fixtures)('$name: agrees with sdp-transform', ({ text }) => {
  expect(clean(ours(text))).toEqual(clean(theirs(text)));
});
