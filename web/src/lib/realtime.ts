// Live updates over /api/ws (docs/realtime.md): one socket per tab, signed in by the access
// cookie, rooms joined while a page wants them and joined again after a reconnect.
type Handler = (data: any, room: string) => void;

const wanted = new Map<string, number>(); // room → how many subscribers want it
const pending = new Map<number, { resolve: (data: any) => void; reject: (e: Error) => void }>(); // id → its answer
const handlers = new Map<string, Set<Handler>>(); // event name → handlers
let socket: WebSocket | null = null;
let retryMs = 500;
let nextId = 1;

function send(message: object): number {
  const id = nextId++;
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ...message, id }));
  return id;
}

export class RealtimeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

// Sends a message that the server acknowledges ({type: "ack", id, data}) or refuses
// ({type: "error", id, code, message}); rejects when the socket is not open or no answer
// comes within 10 s.
export function request<T = unknown>(message: object): Promise<T> {
  if (socket?.readyState !== WebSocket.OPEN) return Promise.reject(new RealtimeError("offline", "not connected"));
  return new Promise<T>((resolve, reject) => {
    const id = send(message);
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new RealtimeError("timeout", "no answer"));
    }, 10000);
    pending.set(id, {
      resolve: (data) => { clearTimeout(timer); resolve(data as T); },
      reject: (e) => { clearTimeout(timer); reject(e); },
    });
  });
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
    const waiting = typeof frame.id === "number" ? pending.get(frame.id) : undefined;
    if (waiting && (frame.type === "ack" || frame.type === "error")) {
      pending.delete(frame.id);
      if (frame.type === "ack") waiting.resolve(frame.data);
      else waiting.reject(new RealtimeError(frame.code, frame.message));
      return;
    }
    if (frame.type !== "event") return;
    for (const handler of handlers.get(frame.event) ?? []) handler(frame.data, frame.room);
  };
  socket.onclose = () => {
    socket = null;
    for (const [, waiting] of pending) waiting.reject(new RealtimeError("offline", "disconnected"));
    pending.clear();
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
