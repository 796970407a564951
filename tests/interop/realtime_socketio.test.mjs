// Marquee's Socket.IO v4 endpoint (/socket.io/) driven by socket.io-client, the reference
// client, as a web or mobile app uses it: default options (long-polling, then the upgrade
// to WebSocket) and WebSocket only; rooms and what each user may join; like_update after
// an HTTP like; new_video and video_status while an upload is processed; live chat; a
// video turned private evicting the others from its room; a server restart the client
// rides out by itself; and the raw Engine.IO handshake a browser on another origin makes.
// The contract is docs/realtime.md ("Rooms", "Events users receive", "Live chat",
// "Socket.IO v4").
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  assertChatHistory,
  SioClient,
  WsClient,
  WAIT_MS,
  assertAckError,
  assertAckOk,
  assertNothing,
  assertRfc3339,
  assertWsAck,
  createVideo,
  register,
  setVisibility,
  show,
  signIn,
  toggleLike,
} from './support/realtime.mjs';
import { Harness, makeClip, uploadWithTus, waitFor } from './support/server.mjs';

// A server on a fresh data dir with a creator (made with the CLI) and `viewers` registered
// over HTTP. Extra environment (MARQUEE_*) for the server in `env`.
async function setUp(t, { name, viewers = ['viewer'], env = {} } = {}) {
  const harness = await Harness.create(t, name);
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'creator');
  const server = await harness.startServer(dataDir, [], { env });
  const creator = await signIn(server, 'creator');
  const users = {};
  for (const username of viewers) users[username] = await register(server, username);
  return { harness, dataDir, server, creator, ...users };
}

function roomOf(video) {
  return `video:${video.id}`;
}

