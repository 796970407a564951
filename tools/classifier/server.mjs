// Marquee's content classifier: a small HTTP service that answers scanning.classifier_url
// (docs/security.md#the-classifier-protocol) with the NSFW model bundled inside the nsfwjs
// package, run on the CPU by TensorFlow.js's WebAssembly backend. It needs no network, no GPU
// and no native build: `tools/classifier/run` installs it from npm and starts it.
//
//   POST /classify  {"video_id": "…", "frames": [{"at_ms": 1500, "content_type": "image/jpeg",
//                                                  "data": "<base64 JPEG>"}, …]}
//   200             {"model": "nsfwjs/MobileNetV2",
//                    "frames": [{"at_ms": 1500, "labels": {"drawing": 0.01, "hentai": 0.0,
//                                "neutral": 0.97, "porn": 0.01, "sexy": 0.01}}, …]}
//   GET  /health    {"status": "ok", "model": "nsfwjs/MobileNetV2"}
//
// Errors answer {"error": {"code", "message"}}: 400 for a request that breaks the protocol (a
// frame that is not a JPEG names its index), 404, 405, 413 beyond --max-body-bytes, 415 for a
// body that is not JSON, 503 while --max-pending requests already wait.
import http from "node:http";
import { parseArgs } from "node:util";

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import jpeg from "jpeg-js";
import { load } from "nsfwjs";

const MODELS = ["MobileNetV2", "MobileNetV2Mid", "InceptionV3"];
const { values: options } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "8091" }, // 0: any free port (printed when listening)
    model: { type: "string", default: "MobileNetV2" },
    "max-body-bytes": { type: "string", default: String(16 << 20) },
    "max-frames": { type: "string", default: "32" },
    "max-pending": { type: "string", default: "16" },
    "max-megapixels": { type: "string", default: "16" }, // per decoded frame
  },
});
if (!MODELS.includes(options.model)) {
  console.error(`--model must be one of ${MODELS.join(", ")}`);
  process.exit(2);
}
const maxBodyBytes = Number(options["max-body-bytes"]);
const maxFrames = Number(options["max-frames"]);
const maxPending = Number(options["max-pending"]);
const maxMegapixels = Number(options["max-megapixels"]);
const modelName = `nsfwjs/${options.model}`;

// WebAssembly, whose binary ships in the npm package: about 60 ms a frame on one core. The pure
// JavaScript CPU backend (about 20 times slower) is the fallback.
if (!(await tf.setBackend("wasm"))) await tf.setBackend("cpu");
await tf.ready();
const model = await load(options.model);

class ProtocolError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function answer(response, status, body, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > maxBodyBytes) {
      reject(new ProtocolError(413, "payload_too_large", `the body exceeds ${maxBodyBytes} bytes`));
      return;
    }
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new ProtocolError(413, "payload_too_large", `the body exceeds ${maxBodyBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

// The request's frames, checked against the protocol, as decoded RGB pixels.
function decodeFrames(body) {
  let request;
  try {
    request = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ProtocolError(400, "bad_json", "the body is not JSON");
  }
  const frames = request?.frames;
  if (!Array.isArray(frames) || frames.length === 0) {
    throw new ProtocolError(400, "no_frames", "`frames` must be a non-empty array");
  }
  if (frames.length > maxFrames) {
    throw new ProtocolError(400, "too_many_frames", `at most ${maxFrames} frames per request`);
  }
  return frames.map((frame, index) => {
    if (typeof frame?.data !== "string") {
      throw new ProtocolError(400, "bad_frame", `frame ${index}: \`data\` must be a base64 string`);
    }
    if (frame.content_type !== undefined && frame.content_type !== "image/jpeg") {
      throw new ProtocolError(400, "bad_frame", `frame ${index}: only image/jpeg is read`);
    }
    const atMs = Number.isFinite(frame.at_ms) ? frame.at_ms : null;
    let image;
    try {
      image = jpeg.decode(Buffer.from(frame.data, "base64"), {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: maxMegapixels,
        maxMemoryUsageInMB: 4 * maxMegapixels + 16,
      });
    } catch (error) {
      throw new ProtocolError(400, "bad_frame", `frame ${index}: not a readable JPEG (${error.message})`);
    }
    if (!image.width || !image.height || image.data.length !== image.width * image.height * 3) {
      throw new ProtocolError(400, "bad_frame", `frame ${index}: not a readable JPEG`);
    }
    return { atMs, image };
  });
}

async function classify(frames) {
  const results = [];
  for (const { atMs, image } of frames) {
    const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
    try {
      const predictions = await model.classify(pixels, 5);
      const labels = {};
      for (const { className, probability } of predictions) labels[className.toLowerCase()] = probability;
      results.push({ at_ms: atMs, labels });
    } finally {
      pixels.dispose();
    }
  }
  return results;
}

// One classification at a time (the model is single-threaded); the others wait their turn.
let queue = Promise.resolve();
let pending = 0;

const server = http.createServer(async (request, response) => {
  const path = new URL(request.url, "http://classifier").pathname;
  try {
    if (path === "/health") {
      if (request.method !== "GET") throw new ProtocolError(405, "method_not_allowed", "GET /health");
      answer(response, 200, { status: "ok", model: modelName, backend: tf.getBackend() });
      return;
    }
    if (path !== "/classify") throw new ProtocolError(404, "not_found", `no route for ${path}`);
    if (request.method !== "POST") throw new ProtocolError(405, "method_not_allowed", "POST /classify");
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) {
      throw new ProtocolError(415, "unsupported_media_type", "send application/json");
    }
    if (pending >= maxPending) throw new ProtocolError(503, "busy", `${pending} requests are waiting already`);
    pending += 1;
    try {
      const frames = decodeFrames(await readBody(request));
      const turn = queue.then(() => classify(frames));
      queue = turn.catch(() => {});
      answer(response, 200, { model: modelName, frames: await turn });
    } finally {
      pending -= 1;
    }
  } catch (error) {
    if (error instanceof ProtocolError) {
      answer(response, error.status, { error: { code: error.code, message: error.message } },
             error.status === 503 ? { "retry-after": "1" } : {});
    } else {
      console.error(error);
      answer(response, 500, { error: { code: "internal", message: "the classifier failed" } });
    }
  }
});
server.requestTimeout = 60_000;
server.listen(Number(options.port), options.host, () => {
  const { address, port } = server.address();
  console.log(`classifier listening on http://${address}:${port}/classify (${modelName}, ${tf.getBackend()})`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
