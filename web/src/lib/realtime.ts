// Live updates over /api/ws (docs/realtime.md): one socket per tab, signed in by the access
// cookie, rooms joined while a page wants them and joined again after a reconnect.
type Handler = (data: any, room: string) => void;

const wanted = new Map<string, number>(); // room → how many subscribers want it
const handlers = new Map<string, Set<Handler>>(); // event name → handlers
let socket: WebSocket | null = null;
let retryMs = 500;
let nextId = 1;

function send(message: object) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ...message, id: nextId++ }));
}

function connect() {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/ws`;
  socket = new WebSocket(url);
  socket.onopen = () => {
    retryMs = 500;
    for (const room of wanted.keys()) send({ type: "subscribe", room });
  };
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data as string);
    if (frame.type !== "event") return;
    for (const handler of handlers.get(frame.event) ?? []) handler(frame.data, frame.room);
  };
  socket.onclose = () => {
    socket = null;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  };
}

// Reconnects so the server sees the new session's cookie (after sign-in or sign-out).
export function reconnectRealtime() {
  if (!socket) return;
  socket.onclose = null;
  socket.close();
  socket = null;
  connect();
}

export function joinRoom(room: string): () => void {
  if (!socket) connect();
  const count = wanted.get(room) ?? 0;
  wanted.set(room, count + 1);
  if (count === 0) send({ type: "subscribe", room });
  return () => {
    const left = (wanted.get(room) ?? 1) - 1;
    if (left > 0) return void wanted.set(room, left);
    wanted.delete(room);
    send({ type: "unsubscribe", room });
  };
}

export function onEvent(event: string, handler: Handler): () => void {
  if (!socket) connect();
  if (!handlers.has(event)) handlers.set(event, new Set());
  handlers.get(event)!.add(handler);
  return () => handlers.get(event)!.delete(handler);
}
