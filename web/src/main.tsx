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
import { startWatchPage } from "./components/playerPreload";
import { lazyPage, type Page } from "./components/LazyPage";

// Every page but the feeds and the watch page loads its code when first visited: the main
// script, which every page waits for (the watch page's first frame too), stays small.
const SignIn = lazyPage(() => import("./pages/Auth").then((m) => m.SignIn));
const SignUp = lazyPage(() => import("./pages/Auth").then((m) => m.SignUp));
const Setup = lazyPage(() => import("./pages/Setup").then((m) => m.Setup));
const Search = lazyPage(() => import("./pages/Search").then((m) => m.Search));
const Channel = lazyPage(() => import("./pages/Channel").then((m) => m.Channel));
const Reels = lazyPage(() => import("./pages/Reels").then((m) => m.Reels));
const Upload = lazyPage(() => import("./pages/Upload").then((m) => m.Upload));
const Studio = lazyPage(() => import("./pages/Studio").then((m) => m.Studio));
const Analytics = lazyPage(() => import("./pages/Analytics").then((m) => m.Analytics));
const EditVideo = lazyPage(() => import("./pages/StudioEdit").then((m) => m.EditVideo));
const Creator = lazyPage(() => import("./pages/Creator").then((m) => m.Creator));
const CreatorProject = lazyPage(() => import("./pages/Creator").then((m) => m.CreatorProject));
const Notifications = lazyPage(() => import("./pages/Notifications").then((m) => m.Notifications));
const Moderation = lazyPage(() => import("./pages/Moderation").then((m) => m.Moderation));
const AccountPage = lazyPage(() => import("./pages/Account").then((m) => m.AccountPage));
const History = lazyPage(() => import("./pages/Library").then((m) => m.History));
const Playlists = lazyPage(() => import("./pages/Library").then((m) => m.Playlists));
const PlaylistPage = lazyPage(() => import("./pages/Library").then((m) => m.PlaylistPage));
const Liked = lazyPage(() => import("./pages/Library").then((m) => m.Liked));
const SubscribedChannels = lazyPage(() => import("./pages/Library").then((m) => m.SubscribedChannels));
const Blocked = lazyPage(() => import("./pages/Library").then((m) => m.Blocked));
const AdminHome = lazyPage(() => import("./pages/Admin").then((m) => m.AdminHome));
const AdminUsers = lazyPage(() => import("./pages/Admin").then((m) => m.AdminUsers));
const AdminJobs = lazyPage(() => import("./pages/Admin").then((m) => m.AdminJobs));
const AdminSettings = lazyPage(() => import("./pages/Admin").then((m) => m.AdminSettings));
const AdminAudit = lazyPage(() => import("./pages/Admin").then((m) => m.AdminAudit));
const AdminDmca = lazyPage(() => import("./pages/Admin").then((m) => m.AdminDmca));
const AdminDmcaNotice = lazyPage(() => import("./pages/Admin").then((m) => m.AdminDmcaNotice));
const AdminCreditPacks = lazyPage(() => import("./pages/AdminMore").then((m) => m.AdminCreditPacks));
const AdminMusic = lazyPage(() => import("./pages/AdminMore").then((m) => m.AdminMusic));
const AdminFingerprints = lazyPage(() => import("./pages/AdminMore").then((m) => m.AdminFingerprints));
const AdminSearch = lazyPage(() => import("./pages/AdminMore").then((m) => m.AdminSearch));
const CreditsPage = lazyPage(() => import("./pages/AccountBilling").then((m) => m.CreditsPage));

// A watch page opened directly asks for its video and playback before the first render,
// unless boot.ts (watch.html) has already.
startWatchPage(location.pathname);

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
  ["/studio/videos/:id/edit", EditVideo],
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
  ["/admin/credit-packs", AdminCreditPacks],
  ["/admin/music", AdminMusic],
  ["/admin/fingerprints", AdminFingerprints],
  ["/admin/search", AdminSearch],
  ["/studio/credits", CreditsPage],
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
