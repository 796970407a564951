// The API's objects as the site reads them (docs/api.md; /api/openapi.json).
export type Video = {
  id: string;
  title: string;
  description?: string;
  tags?: string[];
  category?: string;
  visibility: "public" | "unlisted" | "private";
  status: string;
  progress?: number;
  failure_reason?: string | null;
  duration_ms?: number;
  views_count?: number;
  likes_count?: number;
  dislikes_count?: number;
  comments_count?: number;
  watching_now?: number;
  is_premium?: boolean;
  is_adult?: boolean;
  thumbnail_url?: string | null;
  poster_url?: string | null;
  created_at: string;
  published_at?: string | null;
  owner?: { id: string; username: string; display_name?: string; avatar_url?: string };
  owner_id?: string;
  owner_username?: string;
  my_rating?: "like" | "dislike" | null;
  removal_reason?: string | null;
  score?: number;
};

export type Page<T> = { items: T[]; next_cursor?: string | null };

export type Comment = {
  id: string;
  video_id?: string;
  parent_id?: string | null;
  text: string;
  created_at: string;
  likes_count?: number;
  replies_count?: number;
  author?: { id: string; username: string; display_name?: string };
  user?: { id: string; username: string; display_name?: string };
};

export type Playback = {
  status?: string;
  master_url: string;
  poster_url?: string;
  thumbnail_url?: string;
  storyboard_url?: string | null;
  renditions: { height: number; bitrate?: number }[];
};

export const ownerName = (v: Video) => v.owner?.display_name || v.owner?.username || v.owner_username || "";
export const ownerUsername = (v: Video) => v.owner?.username || v.owner_username || "";
