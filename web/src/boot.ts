// The watch page's boot script (watch.html loads it as an async module beside main.js). The
// first frame waits on a chain (the playback answer, hls.js, the master playlist, the media
// playlists, the first segments) that needs none of the app, so this small module starts it
// on its own as soon as it arrives: it asks for the video and its playback, and hls.js
// (already downloading: watch.html preloads it) creates its instance and loads the master
// playlist as soon as both are in — whether the app's main script has run yet or not. The
// app takes what this started (components/playerPreload.ts).
import { loadHls, startWatchPage } from "./components/playerPreload";

startWatchPage(location.pathname);
void loadHls().catch(() => {});
