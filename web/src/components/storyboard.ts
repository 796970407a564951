// The storyboard WebVTT (cues naming a region of a sprite sheet: sprite.jpg#xywh=x,y,w,h),
// read into frames the seek bar shows on hover.
export type StoryboardFrame = { start: number; end: number; url: string; x: number; y: number; w: number; h: number };

function seconds(stamp: string): number {
  const parts = stamp.trim().split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function parseStoryboard(vtt: string, base: string): StoryboardFrame[] {
  const frames: StoryboardFrame[] = [];
  const lines = vtt.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const arrow = lines[i].indexOf("-->");
    if (arrow < 0) continue;
    const target = (lines[i + 1] ?? "").trim();
    const hash = target.indexOf("#xywh=");
    if (hash < 0) continue;
    const [x, y, w, h] = target.slice(hash + 6).split(",").map(Number);
    if ([x, y, w, h].some((n) => !Number.isFinite(n))) continue;
    frames.push({
      start: seconds(lines[i].slice(0, arrow)),
      end: seconds(lines[i].slice(arrow + 3)),
      url: new URL(target.slice(0, hash), base).toString(),
      x, y, w, h,
    });
  }
  return frames;
}

export function frameAt(frames: StoryboardFrame[], time: number): StoryboardFrame | undefined {
  return frames.find((f) => time >= f.start && time < f.end) ?? frames[frames.length - 1];
}
