// Bundles the web app into a directory Marquee serves (web.dir): index.html (the shell every
// page loads) and assets/ with content-hashed names, each with a gzip twin, plus
// manifest.json (what each file is and weighs; scripts/bench web reads it).
//   node build.mjs --out ../build/release/web [--dev]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, renameSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const out = resolve(outArg >= 0 ? args[outArg + 1] : join(here, "dist"));
const dev = args.includes("--dev");

// Build into a fresh directory beside the target, then swap it in, so a running server's
// directory is never half written.
const staging = `${out}.staging`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, "assets"), { recursive: true });

const result = await build({
  entryPoints: { main: join(here, "src/main.tsx"), boot: join(here, "src/boot.ts") },
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  outdir: join(staging, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[name]-[hash]",
  assetNames: "[name]-[hash]",
  minify: !dev,
  sourcemap: dev ? "linked" : false,
  metafile: true,
  jsx: "automatic",
  jsxImportSource: "preact",
  loader: { ".svg": "file" },
  define: { "process.env.NODE_ENV": dev ? '"development"' : '"production"' },
  legalComments: "external", // the licences of what is bundled, as *.LEGAL.txt beside it
  logLevel: "warning",
});

// The icon is copied under its hash too.
const iconSource = readFileSync(join(here, "src/icon.svg"));
const iconName = `icon-${createHash("sha256").update(iconSource).digest("hex").slice(0, 8)}.svg`;
writeFileSync(join(staging, "assets", iconName), iconSource);

const outputs = result.metafile.outputs;
const files = {};
let mainJs = "";
let bootJs = "";
let mainCss = "";
for (const [path, meta] of Object.entries(outputs)) {
  const name = basename(path);
  const inputs = Object.keys(meta.inputs);
  const kind = inputs.some((i) => i.includes("node_modules/hls.js")) ? "hls.js"
    : inputs.some((i) => i.includes("node_modules/tus-js-client")) ? "tus-js-client"
    : meta.entryPoint ? "entry" : name.endsWith(".css") ? "style" : "chunk";
  const imports = (meta.imports || []).filter((i) => !i.external);
  files[name] = {
    kind: name.endsWith(".LEGAL.txt") ? "licences" : kind,
    bytes: meta.bytes,
    imports: imports.filter((i) => i.kind !== "dynamic-import").map((i) => basename(i.path)),
    dynamic_imports: imports.filter((i) => i.kind === "dynamic-import").map((i) => basename(i.path)),
  };
  if (name.startsWith("main-") && name.endsWith(".js")) mainJs = name;
  if (name.startsWith("boot-") && name.endsWith(".js")) bootJs = name;
  if (name.startsWith("main-") && name.endsWith(".css")) mainCss = name;
}
files[iconName] = { kind: "icon", bytes: iconSource.length, imports: [], dynamic_imports: [] };

// Two shells: index.html for every page, and watch.html for the pages that play (the server
// picks it for /watch/…), which also runs boot.js: an async module that asks for the playback
// and starts hls.js on it without waiting for the app (src/boot.ts). Both preload what the
// main script imports statically; watch.html preloads what boot needs besides (hls.js).
const template = readFileSync(join(here, "src/index.html"), "utf8");
// Boot's own imports (hls.js) at low priority: on a slow link they must not hold back the page.
const preloads = (names, low = []) => [
  ...names.map((n) => `<link rel="modulepreload" href="/assets/${n}">`),
  ...low.map((n) => `<link rel="modulepreload" href="/assets/${n}" fetchpriority="low">`),
].join("\n");
const closure = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of files[name]?.imports ?? []) closure(dep, seen);
  return seen;
};
const mainImports = [...closure(mainJs)].filter((n) => n !== mainJs);
// What boot.js needs: its imports and what it imports dynamically (hls.js), with theirs.
const bootClosure = closure(bootJs);
for (const n of [...bootClosure]) for (const d of files[n].dynamic_imports) closure(d, bootClosure);
const bootImports = [...bootClosure].filter((n) => n !== bootJs && !mainImports.includes(n));
const shell = (boot, extra) => template
  .replaceAll("%MAIN_JS%", `/assets/${mainJs}`)
  .replaceAll("%MAIN_CSS%", `/assets/${mainCss}`)
  .replaceAll("%ICON%", `/assets/${iconName}`)
  .replace("%BOOT%", boot ? `<script type="module" async src="/assets/${boot}"></script>` : "")
  .replace("%PRELOADS%", preloads(mainImports, extra));
writeFileSync(join(staging, "index.html"), shell("", []));
writeFileSync(join(staging, "watch.html"), shell(bootJs, bootImports));

for (const name of readdirSync(join(staging, "assets"))) {
  if (name.endsWith(".gz") || name.endsWith(".map")) continue;
  const path = join(staging, "assets", name);
  const gz = gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(`${path}.gz`, gz);
  if (files[name]) files[name].gzip_bytes = gz.length;
}
writeFileSync(join(staging, "manifest.json"), JSON.stringify({ main: mainJs, boot: bootJs, css: mainCss, files }, null, 2));

rmSync(`${out}.old`, { recursive: true, force: true });
if (existsSync(out)) renameSync(out, `${out}.old`);
renameSync(staging, out);
rmSync(`${out}.old`, { recursive: true, force: true });
console.log(`web: ${Object.keys(files).length} files into ${out}`);
