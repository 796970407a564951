import { render } from "preact";
import { useEffect } from "preact/hooks";
import "./styles.css";
import { Header } from "./components/Header";
import { loadMe } from "./lib/session";
import { currentLocation, match } from "./lib/router";
import { useObservable } from "./lib/store";
import "./lib/theme";
import { t } from "./i18n";
import { Home, Trending, Subscriptions } from "./pages/Feeds";
import { Watch } from "./pages/Watch";
import { loadHls, prefetchPlayback } from "./components/playerPreload";
import { SignIn, SignUp } from "./pages/Auth";
import { Setup } from "./pages/Setup";
import { Upload } from "./pages/Upload";
import { Studio } from "./pages/Studio";
import { Analytics } from "./pages/Analytics";
import { Creator, CreatorProject } from "./pages/Creator";
import { Search } from "./pages/Search";
import { Channel } from "./pages/Channel";
import { Reels } from "./pages/Reels";
import { Notifications } from "./pages/Notifications";
import { Moderation } from "./pages/Moderation";
import { AccountPage } from "./pages/Account";
import { Blocked, History, Liked, PlaylistPage, Playlists, SubscribedChannels } from "./pages/Library";
import { AdminAudit, AdminDmca, AdminDmcaNotice, AdminHome, AdminJobs, AdminSettings, AdminUsers } from "./pages/Admin";

// A watch page opened directly starts the player and asks for its playback before the first
// render (its shell, watch.html, has already begun downloading hls.js).
const watched = match("/watch/:id", location.pathname);
if (watched) {
  void loadHls().catch(() => {});
  prefetchPlayback(watched.id);
}

type Page = (props: { params: Record<string, string>; query: URLSearchParams }) => preact.JSX.Element;

const routes: [string, Page][] = [
  ["/", Home],
  ["/trending", Trending],
  ["/subscriptions", Subscriptions],
  ["/watch/:id", Watch],
  ["/reels", Reels],
  ["/search", Search],
  ["/signin", SignIn],
  ["/signup", SignUp],
  ["/setup", Setup],
  ["/upload", Upload],
  ["/studio", Studio],
  ["/studio/videos/:id", Analytics],
  ["/studio/creator", Creator],
  ["/studio/projects/:id", CreatorProject],
  ["/notifications", Notifications],
  ["/moderation", Moderation],
  ["/c/:username", Channel],
  ["/account", AccountPage],
  ["/history", History],
  ["/playlists", Playlists],
  ["/playlists/:id", PlaylistPage],
  ["/liked", Liked],
  ["/subscriptions/channels", SubscribedChannels],
  ["/blocked", Blocked],
  ["/admin", AdminHome],
  ["/admin/users", AdminUsers],
  ["/admin/jobs", AdminJobs],
  ["/admin/settings", AdminSettings],
  ["/admin/audit", AdminAudit],
  ["/admin/dmca", AdminDmca],
  ["/admin/dmca/:id", AdminDmcaNotice],
];

function NotFound() {
  return <main id="main" class="page"><h1>{t("error.notFound")}</h1></main>;
}

function App() {
  const where = useObservable(currentLocation);
  useEffect(() => {
    loadMe().catch(() => {});
  }, []);
  let page: preact.JSX.Element = <NotFound />;
  for (const [pattern, Component] of routes) {
    const params = match(pattern, where.path);
    if (params) {
      page = <Component params={params} query={where.query} />;
      break;
    }
  }
  return (
    <>
      <Header />
      {page}
    </>
  );
}

render(<App />, document.getElementById("app")!);