// Joins, likes, refusals: the same for every transport. `options` are socket.io-client's
// (apart from auth); `joinArg` makes the join's argument from the room name.
async function roomsAndLikes(t, server, { creator, viewer, fan }, options, joinArg) {
  const video = await createVideo(server, creator.token, { title: 'Public room' });
  const secret = await createVideo(server, creator.token, { title: 'Private room', visibility: 'private' });

  const client = new SioClient(t, server.base, { ...options, auth: { token: viewer.token } }, 'viewer socket');
  await client.connected();

  assertAckOk(await client.ack('join', joinArg(roomOf(video))), `join ${roomOf(video)}`);
  const from = client.mark();
  const liked = await toggleLike(server, fan.token, video.id);
  assert.equal(liked.likes_count, 1);
  const update = await client.wait('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1, { from });
  assert.deepEqual(update, { video_id: video.id, likes_count: 1, dislikes_count: 0 }, 'like_update payload');

  // Rooms the viewer may not enter: someone else's user room, someone else's private
  // video, a video that does not exist. The socket stays usable after each refusal.
  assertAckError(
    await client.ack('join', joinArg(`user:${creator.user.id}`)),
    ['forbidden', 'not_found'],
    'join another user\'s user room',
  );
  assertAckError(
    await client.ack('join', joinArg(roomOf(secret))),
    ['not_found', 'forbidden'],
    'join the room of another user\'s private video',
  );
  assertAckError(await client.ack('join', joinArg('video:nosuchvideo1')), 'not_found', 'join an unknown video\'s room');
  assertAckOk(await client.ack('join', joinArg(`user:${viewer.user.id}`)), 'join one\'s own user room');
  assert.ok(client.socket.connected, 'refusals leave the socket connected');

  // Nothing of the private video reaches the viewer: its owner likes it.
  const fromSecret = client.mark();
  await toggleLike(server, creator.token, secret.id);

  // Leaving the room stops its events.
  assertAckOk(await client.ack('leave', joinArg(roomOf(video))), `leave ${roomOf(video)}`);
  const afterLeave = client.mark();
  const unliked = await toggleLike(server, fan.token, video.id);
  assert.equal(unliked.likes_count, 0);
  await assertNothing(client.received, 'like_update', (d) => d && d.video_id === video.id, {
    from: afterLeave,
    ms: 2_500,
    what: 'like_update of a room the socket left',
  });
  assert.equal(
    client.received.find('like_update', (d) => d && d.video_id === secret.id, fromSecret),
    null,
    'a private video\'s like_update reached a socket that was refused its room',
  );
  return client;
}

test('socketio_default_transports_poll_then_upgrade_and_receive_like_update', { timeout: 90_000 }, async (t) => {
  const ctx = await setUp(t, { name: 'rt-sio-default', viewers: ['viewer', 'fan'] });
  const client = await roomsAndLikes(t, ctx.server, ctx, {}, (room) => room);

  // Default options: the session opened on long-polling and was upgraded to WebSocket.
  const opened = client.received.find('engine_open');
  assert.equal(opened?.data, 'polling', `the first transport (${show(opened?.data)})`);
  await waitFor(() => client.transport === 'websocket', {
    timeoutMs: WAIT_MS,
    intervalMs: 50,
    describe: () => `the upgrade to websocket (transport ${client.transport}; received ${client.received.summary()})`,
  });
  assert.equal(client.socket.io.engine.transport.name, 'websocket');
  assert.ok(client.received.find('upgrade', (name) => name === 'websocket'), 'the engine reported the upgrade');
  assert.equal(client.received.find('disconnect'), null, 'the upgrade did not disconnect the socket');
});

test('socketio_websocket_only_receives_like_update', { timeout: 90_000 }, async (t) => {
  const ctx = await setUp(t, { name: 'rt-sio-ws', viewers: ['viewer', 'fan'] });
  const client = await roomsAndLikes(t, ctx.server, ctx, { transports: ['websocket'] }, (room) => ({ room }));
  assert.equal(client.received.find('engine_open')?.data, 'websocket');
  assert.equal(client.socket.io.engine.transport.name, 'websocket');
});

test('socketio_bad_token_and_unknown_namespace_are_connect_errors', { timeout: 60_000 }, async (t) => {
  const { server, viewer } = await setUp(t, { name: 'rt-sio-refused' });

  for (const transports of [undefined, ['websocket']]) {
    const how = transports ? 'websocket only' : 'default transports';
    const bad = new SioClient(t, server.base, { transports, auth: { token: 'not.a.token' } }, `bad-token socket (${how})`);
    const err = await bad.wait('connect_error', () => true);
    assert.equal(err.message, 'invalid token', `${how}: connect_error ${show(err)}`);
    assert.equal(bad.socket.connected, false);
    assert.equal(bad.received.find('connect'), null, `${how}: a bad token never connects`);

    const nsp = new SioClient(t, `${server.base}/admin`, { transports, auth: { token: viewer.token } }, `/admin socket (${how})`);
    const nspErr = await nsp.wait('connect_error', () => true);
    assert.equal(nspErr.message, 'Invalid namespace', `${how}: connect_error ${show(nspErr)}`);
    assert.equal(nsp.received.find('connect'), null);
  }

  // A token that was valid once: its session ended (logout-all) → the same refusal.
  const ended = await signIn(server, 'viewer');
  const res = await server.api('POST', '/api/auth/logout-all', { token: ended.token });
  assert.equal(res.status, 204, `logout-all: ${res.status}`);
  const stale = new SioClient(t, server.base, { auth: { token: ended.token } }, 'ended-session socket');
  const staleErr = await stale.wait('connect_error', () => true);
  assert.equal(staleErr.message, 'invalid token', `the token of an ended session: ${show(staleErr)}`);

  // The endpoint still serves: an anonymous socket connects.
  const anon = new SioClient(t, server.base, {}, 'anonymous socket');
  await anon.connected();
});

test('socketio_new_video_and_video_status_while_an_upload_is_processed', { timeout: 200_000 }, async (t) => {
  const { harness, server, creator } = await setUp(t, { name: 'rt-sio-upload', viewers: [] });
  const site = new SioClient(t, server.base, {}, 'anonymous site socket');
  const owner = new SioClient(t, server.base, { auth: { token: creator.token } }, 'owner socket');
  const channel = new SioClient(t, server.base, { transports: ['websocket'] }, 'channel socket');
  await Promise.all([site.connected(), owner.connected(), channel.connected()]);
  assertAckOk(await channel.ack('join', 'channel:creator'), 'join channel:creator');
  assertAckError(await channel.ack('join', 'channel:nobody_here'), 'not_found', 'join an unknown channel');

  const clip = await makeClip(harness.path('clip.mp4'), { width: 320, height: 180, seconds: 2 });
  const { videoId } = await uploadWithTus(server, creator.token, clip, {
    filename: 'realtime.mp4',
    filetype: 'video/mp4',
    title: 'Realtime upload',
    visibility: 'public',
  });
  assert.ok(videoId, 'the tus creation named the video');

  const announced = await site.wait('new_video', (d) => d && d.id === videoId, { timeoutMs: 150_000 });
  assert.equal(announced.title, 'Realtime upload');
  assert.equal(announced.visibility, 'public');
  assert.ok(['playable', 'ready'].includes(announced.status), `new_video status ${show(announced.status)}`);
  assert.equal(announced.owner?.username, 'creator', `new_video owner ${show(announced.owner)}`);
  await channel.wait('new_video', (d) => d && d.id === videoId);

  // The owner follows the processing on the user room, to the end.
  const done = await owner.wait('video_status', (d) => d && d.id === videoId && d.status === 'ready', { timeoutMs: 150_000 });
  assert.equal(done.progress, 100, `video_status at ready: ${show(done)}`);
  assert.ok('failure_reason' in done, `video_status carries failure_reason: ${show(done)}`);
  const statuses = owner.received.since().filter((e) => e.kind === 'video_status').map((e) => e.data.status);
  t.diagnostic(`video_status sequence: ${statuses.join(' → ')}`);
  assert.equal((await server.video(videoId, creator.token)).status, 'ready');

  // Announced once: becoming ready after playable is not a second new video.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const count = site.received.since().filter((e) => e.kind === 'new_video' && e.data?.id === videoId).length;
  assert.equal(count, 1, `new_video for ${videoId} arrived ${count} times on the site room`);
  assert.equal(
    site.received.find('video_status'),
    null,
    'an anonymous socket received another user\'s video_status',
  );
});

test('socketio_chat_with_ack_and_history', { timeout: 60_000 }, async (t) => {
  const { server, creator, viewer } = await setUp(t, { name: 'rt-sio-chat' });
  const video = await createVideo(server, creator.token, { title: 'Chat room' });
  const room = roomOf(video);
  const talker = new SioClient(t, server.base, { auth: { token: viewer.token } }, 'viewer socket');
  const listener = new SioClient(t, server.base, { auth: { token: creator.token }, transports: ['websocket'] }, 'owner socket');
  const anon = new SioClient(t, server.base, {}, 'anonymous socket');
  await Promise.all([talker.connected(), listener.connected(), anon.connected()]);
  for (const client of [talker, listener, anon]) assertAckOk(await client.ack('join', room), `${client.name} joins ${room}`);

  const from = listener.mark();
  const reply = assertAckOk(
    await talker.ack('chat_message', { video_id: video.id, text: '  hello from socket.io  ' }),
    'chat_message',
  );
  const message = reply.message;
  assert.ok(message && typeof message.id === 'string' && message.id, `the ack carries the message: ${show(reply)}`);
  assert.equal(message.text, 'hello from socket.io', 'the text is trimmed');
  assert.equal(message.video_id, video.id);
  assert.equal(message.user?.id, viewer.user.id, `message.user ${show(message.user)}`);
  assert.equal(message.user?.username, 'viewer');

  const seen = await listener.wait('chat_message', (d) => d && d.id === message.id, { from });
  assert.equal(seen.text, 'hello from socket.io');
  assert.equal(seen.video_id, video.id);
  assert.equal(seen.user?.username, 'viewer');
  await anon.wait('chat_message', (d) => d && d.id === message.id);

  // Anonymous sockets may read the chat, not write to it.
  const refused = await anon.ack('chat_message', { video_id: video.id, text: 'anonymous words' });
  assertAckError(refused, 'unauthenticated', 'anonymous chat_message');

  await assertChatHistory(server, video.id, message, 'hello from socket.io', 'viewer');
});

test('socketio_video_turned_private_evicts_other_users', { timeout: 60_000 }, async (t) => {
  const { server, creator, viewer } = await setUp(t, { name: 'rt-sio-evict' });
  const video = await createVideo(server, creator.token, { title: 'Soon private' });
  const room = roomOf(video);
  const guest = new SioClient(t, server.base, { auth: { token: viewer.token } }, 'viewer socket');
  const owner = new SioClient(t, server.base, { auth: { token: creator.token } }, 'owner socket');
  await Promise.all([guest.connected(), owner.connected()]);
  assertAckOk(await guest.ack('join', room), `viewer joins ${room}`);
  assertAckOk(await owner.ack('join', room), `owner joins ${room}`);

  const from = guest.mark();
  const ownerFrom = owner.mark();
  await setVisibility(server, creator.token, video.id, 'private');
  const closed = await guest.wait('room_closed', (d) => d && d.room === room, { from });
  assert.equal(typeof closed.reason, 'string', `room_closed ${show(closed)}`);
  assert.ok(closed.reason.length > 0, `room_closed names a reason: ${show(closed)}`);

  // The owner may still watch: stays in the room and still receives its events; the
  // evicted viewer receives none of them, and may not come back.
  const liked = await toggleLike(server, creator.token, video.id);
  assert.equal(liked.likes_count, 1);
  await owner.wait('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1, { from: ownerFrom });
  await assertNothing(guest.received, 'like_update', (d) => d && d.video_id === video.id, {
    from,
    ms: 1_000,
    what: 'an evicted socket received the private video\'s like_update',
  });
  assert.equal(owner.received.find('room_closed', () => true, ownerFrom), null, 'the owner was evicted from their own video');
  assertAckError(await guest.ack('join', room), ['not_found', 'forbidden'], 'rejoin a video that turned private');
  assert.ok(guest.socket.connected, 'an eviction leaves the socket connected');
});

test('socketio_client_reconnects_after_a_server_restart', { timeout: 120_000 }, async (t) => {
  const { harness, server, creator, viewer } = await setUp(t, { name: 'rt-sio-restart' });
  const video = await createVideo(server, creator.token, { title: 'Survives restarts' });
  const room = roomOf(video);
  const client = new SioClient(t, server.base, { auth: { token: viewer.token } }, 'viewer socket');
  await client.connected();
  assertAckOk(await client.ack('join', room), `join ${room}`);
  let from = client.mark();
  await toggleLike(server, creator.token, video.id);
  await client.wait('like_update', (d) => d && d.video_id === video.id && d.likes_count === 1, { from });
  await waitFor(() => client.transport === 'websocket', { timeoutMs: WAIT_MS, intervalMs: 50, describe: () => 'the upgrade' });

  from = client.mark();
  const firstSid = client.socket.id;
  await harness.restartServer(server, { downMs: 500 });
  t.diagnostic(`old process ended ${JSON.stringify(server.previousExit)}`);
  // Both checks are made before either fails the test, so a run reports both.
  const problems = [];
  if (server.previousExit.code !== 0 || server.previousExit.signal !== null) {
    problems.push(
      `SIGTERM with a Socket.IO client connected ended the server with ${JSON.stringify(server.previousExit)}, not exit 0\n${server.previousProc.log(60)}`,
    );
  }
  const reason = await client.wait('disconnect', () => true, { from });
  if (!['transport close', 'transport error', 'ping timeout'].includes(reason)) {
    problems.push(
      `the client saw disconnect reason ${show(reason)}: socket.io-client reconnects by itself only after a transport close or error ('io server disconnect' means the server sent a DISCONNECT packet, after which it never reconnects); received:\n    ${client.received.summary(from)}`,
    );
    assert.fail(problems.join('\n\n'));
  }
  await client.connected({ from, timeoutMs: 30_000, retrying: true });
  assert.ok(client.socket.connected);
  assert.notEqual(client.socket.id, firstSid, 'a new session after the restart');

  // Rooms do not outlive the process: the client joins again and events flow again.
  assertAckOk(await client.ack('join', room), `join ${room} after the restart`);
  from = client.mark();
  const unliked = await toggleLike(server, creator.token, video.id);
  assert.equal(unliked.likes_count, 0);
  const update = await client.wait('like_update', (d) => d && d.video_id === video.id && d.likes_count === 0, { from });
  assert.deepEqual(update, { video_id: video.id, likes_count: 0, dislikes_count: 0 });
  assert.deepEqual(problems, []);
});

test('server_stops_cleanly_on_sigterm_with_realtime_clients_connected', { timeout: 150_000 }, async (t) => {
  // A restart is routine (deploys); SIGTERM must end the process with exit 0 whatever
  // sockets are connected. Each mix of clients several times: a race shows up now and then.
  const MIXES = [
    ['socket.io'],
    ['ws'],
    ['socket.io', 'ws'],
  ];
  const REPEAT = 3;
  const { harness, server, creator, viewer } = await setUp(t, { name: 'rt-sio-sigterm' });
  const video = await createVideo(server, creator.token, { title: 'Busy room' });
  const room = roomOf(video);
  const wsUrl = `${server.base.replace(/^http/, 'ws')}/api/ws?access_token=${encodeURIComponent(viewer.token)}`;
  const bad = [];
  let rounds = 0;
  for (let i = 0; i < REPEAT; i++) {
    for (const mix of MIXES) {
      rounds++;
      const what = `round ${rounds} (${mix.join(' + ')})`;
      const liked = await toggleLike(server, creator.token, video.id);
      const clients = [];
      if (mix.includes('socket.io')) {
        const sio = new SioClient(t, server.base, { auth: { token: viewer.token } }, `socket.io ${what}`);
        clients.push(sio);
        await sio.connected();
        assertAckOk(await sio.ack('join', room), `${what}: join`);
        const from = sio.mark();
        await toggleLike(server, creator.token, video.id);
        await sio.wait('like_update', (d) => d && d.likes_count !== liked.likes_count, { from });
        await waitFor(() => sio.transport === 'websocket', { timeoutMs: WAIT_MS, intervalMs: 20, describe: () => 'the upgrade' });
      }
      if (mix.includes('ws')) {
        const ws = new WsClient(t, wsUrl, {}, `ws ${what}`);
        clients.push(ws);
        await ws.open();
        assertWsAck(await ws.request({ type: 'subscribe', room }), `${what}: subscribe`);
      }
      await harness.restartServer(server);
      const exit = server.previousExit;
      if (exit.code !== 0 || exit.signal !== null) bad.push(`${what}: ${JSON.stringify(exit)}\n${server.previousProc.log(6)}`);
      for (const client of clients) client.terminate ? client.terminate() : client.close();
    }
  }
  assert.equal(bad.length, 0, `${bad.length} of ${rounds} SIGTERMs did not end the server with exit 0:\n${bad.join('\n')}`);
});

test('socketio_polling_handshake_from_another_origin_and_bad_requests', { timeout: 60_000 }, async (t) => {
  const ORIGIN = 'http://app.example';
  const { server } = await setUp(t, {
    name: 'rt-sio-cors',
    viewers: [],
    env: { MARQUEE_HTTP_CORS_ORIGINS: ORIGIN },
  });
  const get = (query, headers = {}) =>
    fetch(server.url(`/socket.io/${query}`), { headers, signal: AbortSignal.timeout(WAIT_MS) });

  // The open packet, readable by a page on the configured origin, with its cookies.
  const res = await get('?EIO=4&transport=polling', { Origin: ORIGIN });
  const text = await res.text();
  assert.equal(res.status, 200, `GET /socket.io/?EIO=4&transport=polling: ${res.status} ${text}`);
  assert.equal(text[0], '0', `the open packet: ${show(text)}`);
  const open = JSON.parse(text.slice(1));
  assert.equal(typeof open.sid, 'string');
  assert.ok(open.sid.length > 0);
  assert.deepEqual(
    { ...open, sid: 'SID' },
    { sid: 'SID', upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 },
    `the open packet ${text}`,
  );
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, 'Access-Control-Allow-Origin');
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true', 'Access-Control-Allow-Credentials');
  assert.match(res.headers.get('vary') ?? '', /origin/i, 'a response that depends on Origin says Vary: Origin');

  // The namespace CONNECT over the same polling session, still cross-origin.
  const sid = encodeURIComponent(open.sid);
  const post = await fetch(server.url(`/socket.io/?EIO=4&transport=polling&sid=${sid}`), {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'text/plain;charset=UTF-8' },
    body: '40',
    signal: AbortSignal.timeout(WAIT_MS),
  });
  assert.equal(post.status, 200, `POST 40: ${post.status} ${await post.text()}`);
  assert.equal(post.headers.get('access-control-allow-origin'), ORIGIN, 'POST Access-Control-Allow-Origin');
  const poll = await get(`?EIO=4&transport=polling&sid=${sid}`, { Origin: ORIGIN });
  const packets = (await poll.text()).split('\x1e');
  assert.equal(poll.status, 200);
  const connect = packets.find((p) => p.startsWith('40'));
  assert.ok(connect, `the CONNECT answer among ${show(packets)}`);
  assert.equal(typeof JSON.parse(connect.slice(2)).sid, 'string', `CONNECT ${connect}`);

  // An origin that is not configured is not let in.
  const other = await get('?EIO=4&transport=polling', { Origin: 'http://evil.example' });
  await other.arrayBuffer();
  assert.notEqual(other.headers.get('access-control-allow-origin'), 'http://evil.example', 'an unlisted origin is not echoed');

  // Bad requests: 400 with the Engine.IO error body.
  for (const [query, code, message] of [
    ['?EIO=3&transport=polling', 5, 'Unsupported protocol version'],
    ['?EIO=banana&transport=polling', 5, 'Unsupported protocol version'],
    ['?EIO=4&transport=carrier-pigeon', 0, 'Transport unknown'],
    ['?EIO=4&transport=polling&sid=nosuchsession', 1, 'Session ID unknown'],
  ]) {
    const bad = await get(query, { Origin: ORIGIN });
    const body = await bad.text();
    assert.equal(bad.status, 400, `GET /socket.io/${query}: ${bad.status} ${body}`);
    let parsed;
    assert.doesNotThrow(() => (parsed = JSON.parse(body)), `GET /socket.io/${query}: the body is JSON: ${show(body)}`);
    assert.deepEqual(parsed, { code, message }, `GET /socket.io/${query}: the Engine.IO error body`);
  }
});

