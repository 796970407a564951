#!/usr/bin/env node
// The reference side of `scripts/bench s3`: the same puts and gets as Marquee's blob-bench
// driver, with @aws-sdk/client-s3 as a Node user writes them, against the same S3 server.
// Prints one JSON line, the same shape as blob-bench's (cpu_s: this process's user+sys CPU
// over the timed loop). Talks to the given (loopback)
// endpoint only; every request is bounded by the SDK's own timeouts and the caller's.
//
//   node sdk.mjs --endpoint URL --bucket B --op put|get|put-file|get-file --size BYTES --count N
//                [--parallel 8] [--prefix bench] [--scratch-dir /tmp]
//                [--put single|multipart] [--part-size-mib 8] [--queue-size 4]
//                [--checksums when-required|when-supported]
//
//   put       PutObject with the bytes in a Buffer (--put single), or lib-storage's
//             Upload of that Buffer (--put multipart: parts of --part-size-mib, --queue-size
//             at once; a body of one part or less is sent by Upload as one PutObject)
//   put-file  the same with fs.createReadStream(file) and its ContentLength
//   get       GetObject, the body collected into one Buffer (transformToByteArray)
//   get-file  GetObject, the body piped into a temp file beside the target, then renamed
//
// --checksums: the client's requestChecksumCalculation. when-required (the default here) is
// what a user of an S3-compatible store other than AWS sets: with the SDK's own default
// (when-supported) a streamed PutObject goes out as aws-chunked with a trailing CRC32, which
// s3rver (like several other stores) stores as is, so the object read back differs.
//
// Inputs are made before the clock starts; gets check every byte (get: in the timed loop,
// as blob-bench does; get-file: after the clock).
import { createCipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';

import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

function die(message) {
  process.stderr.write(`sdk.mjs: ${message}\n`);
  process.exit(1);
}

const a = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!argv[i].startsWith('--') || argv[i + 1] === undefined) die(`bad argument ${argv[i]}`);
  a[argv[i].slice(2)] = argv[i + 1];
}
for (const k of ['endpoint', 'bucket', 'op', 'size', 'count']) if (!a[k]) die(`--${k} is required`);
const op = a.op;
if (!['put', 'get', 'put-file', 'get-file'].includes(op)) die('--op must be put, get, put-file or get-file');
const size = Number(a.size);
const count = Number(a.count);
const parallel = Number(a.parallel || 8);
const prefix = a.prefix || 'bench';
const scratch = a['scratch-dir'] || '/tmp';
const putMode = a.put || 'single';
const partSize = Number(a['part-size-mib'] || 8) * 1024 * 1024;
const queueSize = Number(a['queue-size'] || 4);
if (!['single', 'multipart'].includes(putMode)) die('--put must be single or multipart');
const checksums = a.checksums || 'when-required';
if (!['when-required', 'when-supported'].includes(checksums)) die('--checksums must be when-required or when-supported');

// The same bytes for an index on put and get: AES-CTR of zeros under a key from the index.
function contentFor(index) {
  const key = createHash('sha256').update(`blob-bench ${index}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

const s3 = new S3Client({
  endpoint: a.endpoint,
  region: a.region || 'us-east-1',
  forcePathStyle: true,
  requestChecksumCalculation: checksums === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
});

const put = op.startsWith('put');
const files = op.endsWith('-file');
const contents = [];
const paths = [];
for (let i = 0; i < count; i++) {
  contents.push(contentFor(i));
  paths.push(path.join(scratch, `sdk-bench-${process.pid}-${i}`));
  if (files && put) fs.writeFileSync(paths[i], contents[i]);
}

async function one(i) {
  const Key = `${prefix}/${i}`;
  const Bucket = a.bucket;
  if (put) {
    const Body = files ? fs.createReadStream(paths[i], { highWaterMark: 1 << 20 }) : contents[i];
    if (putMode === 'multipart') {
      await new Upload({ client: s3, params: { Bucket, Key, Body, ContentType: 'application/octet-stream' }, partSize, queueSize, leavePartsOnError: false }).done();
    } else {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength: size, ContentType: 'application/octet-stream' }));
    }
    return;
  }
  const res = await s3.send(new GetObjectCommand({ Bucket, Key }));
  if (op === 'get') {
    const body = Buffer.from(await res.Body.transformToByteArray());
    if (!body.equals(contents[i])) throw new Error(`${Key}: the bytes read differ (${body.length} bytes)`);
  } else {
    const temp = `${paths[i]}.part`;
    await pipeline(res.Body, fs.createWriteStream(temp));
    fs.renameSync(temp, paths[i]);
  }
}

let next = 0;
async function worker() {
  for (let i = next++; i < count; i = next++) await one(i);
}

try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (files) {
    for (let i = 0; i < count; i++) {
      if (op === 'get-file' && !fs.readFileSync(paths[i]).equals(contents[i])) throw new Error(`downloaded file ${i} differs`);
      fs.rmSync(paths[i], { force: true });
    }
  }
  const bytes = size * count;
  process.stdout.write(`${JSON.stringify({ op, size, count, parallel, put: put ? putMode : undefined, checksums, bytes, seconds, mb_per_s: bytes / 1e6 / seconds, cpu_s: (cpu.user + cpu.system) / 1e6 })}\n`);
  s3.destroy();
  process.exit(0);
} catch (error) {
  for (const p of paths) fs.rmSync(p, { force: true });
  die(error.stack || String(error));
}
