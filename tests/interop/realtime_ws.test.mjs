// Marquee's plain WebSocket endpoint (/api/ws) driven by `ws`, the common Node WebSocket
// client: sign-in by query parameter or by a first `auth` frame, the `hello` frame,
// subscribe/unsubscribe with acks, like_update after an HTTP like, refused rooms, chat with
// acks, application and protocol pings, eviction when a video turns private, and hostile
// frames (not JSON, not an object, invalid UTF-8, oversized whole or in fragments) that
// must close the connection with the RFC 6455 code the contract names. The contract is
// docs/realtime.md ("Rooms", "Events users receive", "Live chat", "Plain WebSocket").
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  assertChatHistory,
  WsClient,
  assertNothing,
  assertRfc3339,
  assertWsAck,
  assertWsError,
  createVideo,
  register,
  setVisibility,
  show,
  signIn,
  toggleLike,
} from './support/realtime.mjs';
import { Harness } from './support/server.mjs';

async function setUp(t, { name, viewers = ['viewer'] } = {}) {
  const harness = await Harness.create(t, name);
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'creator');
  const server = await harness.startServer(dataDir);
  const creator = await signIn(server, 'creator');
  const users = {};
  for (const username of viewers) users[username] = await register(server, username);
  return { harness, server, creator, ...users };
}

function wsUrl(server, token) {
  const url = new URL('/api/ws', server.base.replace(/^http/, 'ws'));
  if (token) url.searchParams.set('access_token', token);
  return url.toString();
}

async function connect(t, server, token, name) {
  const client = new WsClient(t, wsUrl(server, token), {}, name);
  await client.open();
  return client;
}

