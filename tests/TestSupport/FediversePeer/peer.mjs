// A small fediverse server built on Fedify (an ActivityPub implementation independent of ours), run by the
// Federation and end-to-end tests: node peer.mjs PORT STATE_DIR. It has one account, "peer", whose keys are kept in
// STATE_DIR (so a restart keeps them). Fedify verifies every activity delivered to it (HTTP Signatures,
// the actor's key fetched from its server); only those are recorded. The tests drive it over /control/*.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import {
  Accept, Create, Delete, Endpoints, Follow, Like, Note, Person, PUBLIC_COLLECTION, Tombstone, Undo, Update,
  createFederation, exportJwk, generateCryptoKeyPair, importJwk, MemoryKvStore,
} from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";

// Node.js 20 lacks ArrayBuffer.prototype.transfer (Node 21+), which a dependency of Fedify uses to encode keys.
if (!ArrayBuffer.prototype.transfer) {
  ArrayBuffer.prototype.transfer = function transfer(length = this.byteLength) {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
}

const port = Number(process.argv[2]);
const stateDir = process.argv[3];
const origin = `http://127.0.0.1:${port}`;
const account = "peer";
fs.mkdirSync(stateDir, { recursive: true });

async function loadKeys() {
  const file = path.join(stateDir, "keys.json");
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    return { privateKey: await importJwk(saved.privateKey, "private"), publicKey: await importJwk(saved.publicKey, "public") };
  }
  const pair = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  fs.writeFileSync(file, JSON.stringify({ privateKey: await exportJwk(pair.privateKey), publicKey: await exportJwk(pair.publicKey) }));
  return pair;
}

const keys = await loadKeys();
const received = [];
const follows = new Map();
const likes = new Map();
const notes = new Map();

// Plain http on 127.0.0.1 is allowed here only: this server runs beside the tests on one machine.
const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true });

federation.setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
  if (identifier !== account) return null;
  const pairs = await ctx.getActorKeyPairs(identifier);
  return new Person({
    id: ctx.getActorUri(identifier),
    preferredUsername: identifier,
    name: "A Fedify peer",
    url: new URL(`/@${identifier}`, origin),
    inbox: ctx.getInboxUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: pairs[0].cryptographicKey,
    assertionMethods: pairs.map((pair) => pair.multikey),
  });
}).setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === account ? [keys] : []));

const record = async (_ctx, activity) => {
  received.push(await activity.toJsonLd({ format: "compact" }));
};
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Accept, record).on(Create, record).on(Update, record).on(Delete, record).on(Undo, record).on(Follow, record);

const context = () => federation.createContext(new URL(origin), undefined);

// What the tests ask of it.
const control = {
  "GET /control/health": async () => ({ ok: true, actor: context().getActorUri(account).href }),
  "GET /control/received": async () => received,
  // WebFinger as Mastodon does it, over http (Fedify's own lookup insists on https for acct: URIs).
  "POST /control/discover": async ({ acct }) => {
    const host = acct.replace(/^acct:/, "").split("@").pop();
    const answer = await fetch(`http://${host}/.well-known/webfinger?resource=${encodeURIComponent(acct)}`);
    if (!answer.ok) return { status: answer.status };
    const jrd = await answer.json();
    const self = jrd.links.find((link) => link.rel === "self" && link.type === "application/activity+json");
    const actor = await context().lookupObject(self.href);
    return {
      status: 200, subject: jrd.subject, id: actor.id.href, type: actor.constructor.name, preferredUsername: actor.preferredUsername,
      inbox: actor.inboxId.href, sharedInbox: actor.endpoints?.sharedInbox?.href ?? null, url: actor.url?.href ?? null,
    };
  },
  "POST /control/follow": async ({ actor }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const follow = new Follow({ id: new URL(`/follows/${randomUUID()}`, origin), actor: ctx.getActorUri(account), object: target.id });
    follows.set(actor, follow);
    await ctx.sendActivity({ identifier: account }, target, follow);
    return { followId: follow.id.href };
  },
  "POST /control/undo": async ({ actor }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const undo = new Undo({ id: new URL(`/undos/${randomUUID()}`, origin), actor: ctx.getActorUri(account), object: follows.get(actor) });
    await ctx.sendActivity({ identifier: account }, target, undo);
    return { undone: true };
  },
  "POST /control/like": async ({ actor, object }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const like = new Like({ id: new URL(`/likes/${randomUUID()}`, origin), actor: ctx.getActorUri(account), object: new URL(object) });
    likes.set(object, like);
    await ctx.sendActivity({ identifier: account }, target, like);
    return { likeId: like.id.href };
  },
  "POST /control/unlike": async ({ actor, object }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const undo = new Undo({ id: new URL(`/undos/${randomUUID()}`, origin), actor: ctx.getActorUri(account), object: likes.get(object) });
    await ctx.sendActivity({ identifier: account }, target, undo);
    return { undone: true };
  },
  // A reply as Mastodon sends one: public (to everyone, the replied-to account in cc) unless `direct`, when it is
  // addressed to that account only (a private mention).
  "POST /control/reply": async ({ actor, inReplyTo, content, direct = false }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const id = new URL(`/notes/${randomUUID()}`, origin);
    const audience = direct ? { to: target.id } : { to: PUBLIC_COLLECTION, cc: target.id };
    const note = new Note({ id, attribution: ctx.getActorUri(account), content, replyTarget: new URL(inReplyTo), ...audience });
    notes.set(id.href, { inReplyTo, audience });
    await ctx.sendActivity({ identifier: account }, target, new Create({ id: new URL(`${id.href}/create`), actor: ctx.getActorUri(account), object: note, ...audience }));
    return { noteId: id.href };
  },
  // An edit as Mastodon sends one: an `Update` of the whole note, with its new content and `updated` time
  // (`updated`: an ISO 8601 instant, now unless given).
  "POST /control/edit-note": async ({ actor, noteId, content, updated }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const { inReplyTo, audience } = notes.get(noteId);
    const note = new Note({
      id: new URL(noteId), attribution: ctx.getActorUri(account), content, replyTarget: new URL(inReplyTo),
      updated: Temporal.Instant.from(updated ?? new Date().toISOString()), ...audience,
    });
    const update = new Update({ id: new URL(`${noteId}/edits/${randomUUID()}`), actor: ctx.getActorUri(account), object: note, ...audience });
    await ctx.sendActivity({ identifier: account }, target, update);
    return { updateId: update.id.href };
  },
  "POST /control/delete-note": async ({ actor, noteId }) => {
    const ctx = context();
    const target = await ctx.lookupObject(actor);
    const tombstone = new Tombstone({ id: new URL(noteId) });
    await ctx.sendActivity({ identifier: account }, target,
      new Delete({ id: new URL(`${noteId}/delete`), actor: ctx.getActorUri(account), object: tombstone, to: PUBLIC_COLLECTION }));
    return { deleted: true };
  },
};

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, origin);
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const handler = control[`${req.method} ${url.pathname}`];
    if (handler) {
      const answer = await handler(body.length ? JSON.parse(body.toString("utf8")) : {});
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const request = new Request(url, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
    const response = await federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => new Response("Not found", { status: 404 }),
      onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(`${error?.stack ?? error}${error?.cause ? `\ncaused by: ${error.cause.stack ?? error.cause}` : ""}`);
  }
});
server.listen(port, "127.0.0.1", () => console.log(`fediverse peer listening on ${origin}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
