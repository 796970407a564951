// The watch page's player: hls.js (loaded only here) on a <video> with our own controls:
// play/pause, seek with storyboard previews, quality (auto + each rendition), speed,
// volume, captions placeholder, picture-in-picture, theater and full screen, and the
// keyboard shortcuts of the big sites. It resumes from `startAt` and reports playback
// through onProgress (the view beacon).
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type Hls from "hls.js";
import { loadHls, loadedHls, takePrepared } from "./playerPreload";
import { t, duration } from "../i18n";
import type { Playback } from "../lib/types";
import { Icon } from "./Icon";
import { parseStoryboard, frameAt, type StoryboardFrame } from "./storyboard";

type Props = {
  playback: Playback;
  // Where to resume, in seconds: null while not known yet (the player starts at once and seeks
  // there when it is), 0 for the beginning.
  startAt?: number | null;
  autoPlay?: boolean;
  theater?: boolean;
  onTheater?: () => void;
  onProgress?: (positionMs: number, watchedMs: number, ended: boolean) => void;
  onFirstFrame?: () => void;
};

const speeds = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

export function Player({ playback, startAt = 0, autoPlay = true, theater, onTheater, onProgress, onFirstFrame }: Props) {
  const resumeAt = useRef(startAt);
  resumeAt.current = startAt;
  const resumed = useRef(false);
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [length, setLength] = useState(0);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [levels, setLevels] = useState<{ height: number }[]>([]);
  const [level, setLevel] = useState(-1);
  const [playingLevel, setPlayingLevel] = useState(-1);
  const [frames, setFrames] = useState<StoryboardFrame[]>([]);
  const [hover, setHover] = useState<{ x: number; time: number } | null>(null);
  const watched = useRef({ ms: 0, last: 0 });

  // A layout effect: a player whose hls.js instance is ready attaches its <video> in the
  // commit that mounts it, not a frame later.
  useLayoutEffect(() => {
    const el = video.current!;
    let cancelled = false;
    // Browsers refuse to autoplay with sound before the reader has interacted with the site;
    // then it starts muted, as the big sites do, and the mute button says so.
    const start = () => {
      if (!autoPlay || cancelled) return;
      el.play().catch((e: DOMException) => {
        if (e.name !== "NotAllowedError" || cancelled) return;
        el.muted = true;
        el.play().catch(() => {});
      });
    };
    // HlsClass null: hls.js did not load; the browser's own HLS plays, where it has one.
    const attach = (HlsClass: typeof Hls | null, prepared: Hls | null) => {
      const instance = prepared ??
        (HlsClass?.isSupported() ? new HlsClass({ autoStartLoad: false, capLevelToPlayerSize: false }) : null);
      if (instance && HlsClass) {
        hls.current = instance;
        const onLevels = (levels: { height: number }[]) => {
          setLevels(levels.map((l) => ({ height: l.height })));
          // A prepared instance loads from the start already: a resumed viewer seeks instead.
          const at = resumeAt.current ?? 0;
          if (resumeAt.current !== null) resumed.current = true;
          if (!prepared) instance.startLoad(at > 0 ? at : -1);
          else if (at > 0) el.currentTime = at;
          start();
        };
        instance.on(HlsClass.Events.LEVEL_SWITCHED, (_e, data) => setPlayingLevel(data.level));
        instance.attachMedia(el);
        // A prepared instance may have parsed the manifest already.
        if (instance.levels?.length) onLevels(instance.levels);
        else instance.once(HlsClass.Events.MANIFEST_PARSED, (_e, data) => onLevels(data.levels));
        if (!instance.url) instance.loadSource(playback.master_url);
      } else if (el.canPlayType("application/vnd.apple.mpegurl")) {
        el.src = playback.master_url;
        el.addEventListener("loadedmetadata", () => {
          const at = resumeAt.current ?? 0;
          if (resumeAt.current !== null) resumed.current = true;
          if (at > 0) el.currentTime = at;
          start();
        }, { once: true });
      }
    };
    const taken = takePrepared(playback.master_url);
    const loaded = loadedHls();
    if (loaded && (!taken || taken.now !== undefined)) {
      attach(loaded, taken?.now ?? null);
    } else {
      (async () => {
        let HlsClass: typeof Hls | null = null;
        let prepared: Hls | null = null;
        try {
          HlsClass = await loadHls();
          prepared = taken ? await taken.hls : null;
        } catch {
          // the chunk did not load (offline, a new deploy): attach() falls back
        }
        if (cancelled) return prepared?.destroy();
        attach(HlsClass, prepared);
      })();
    }
    return () => {
      cancelled = true;
      hls.current?.destroy();
      hls.current = null;
    };
  }, [playback.master_url]);

  // The resume position arrived after playback began: seek there once, unless the viewer
  // has already moved past it.
  useEffect(() => {
    const el = video.current;
    if (startAt === null || resumed.current || !el || el.readyState === 0) return;
    resumed.current = true;
    if (startAt > 0 && el.currentTime < startAt) el.currentTime = startAt;
  }, [startAt]);

  // A video still `playable` gets its storyboard when it is `ready`: ask again a few times.
  useEffect(() => {
    if (!playback.storyboard_url) return;
    const base = new URL(playback.storyboard_url, location.href).toString();
    let timer = 0;
    let cancelled = false;
    const load = (attempt: number) => {
      fetch(base)
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
        .then((text) => !cancelled && setFrames(parseStoryboard(text, base)))
        .catch(() => {
          if (!cancelled && attempt < 20) timer = window.setTimeout(() => load(attempt + 1), 3000);
        });
    };
    load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [playback.storyboard_url]);

  // Watch time: only time that actually played counts, not seeks.
  const onTimeUpdate = (e: Event) => {
    const el = e.currentTarget as HTMLVideoElement;
    const now = el.currentTime;
    const step = now - watched.current.last;
    if (!el.paused && step > 0 && step < 2) watched.current.ms += (step / el.playbackRate) * 1000; // wall time spent watching
    watched.current.last = now;
    setTime(now);
  };
  useEffect(() => {
    const timer = setInterval(() => {
      const el = video.current;
      if (el && !el.paused) onProgress?.(el.currentTime * 1000, watched.current.ms, false);
    }, 10000);
    return () => clearInterval(timer);
  }, [onProgress]);

  const togglePlay = () => {
    const el = video.current!;
    if (el.paused) el.play().catch(() => {});
    else el.pause();
  };
  const seekTo = (seconds: number) => {
    const el = video.current!;
    el.currentTime = Math.max(0, Math.min(seconds, el.duration || seconds));
    watched.current.last = el.currentTime;
  };
  const setVol = (v: number) => {
    const el = video.current!;
    el.volume = Math.max(0, Math.min(1, v));
    el.muted = el.volume === 0;
  };
  const chooseLevel = (index: number) => {
    setLevel(index);
    if (hls.current) hls.current.currentLevel = index;
  };
  const chooseSpeed = (value: number) => {
    video.current!.playbackRate = value;
    setSpeed(value);
  };
  const fullscreen = () => (document.fullscreenElement ? document.exitFullscreen() : box.current!.requestFullscreen()).catch(() => {});
  const pip = () => {
    const el = video.current!;
    (document.pictureInPictureElement ? document.exitPictureInPicture() : el.requestPictureInPicture()).catch(() => {});
  };

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.tagName === "SELECT" || (target.tagName === "INPUT" && (target as HTMLInputElement).type !== "range")) return;
    const el = video.current!;
    const k = e.key;
    if (k === " " || k === "k") togglePlay();
    else if (k === "ArrowLeft") seekTo(el.currentTime - 5);
    else if (k === "ArrowRight") seekTo(el.currentTime + 5);
    else if (k === "j") seekTo(el.currentTime - 10);
    else if (k === "l") seekTo(el.currentTime + 10);
    else if (k === "ArrowUp") setVol(el.volume + 0.1);
    else if (k === "ArrowDown") setVol(el.volume - 0.1);
    else if (k === "f") fullscreen();
    else if (k === "m") el.muted = !el.muted;
    else if (k === "t") onTheater?.();
    else if (k === "i") pip();
    else if (k >= "0" && k <= "9" && k.length === 1) seekTo(((el.duration || 0) * Number(k)) / 10);
    else if (k === "<" || k === ">") {
      const i = speeds.indexOf(el.playbackRate);
      chooseSpeed(speeds[Math.max(0, Math.min(speeds.length - 1, (i < 0 ? 3 : i) + (k === ">" ? 1 : -1)))]);
    } else return;
    e.preventDefault();
  };

  const preview = hover && frames.length ? frameAt(frames, hover.time) : undefined;
  return (
    <div ref={box} class={`player${theater ? " theater" : ""}`} tabIndex={0} onKeyDown={onKey} aria-label="Video player">
      <video
        ref={video}
        poster={playback.poster_url ?? undefined}
        playsInline
        onClick={togglePlay}
        onPlay={() => setPlaying(true)}
        onLoadedData={() => onFirstFrame?.()}
        onPause={(e) => { setPlaying(false); onProgress?.(e.currentTarget.currentTime * 1000, watched.current.ms, false); }}
        onEnded={(e) => onProgress?.(e.currentTarget.currentTime * 1000, watched.current.ms, true)}
        onTimeUpdate={onTimeUpdate}
        onDurationChange={(e) => setLength(e.currentTarget.duration || 0)}
        onVolumeChange={(e) => { setVolume(e.currentTarget.volume); setMuted(e.currentTarget.muted); }}
      />
      <div class="controls">
        <button type="button" class="icon" onClick={togglePlay} aria-label={playing ? t("player.pause") : t("player.play")}>
          <Icon name={playing ? "pause" : "play"} />
        </button>
        <div class="seek"
          onMouseMove={(e) => {
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            const x = Math.max(0, Math.min(e.clientX - r.left, r.width));
            setHover({ x, time: (x / r.width) * (length || 0) });
          }}
          onMouseLeave={() => setHover(null)}>
          <input type="range" min={0} max={length || 0} step={0.1} value={time} aria-label={t("player.seek")}
            aria-valuetext={`${duration(time * 1000)} / ${duration(length * 1000)}`}
            onInput={(e) => seekTo(Number((e.target as HTMLInputElement).value))} />
          {preview && hover && (
            <div class="storyboard" data-testid="storyboard-preview" style={{
              left: `${hover.x}px`, width: `${preview.w}px`, height: `${preview.h}px`,
              backgroundImage: `url("${preview.url}")`, backgroundPosition: `-${preview.x}px -${preview.y}px`,
            }}>
              <span>{duration(hover.time * 1000)}</span>
            </div>
          )}
        </div>
        <span class="time" aria-hidden="true">{duration(time * 1000)} / {duration(length * 1000)}</span>
        <button type="button" class="icon" onClick={() => (video.current!.muted = !muted)} aria-label={muted ? t("player.unmute") : t("player.mute")}>
          <Icon name={muted || volume === 0 ? "muted" : "volume"} />
        </button>
        <input type="range" class="volume" min={0} max={1} step={0.05} value={muted ? 0 : volume} aria-label={t("player.volume")}
          onInput={(e) => setVol(Number((e.target as HTMLInputElement).value))} />
        <label class="menu">
          <span class="visually-hidden">{t("player.speed")}</span>
          <select value={speed} onChange={(e) => chooseSpeed(Number((e.target as HTMLSelectElement).value))}>
            {speeds.map((s) => <option value={s}>{s === 1 ? "1×" : `${s}×`}</option>)}
          </select>
        </label>
        <label class="menu">
          <span class="visually-hidden">{t("player.quality")}</span>
          <select value={level} data-playing-level={playingLevel >= 0 && levels[playingLevel] ? levels[playingLevel].height : ""}
            onChange={(e) => chooseLevel(Number((e.target as HTMLSelectElement).value))}>
            <option value={-1}>{t("player.auto")}{level === -1 && playingLevel >= 0 && levels[playingLevel] ? ` (${levels[playingLevel].height}p)` : ""}</option>
            {levels.map((l, i) => <option value={i}>{l.height}p</option>)}
          </select>
        </label>
        <button type="button" class="icon" disabled aria-label={t("player.captions")}><Icon name="cc" /></button>
        {"pictureInPictureEnabled" in document && (
          <button type="button" class="icon" onClick={pip} aria-label={t("player.pip")}><Icon name="pip" /></button>
        )}
        {onTheater && <button type="button" class="icon" onClick={onTheater} aria-pressed={!!theater} aria-label={t("player.theater")}><Icon name="theater" /></button>}
        <button type="button" class="icon" onClick={fullscreen} aria-label={t("player.fullscreen")}><Icon name="fullscreen" /></button>
      </div>
    </div>
  );
}