test('ws_access_token_hello_subscribe_like_update_and_refusals', { timeout: 60_000 }, async (t) => {
  const { server, creator, viewer, fan } = await setUp(t, { name: 'rt-ws-rooms', viewers: ['viewer', 'fan'] });
  const video = await createVideo(server, creator.token, { title: 'Public room' });
  const secret = await createVideo(server, creator.token, { title: 'Private room', visibility: 'private' });
  const room = `video:${video.id}`;

  const client = await connect(t, server, viewer.token, 'viewer ws');
  const hello = await client.frame('hello');
  assert.equal(hello.user_id, viewer.user.id, `hello ${show(hello)}`);
  assert.ok(Array.isArray(hello.rooms), `hello.rooms ${show(hello)}`);
  assert.ok(hello.rooms.includes('site'), `a connection is in the site room: ${show(hello)}`);
  assert.ok(hello.rooms.includes(`user:${viewer.user.id}`), `a signed-in connection is in its user room: ${show(hello)}`);

  const anon = await connect(t, server, null, 'anonymous ws');
  const anonHello = await anon.frame('hello');
  assert.deepEqual(anonHello, { type: 'hello', user_id: null, rooms: ['site'] }, 'an anonymous hello');

  const ack = await client.request({ type: 'subscribe', room });
  assert.deepEqual(assertWsAck(ack, `subscribe ${room}`), { room });
  assertWsAck(await anon.request({ type: 'subscribe', room }), `anonymous subscribe ${room}`);

  let from = client.mark();
  const liked = await toggleLike(server, fan.token, video.id);
  assert.equal(liked.likes_count, 1);
  const event = await client.event('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1, { from });
  assert.deepEqual(
    event,
    { type: 'event', event: 'like_update', room, data: { video_id: video.id, likes_count: 1, dislikes_count: 0 } },
    'the like_update frame',
  );
  await anon.event('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1);

  // Refusals: error frames, the connection stays open.
  assertWsError(
    await client.request({ type: 'subscribe', room: `user:${creator.user.id}` }),
    ['forbidden', 'not_found'],
    'subscribe to another user\'s user room',
  );
  assertWsError(
    await client.request({ type: 'subscribe', room: `video:${secret.id}` }),
    ['not_found', 'forbidden'],
    'subscribe to another user\'s private video',
  );
  assertWsError(await client.request({ type: 'subscribe', room: 'video:nosuchvideo1' }), 'not_found', 'an unknown video');
  assertWsError(
    await anon.request({ type: 'subscribe', room: `user:${viewer.user.id}` }),
    ['unauthenticated', 'forbidden'],
    'anonymous subscribe to a user room',
  );
  assertWsError(await client.request({ type: 'no_such_type' }), 'bad_request', 'an unknown message type');
  assertWsError(await client.request({ type: 'subscribe' }), 'bad_request', 'subscribe without a room');

  // Pings: the application-level one with its id, and the protocol-level one.
  assert.deepEqual(await client.request({ type: 'ping' }), { type: 'pong', id: client.nextId - 1 }, 'ping → pong');
  const pongFrom = client.mark();
  client.ws.ping('are-you-there');
  const pong = await client.received.wait('pong', () => true, { from: pongFrom, what: 'a protocol pong' });
  assert.equal(pong, 'are-you-there', 'a pong echoes the ping payload (RFC 6455 5.5.3)');

  // Unsubscribe: the room's events stop for this connection, not for the other.
  assert.deepEqual(assertWsAck(await client.request({ type: 'unsubscribe', room }), `unsubscribe ${room}`), { room });
  from = client.mark();
  const anonFrom = anon.mark();
  await toggleLike(server, fan.token, video.id);
  await anon.event('like_update', (d) => d && d.video_id === video.id && d.likes_count === 0, { from: anonFrom });
  await assertNothing(client.received, 'frame', (f) => f && f.type === 'event' && f.event === 'like_update', {
    from,
    ms: 1_000,
    what: 'like_update after unsubscribe',
  });
  assert.equal(client.received.find('close'), null, 'the connection is still open');
});

test('ws_auth_frame_chat_with_ack_and_history', { timeout: 60_000 }, async (t) => {
  const { server, creator, viewer } = await setUp(t, { name: 'rt-ws-chat' });
  const video = await createVideo(server, creator.token, { title: 'Chat room' });
  const own = await createVideo(server, viewer.token, { title: 'Viewer private', visibility: 'private' });
  const room = `video:${video.id}`;

  // Signed in by a first frame instead of the query string.
  const talker = new WsClient(t, wsUrl(server), {}, 'auth-frame ws');
  await talker.open();
  const auth = await talker.request({ type: 'auth', token: viewer.token });
  assert.deepEqual(assertWsAck(auth, 'auth'), { user_id: viewer.user.id });
  assertWsAck(await talker.request({ type: 'subscribe', room: `user:${viewer.user.id}` }), 'subscribe to one\'s own user room');
  assertWsAck(await talker.request({ type: 'subscribe', room: `video:${own.id}` }), 'subscribe to one\'s own private video');
  assertWsAck(await talker.request({ type: 'subscribe', room }), `subscribe ${room}`);

  // A fresh token may be sent again at any time.
  const fresh = await signIn(server, 'viewer');
  assert.deepEqual(assertWsAck(await talker.request({ type: 'auth', token: fresh.token }), 're-auth'), {
    user_id: viewer.user.id,
  });

  const listener = await connect(t, server, creator.token, 'owner ws');
  const anon = await connect(t, server, null, 'anonymous ws');
  assertWsAck(await listener.request({ type: 'subscribe', room }), `owner subscribes ${room}`);
  assertWsAck(await anon.request({ type: 'subscribe', room }), `anonymous subscribes ${room}`);

  const from = listener.mark();
  const message = assertWsAck(
    await talker.request({ type: 'chat', video_id: video.id, text: '  hello over ws  ' }),
    'chat',
  );
  assert.equal(typeof message.id, 'string', `the ack carries the chat message: ${show(message)}`);
  assert.equal(message.text, 'hello over ws', 'the text is trimmed');
  assert.equal(message.video_id, video.id);
  assert.deepEqual(
    { id: message.user?.id, username: message.user?.username },
    { id: viewer.user.id, username: 'viewer' },
    `message.user ${show(message.user)}`,
  );

  const frame = await listener.event('chat_message', (d) => d && d.id === message.id, { from });
  assert.equal(frame.room, room);
  assert.equal(frame.data.text, 'hello over ws');
  await anon.event('chat_message', (d) => d && d.id === message.id);

  // A bad token in an auth frame is refused; the connection stays anonymous, and may not chat.
  assertWsError(await anon.request({ type: 'auth', token: 'not.a.token' }), 'unauthenticated', 'auth with a bad token');
  assertWsError(
    await anon.request({ type: 'chat', video_id: video.id, text: 'anonymous words' }),
    'unauthenticated',
    'anonymous chat',
  );
  assertWsError(await talker.request({ type: 'chat', video_id: video.id, text: '   ' }), 'bad_request', 'an empty chat message');
  assertWsError(
    await talker.request({ type: 'chat', video_id: video.id, text: 'x'.repeat(501) }),
    'bad_request',
    'a 501-character chat message',
  );

  await assertChatHistory(server, video.id, message, 'hello over ws', 'viewer');
});

test('ws_video_turned_private_closes_its_room_for_others', { timeout: 60_000 }, async (t) => {
  const { server, creator, viewer } = await setUp(t, { name: 'rt-ws-evict' });
  const video = await createVideo(server, creator.token, { title: 'Soon private' });
  const room = `video:${video.id}`;
  const guest = await connect(t, server, viewer.token, 'viewer ws');
  const owner = await connect(t, server, creator.token, 'owner ws');
  assertWsAck(await guest.request({ type: 'subscribe', room }), 'viewer subscribes');
  assertWsAck(await owner.request({ type: 'subscribe', room }), 'owner subscribes');

  const from = guest.mark();
  const ownerFrom = owner.mark();
  await setVisibility(server, creator.token, video.id, 'private');
  const closed = await guest.event('room_closed', (d) => d && d.room === room, { from });
  assert.ok(typeof closed.data.reason === 'string' && closed.data.reason, `room_closed ${show(closed)}`);

  await toggleLike(server, creator.token, video.id);
  await owner.event('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1, { from: ownerFrom });
  await assertNothing(guest.received, 'frame', (f) => f && f.type === 'event' && f.event === 'like_update', {
    from,
    ms: 1_000,
    what: 'an evicted connection received the private video\'s like_update',
  });
  assertWsError(await guest.request({ type: 'subscribe', room }), ['not_found', 'forbidden'], 'subscribe again');
});

test('ws_hostile_frames_close_with_the_rfc_6455_codes', { timeout: 60_000 }, async (t) => {
  const { server, viewer } = await setUp(t, { name: 'rt-ws-hostile' });
  const cases = [
    ['a text frame that is not JSON', (c) => c.send('this is not json'), [1008, 1007]],
    ['a JSON value that is not an object', (c) => c.send('[1,2,3]'), [1008, 1007]],
    // Bytes that are not UTF-8 in a text frame (ws sends a Buffer as text when binary: false).
    ['a text frame of invalid UTF-8', (c) => c.ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false }), [1007]],
    [
      'a 2 MiB message in one frame',
      (c) => c.send(JSON.stringify({ type: 'ping', pad: 'a'.repeat(2 << 20) })),
      [1009],
    ],
    [
      'a 2.5 MiB message in 40 fragments of 64 KiB',
      (c) => {
        const chunk = 'a'.repeat(64 << 10);
        c.ws.send('{"type":"ping","pad":"', { fin: false });
        for (let i = 0; i < 40; i++) c.ws.send(chunk, { fin: false });
        c.ws.send('"}', { fin: true });
      },
      // The server sends 1009 at the fragment that passes the limit and reads (and drops) what
      // the client is still sending, so the client reads the close frame rather than a reset.
      [1009],
    ],
  ];
  // Every case runs before any fails the test, so a run reports them all.
  const wrong = [];
  for (const [what, hostile, codes] of cases) {
    const client = await connect(t, server, viewer.token, `ws (${what})`);
    await client.frame('hello');
    hostile(client);
    const { code, reason } = await client.waitClose();
    t.diagnostic(`${what}: closed ${code} ${show(reason)}`);
    if (!codes.includes(code)) wrong.push(`${what}: closed with ${code} ${show(reason)}, expected ${codes.join(' or ')}`);
  }

  // None of that hurt the server: a new connection is served.
  const after = await connect(t, server, viewer.token, 'ws after the hostile frames');
  assert.equal((await after.frame('hello')).user_id, viewer.user.id);
  assert.deepEqual(await after.request({ type: 'ping' }), { type: 'pong', id: 1 });
  assert.equal(wrong.length, 0, wrong.join('\n'));
});
