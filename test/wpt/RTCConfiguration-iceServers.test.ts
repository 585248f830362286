/** WPT webrtc/RTCConfiguration-iceServers.html (both variants), checked against our implementation. */
import { configTest } from './config-helper.js';
import { expectThrowsDom, expectThrowsJs, newPc } from './helpers.js';

type Server = { urls: string[]; username?: string; credential?: string };
const servers = (pc: { getConfiguration(): unknown }) => (pc.getConfiguration() as { iceServers: Server[] }).iceServers;
const kUsernameOfMaxPermittedLength = 'a'.repeat(509);

describe('RTCConfiguration-iceServers', () => {
  test('new RTCPeerConnection() should have default configuration.iceServers of []', () => {
    expect(servers(newPc())).toEqual([]);
  });
  configTest((makePc) => {
    makePc({});
  }, '{} should succeed');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceServers: null }), TypeError), '{ iceServers: null } should throw TypeError');
  configTest((makePc) => expect(servers(makePc({ iceServers: undefined }))).toEqual([]), '{ iceServers: undefined } should succeed');
  configTest((makePc) => expect(servers(makePc({ iceServers: [] }))).toEqual([]), '{ iceServers: [] } should succeed');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceServers: [null] }), TypeError), '{ iceServers: [null] } should throw TypeError');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceServers: [undefined] }), TypeError), '{ iceServers: [undefined] } should throw TypeError');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceServers: [{}] }), TypeError), '{ iceServers: [{}] } should throw TypeError');

  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: 'stun:stun1.example.net' }] }));
    expect(s.length).toBe(1);
    expect(s[0]!.urls).toEqual(['stun:stun1.example.net']);
  }, 'with stun server should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: ['stun:stun1.example.net'] }] }));
    expect(s.length).toBe(1);
    expect(s[0]!.urls).toEqual(['stun:stun1.example.net']);
  }, 'with stun server array should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: ['stun:stun1.example.net', 'stun:stun2.example.net'] }] }));
    expect(s.length).toBe(1);
    expect(s[0]!.urls).toEqual(['stun:stun1.example.net', 'stun:stun2.example.net']);
  }, 'with 2 stun servers should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: 'turn:turn.example.org', username: 'user', credential: 'cred' }] }));
    expect(s.length).toBe(1);
    expect(s[0]).toMatchObject({ urls: ['turn:turn.example.org'], username: 'user', credential: 'cred' });
  }, 'with turn server, username, credential should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: 'turns:turn.example.org', username: '', credential: 'cred' }] }));
    expect(s.length).toBe(1);
    expect(s[0]).toMatchObject({ urls: ['turns:turn.example.org'], username: '', credential: 'cred' });
  }, 'with turns server and empty string username should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: 'turn:turn.example.org', username: '', credential: 'cred' }] }));
    expect(s.length).toBe(1);
    expect(s[0]).toMatchObject({ urls: ['turn:turn.example.org'], username: '', credential: 'cred' });
  }, 'with turn server and empty string username should succeed');
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [{ urls: ['turns:turn.example.org', 'turn:turn.example.net'], username: 'user', credential: 'cred' }] }));
    expect(s.length).toBe(1);
    expect(s[0]).toMatchObject({ urls: ['turns:turn.example.org', 'turn:turn.example.net'], username: 'user', credential: 'cred' });
  }, 'with one turns server, one turn server, username, credential should succeed');
  configTest((makePc) => {
    expect(kUsernameOfMaxPermittedLength.length).toBe(509);
    makePc({ iceServers: [{ urls: 'turn:turn.example.net', username: kUsernameOfMaxPermittedLength, credential: 'cred' }] });
  }, 'with a turn server and a username of 509 characters should succeed');

  const invalidAccess: Array<[string, Record<string, unknown>]> = [
    ['with turn server and no credentials should throw InvalidAccessError', { urls: 'turn:turn.example.net' }],
    ['with turn server and only username should throw InvalidAccessError', { urls: 'turn:turn.example.net', username: 'user' }],
    ['with turn server and only credential should throw InvalidAccessError', { urls: 'turn:turn.example.net', credential: 'cred' }],
    ['with turns server and no credentials should throw InvalidAccessError', { urls: 'turns:turn.example.net' }],
    ['with turns server and only username should throw InvalidAccessError', { urls: 'turns:turn.example.net', username: 'user' }],
    ['with turns server and only credential should throw InvalidAccessError', { urls: 'turns:turn.example.net', credential: 'cred' }],
    [
      'with a turn server and a username of 510 characters throw InvalidAccessError',
      { urls: 'turns:turn.example.net', username: kUsernameOfMaxPermittedLength + 'a', credential: 'cred' },
    ],
    ['with a turn server and an empty credential throw InvalidAccessError', { urls: 'turn:turn.example.net', username: 'user', credential: '' }],
    ['with a turns server and an empty credential throw InvalidAccessError', { urls: 'turns:turn.example.net', username: 'user', credential: '' }],
  ];
  for (const [desc, server] of invalidAccess) {
    configTest((makePc) => expectThrowsDom(() => makePc({ iceServers: [server] }), 'InvalidAccessError'), desc);
  }

  const syntax: Array<[string, unknown]> = [
    ['with "" url should throw SyntaxError', ''],
    ['with ["stun:stun1.example.net", ""] url should throw SyntaxError', ['stun:stun1.example.net', '']],
    ['with relative url should throw SyntaxError', 'relative-url'],
    ['with http url should throw SyntaxError', 'http://example.com'],
    ['with invalid turn url should throw SyntaxError', 'turn://example.org/foo?x=y'],
    ['with invalid stun url should throw SyntaxError', 'stun://example.org/foo?x=y'],
    ['with stun url with no host or port should throw SyntaxError', 'stun:'],
    ['with stun url with port but no host should throw SyntaxError', 'stun::8191'],
    ['with turn url with no host or port should throw SyntaxError', 'turn:'],
    ['with turn url with port but no host should throw SyntaxError', 'turn::8191'],
    ['with stun url with too large a port should throw SyntaxError', 'stun:example.org:131071'],
    ['with turn url with too large a port should throw SyntaxError', 'turn:example.org:131071'],
    ['with stun url with IPv6 and no brackets should throw SyntaxError', 'stun:2001:4860:4860::8888'],
    ['with turn url with IPv6 and no brackets should throw SyntaxError', 'turn:2001:4860:4860::8888'],
    ['with stun url with IPv4-mapped IPv6 and no brackets should throw SyntaxError', 'stun:::ffff:192.0.2.128'],
    ['with turn url with IPv4-mapped IPv6 and no brackets should throw SyntaxError', 'turn:::ffff:192.0.2.128'],
    ['with stun url with fragment should throw SyntaxError', 'stun:example.org#frag'],
    ['with turn url with fragment should throw SyntaxError', 'turn:example.org#frag'],
    ['with stun url with userinfo should throw SyntaxError', 'stun:user@example.org'],
    ['with turn url with userinfo should throw SyntaxError', 'turn:user@example.org'],
    ['with stun url with / should throw SyntaxError', 'stun:example.org/'],
    ['with turn url with / should throw SyntaxError', 'turn:example.org/'],
    ['with stun url with \\ should throw SyntaxError', 'stun:example.org\\'],
    ['with turn url with \\ should throw SyntaxError', 'turn:example.org\\'],
    ['with stun url with path should throw SyntaxError', 'stun:example.org/path'],
    ['with turn url with path should throw SyntaxError', 'turn:example.org/path'],
    ['with stun url with \\path should throw SyntaxError', 'stun:example.org\\path'],
    ['with turn url with \\path should throw SyntaxError', 'turn:example.org\\path'],
    ['with stun url with query should throw SyntaxError', 'stun:example.org?foo=bar'],
    ['with stun url with transport query should throw SyntaxError', 'stun:example.org?transport=udp'],
    ['with turn url with non-transport query should throw SyntaxError', 'turn:example.org?foo=bar'],
    ['with turn url with invalid transport should throw SyntaxError', 'turn:example.org?transport=datachannel'],
    ['with turn url with empty transport query should throw SyntaxError', 'turn:example.org?transport='],
    ['with empty urls should throw SyntaxError', []],
  ];
  for (const [desc, urls] of syntax) {
    configTest((makePc) => expectThrowsDom(() => makePc({ iceServers: [{ urls }] }), 'SyntaxError'), desc);
  }

  test('setConfiguration(config) - without iceServers removes ice servers', () => {
    const pc = newPc({ iceServers: [{ urls: 'stun:stun1.example.net' }] });
    expect(servers(pc).length).toBe(1);
    pc.setConfiguration({});
    expect(servers(pc).length).toBe(0);
  });
  configTest((makePc) => {
    const s = servers(makePc({ iceServers: [...Array(32)].map((_, i) => ({ urls: `stun:stun${i + 1}.example.net` })) }));
    expect(s.length).toBe(32);
    for (let i = 0; i < 32; i++) expect(s[i]!.urls).toEqual([`stun:stun${i + 1}.example.net`]);
  }, 'with 32 ice servers must succeed');
});
