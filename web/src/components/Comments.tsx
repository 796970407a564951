// Comments under a video: sorted top or newest, replies one level open at a time, new ones
// arriving live (comment_created / comment_deleted in the video's room).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, query } from "../lib/api";
import { onEvent } from "../lib/realtime";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import type { Comment, Page } from "../lib/types";
import { ago, compact, t } from "../i18n";

function CommentForm({ videoId, parentId, onPosted }: { videoId: string; parentId?: string; onPosted: (c: Comment) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  return (
    <form class="comment-form" onSubmit={async (e) => {
      e.preventDefault();
      if (!text.trim()) return;
      try {
        const c = await api<Comment>(`/api/videos/${videoId}/comments`, { method: "POST", body: { text, parent_id: parentId } });
        setText("");
        onPosted(c);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : String(err));
      }
    }}>
      <label class="visually-hidden" for={`comment-${parentId ?? "top"}`}>{t("comments.add")}</label>
      <textarea id={`comment-${parentId ?? "top"}`} rows={2} maxLength={10000} placeholder={t("comments.add")} value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      {error && <p role="alert" class="error">{error}</p>}
      <button type="submit" class="primary">{parentId ? t("comments.reply") : t("comments.post")}</button>
    </form>
  );
}

function CommentItem({ comment, videoId, onDeleted }: { comment: Comment; videoId: string; onDeleted: (id: string) => void }) {
  const account = useObservable(me);
  const [replies, setReplies] = useState<Comment[] | null>(null);
  const [replying, setReplying] = useState(false);
  const author = comment.author ?? comment.user;
  return (
    <li class="comment">
      <p class="comment-head"><a href={`/c/${author?.username}`}>{author?.display_name || author?.username}</a> <span class="muted">{ago(comment.created_at)}</span></p>
      <p class="comment-text">{comment.text}</p>
      <div class="comment-actions">
        {account && <button type="button" class="link" onClick={() => setReplying(!replying)}>{t("comments.reply")}</button>}
        {(comment.replies_count ?? 0) > 0 && replies === null && (
          <button type="button" class="link" onClick={async () => setReplies((await api<Page<Comment>>(`/api/comments/${comment.id}/replies`)).items)}>
            {t("comments.replies", { count: comment.replies_count ?? 0 })}
          </button>
        )}
        {account && author && (account.id === author.id || account.role === "moderator" || account.role === "admin") && (
          <button type="button" class="link" onClick={async () => { await api(`/api/comments/${comment.id}`, { method: "DELETE" }); onDeleted(comment.id); }}>
            {t("comments.delete")}
          </button>
        )}
      </div>
      {replying && <CommentForm videoId={videoId} parentId={comment.id} onPosted={(c) => { setReplying(false); setReplies([...(replies ?? []), c]); }} />}
      {replies && replies.length > 0 && (
        <ul class="replies">{replies.map((r) => <CommentItem key={r.id} comment={r} videoId={videoId} onDeleted={(id) => setReplies(replies.filter((x) => x.id !== id))} />)}</ul>
      )}
    </li>
  );
}

export function Comments({ videoId, count }: { videoId: string; count: number }) {
  const account = useObservable(me);
  const [sort, setSort] = useState<"top" | "newest">("top");
  const [items, setItems] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState(count);

  useEffect(() => setTotal(count), [count]);
  useEffect(() => {
    api<Page<Comment>>(`/api/videos/${videoId}/comments${query({ sort })}`).then((p) => {
      setItems(p.items);
      setCursor(p.next_cursor ?? null);
    }).catch(() => {});
  }, [videoId, sort]);
  useEffect(() => {
    const offCreated = onEvent("comment_created", (c: Comment) => {
      if (c.video_id !== videoId || c.parent_id) return;
      setItems((old) => (old.some((x) => x.id === c.id) ? old : [c, ...old]));
      setTotal((n) => n + 1);
    });
    const offDeleted = onEvent("comment_deleted", (d: { video_id: string; id: string }) => {
      if (d.video_id === videoId) setItems((old) => old.filter((x) => x.id !== d.id));
    });
    return () => { offCreated(); offDeleted(); };
  }, [videoId]);

  const add = (c: Comment) => setItems((old) => (old.some((x) => x.id === c.id) ? old : [c, ...old]));
  return (
    <section class="comments" aria-labelledby="comments-title">
      <div class="row">
        <h2 id="comments-title">{t("comments.title", { count: total }, compact)}</h2>
        <div role="group" aria-label="Sort comments" class="chips">
          <button type="button" aria-pressed={sort === "top"} onClick={() => setSort("top")}>{t("comments.sort.top")}</button>
          <button type="button" aria-pressed={sort === "newest"} onClick={() => setSort("newest")}>{t("comments.sort.new")}</button>
        </div>
      </div>
      {account ? <CommentForm videoId={videoId} onPosted={add} /> : <p><a href="/signin">{t("comments.signIn")}</a></p>}
      <ul class="comment-list">
        {items.map((c) => <CommentItem key={c.id} comment={c} videoId={videoId} onDeleted={(id) => setItems(items.filter((x) => x.id !== id))} />)}
      </ul>
      {cursor && (
        <button type="button" onClick={async () => {
          const p = await api<Page<Comment>>(`/api/videos/${videoId}/comments${query({ sort, cursor })}`);
          setItems([...items, ...p.items]);
          setCursor(p.next_cursor ?? null);
        }}>{t("feed.more")}</button>
      )}
    </section>
  );
}
