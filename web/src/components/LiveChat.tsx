// Live chat on a video's room (docs/realtime.md, Live chat): the kept history, new messages
// as they arrive, sending through the socket with its acknowledgement, deleting where allowed.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../lib/api";
import { onEvent, request, RealtimeError } from "../lib/realtime";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { t } from "../i18n";

type Message = { id: string; video_id: string; user: { id: string; username: string; display_name?: string }; text: string; created_at: string };

export function LiveChat({ videoId, ownerId }: { videoId: string; ownerId?: string }) {
  const account = useObservable(me);
  const [messages, setMessages] = useState<Message[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    api<{ items: Message[] }>(`/api/videos/${videoId}/chat`).then((r) => setMessages(r.items)).catch(() => {});
    const offMessage = onEvent("chat_message", (m: Message) => {
      if (m.video_id === videoId) setMessages((old) => (old.some((x) => x.id === m.id) ? old : [...old.slice(-199), m]));
    });
    const offDeleted = onEvent("chat_deleted", (d: { video_id: string; id: string }) => {
      if (d.video_id === videoId) setMessages((old) => old.filter((x) => x.id !== d.id));
    });
    return () => { offMessage(); offDeleted(); };
  }, [videoId]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [messages.length]);

  const mayDelete = (m: Message) => !!account && (account.id === m.user.id || account.id === ownerId || account.role === "moderator" || account.role === "admin");
  return (
    <section class="chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t("chat.title")}</h2>
      <ol class="chat-list" ref={list} aria-live="polite">
        {messages.map((m) => (
          <li key={m.id}>
            <strong>{m.user.display_name || m.user.username}</strong> <span class="chat-text">{m.text}</span>
            {mayDelete(m) && (
              <button type="button" class="link" aria-label={t("chat.delete")}
                onClick={() => api(`/api/videos/${videoId}/chat/${m.id}`, { method: "DELETE" }).catch(() => {})}>×</button>
            )}
          </li>
        ))}
        {messages.length === 0 && <li class="muted">{t("chat.empty")}</li>}
      </ol>
      {account ? (
        <form class="chat-form" onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return;
          setError("");
          try {
            const sent = await request<Message>({ type: "chat", video_id: videoId, text });
            setMessages((old) => (old.some((x) => x.id === sent.id) ? old : [...old, sent]));
            setText("");
          } catch (err) {
            setError(err instanceof RealtimeError ? err.message : String(err));
          }
        }}>
          <label class="visually-hidden" for="chat-input">{t("chat.say")}</label>
          <input id="chat-input" maxLength={500} placeholder={t("chat.say")} value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          <button type="submit">{t("chat.send")}</button>
          {error && <p role="alert" class="error">{error}</p>}
        </form>
      ) : <p><a href="/signin">{t("chat.signIn")}</a></p>}
    </section>
  );
}