test('socketio_malformed_or_oversized_packets_close_the_session', { timeout: 60_000 }, async (t) => {
  const { server } = await setUp(t, { name: 'rt-sio-hostile', viewers: [] });
  const url = `${server.base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const cases = [
    ['an unknown Engine.IO packet type', 'zzz'],
    ['a Socket.IO EVENT whose JSON is cut short', '42["chat_message",{"video_id":'],
    ['a 2 MB EVENT (max_payload_bytes is 1,000,000)', `42["chat_message",{"text":"${'a'.repeat(2_000_000)}"}]`],
  ];
  for (const [what, packet] of cases) {
    // A raw Engine.IO session over WebSocket, as socket.io-client makes it: open, CONNECT.
    const client = new WsClient(t, url, {}, `raw engine.io ws (${what})`);
    await client.open();
    await client.received.wait('raw', (r) => r.text.startsWith('0{'), { what: 'the open packet' });
    client.send('40');
    await client.received.wait('raw', (r) => r.text.startsWith('40'), { what: 'the CONNECT answer' });
    client.send(packet);
    const { code, reason } = await client.waitClose();
    t.diagnostic(`${what}: closed ${code} ${show(reason)}`);
  }
  const after = new SioClient(t, server.base, { transports: ['websocket'] }, 'socket after the hostile packets');
  await after.connected();
});
