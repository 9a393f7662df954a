// The meeting page: join a room over a WebSocket, stream each utterance while speaking, and
// watch the shared scene, who changed what, and the redrawn picture.
"use strict";
const $ = (id) => document.getElementById(id);
let socket = null;
let endedAt = null;
window.meetingUpdates = [];  // every update received (tests read it)

function status(text) { $("status").textContent = text; }
function describe(value) {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "object" && !Array.isArray(value) && value.noun) {
    return [value.count > 1 ? value.count : "", ...(value.attributes || []), value.noun].filter(Boolean).join(" ");
  }
  return Array.isArray(value) ? value.join(", ") || "∅" : String(value);
}

function show(message) {
  $("participants").textContent = (message.participants || []).join(", ") || "—";
  if (message.scene) $("scene").textContent = JSON.stringify(message.scene, null, 2);
  if (message.version !== undefined) $("version").textContent = `version ${message.version}`;
}

function onUpdate(message) {
  window.meetingUpdates.push(message);
  show(message);
  const item = document.createElement("li");
  const said = document.createElement("div");
  said.innerHTML = `<span class="by"></span>: “<span class="said"></span>”`;
  said.querySelector(".by").textContent = message.by;
  said.querySelector(".said").textContent = message.transcript;
  item.append(said);
  const list = document.createElement("ul");
  for (const change of message.changes) {
    const entry = document.createElement("li");
    entry.className = "change";
    entry.textContent = `${change.slot}: ${describe(change.before)} → ${describe(change.after)} (by ${change.by})`;
    list.append(entry);
  }
  if (!message.changes.length) list.innerHTML = "<li class='muted'>no change</li>";
  item.append(list);
  $("changes").prepend(item);
  if (message.changed) {
    $("frame").src = `data:image/png;base64,${message.image}`;
    $("prompt").textContent = message.prompt;
    const server = message.latency.end_of_speech_to_image_s;
    const mine = endedAt !== null && message.participant === $("name").value ? (performance.now() - endedAt) / 1000 : null;
    $("latency").textContent = `end of speech → new image: ${server.toFixed(2)} s on the server` +
      (mine !== null ? `, ${mine.toFixed(2)} s here` : "") + ` (${message.mode})`;
  }
  if (message.participant === $("name").value) { endedAt = null; $("talk").disabled = false; }
  status(message.changed ? `version ${message.version}: ${message.by} changed ${message.changes.length} slot(s)` : `${message.by}: nothing new`);
}

function join() {
  if (socket) socket.close();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/v1/meeting/${encodeURIComponent($("room").value)}?name=${encodeURIComponent($("name").value)}`;
  socket = new WebSocket(url);
  socket.onopen = () => { status("connected"); $("talk").disabled = false; $("reset").disabled = false; };
  socket.onclose = () => { status("disconnected"); $("talk").disabled = true; };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "update") onUpdate(message);
    else if (message.type === "status") status(`${message.stage} (${message.by})…`);
    else if (message.type === "error") { $("error").textContent = `${message.status}: ${message.message}`; $("talk").disabled = false; }
    else if (message.type === "reset") { $("changes").replaceChildren(); $("frame").removeAttribute("src"); show(message); status(`new scene (${message.by})`); }
    else show(message);
  };
}

// Each chunk goes out while the speaker is still talking; "end" marks the end of speech.
const talk = new PressToTalk((chunk) => { if (socket && socket.readyState === 1) socket.send(chunk); });
talk.bind($("talk"),
  () => { $("error").textContent = ""; socket.send(JSON.stringify({ type: "start" })); status("listening… release to send"); },
  (blob, error) => {
    if (error) { $("error").textContent = `microphone: ${error.message}`; return; }
    endedAt = performance.now();
    $("talk").disabled = true;
    socket.send(JSON.stringify({ type: "end" }));
    status("sent; waiting for the picture…");
  });
$("join").addEventListener("click", join);
$("reset").addEventListener("click", () => socket && socket.send(JSON.stringify({ type: "reset" })));
const params = new URLSearchParams(location.search);
if (params.get("room")) $("room").value = params.get("room");
if (params.get("name")) { $("name").value = params.get("name"); join(); }
