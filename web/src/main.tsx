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
import { loadHls } from "./components/playerPreload";
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

// A watch page opened directly starts fetching the player before the first render.
if (location.pathname.startsWith("/watch/")) void loadHls().catch(() => {});

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
