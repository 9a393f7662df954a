// The orchestrator's page: hold to talk, watch the steps, edit the description, re-generate.
"use strict";
const $ = (id) => document.getElementById(id);
let last = { cleaned: "", speaker: null };

function setStep(step) {
  const order = ["listening", "transcribing", "structure", "prompt", "done"];
  const at = order.indexOf(step);
  document.querySelectorAll("#steps li").forEach((li) => {
    const index = order.indexOf(li.dataset.step);
    li.className = index < at ? "done" : index === at ? (step === "done" ? "done" : "active") : "";
  });
}
function status(text) { $("status").textContent = text; }
function fail(message) { $("error").textContent = message; status("failed"); $("talk").disabled = false; }

function fill(select, values, keepFirst) {
  const first = keepFirst ? [select.options[0]] : [];
  select.replaceChildren(...first);
  for (const value of values) select.add(new Option(value, value));
}

async function loadConfig() {
  const response = await fetch("/v1/config");
  if (response.status === 503) { setTimeout(loadConfig, 1000); return; }
  const config = await response.json();
  if (!response.ok) { fail(config.error.message); return; }
  fill($("speaker"), config.speakers, true);
  fill($("preset"), config.presets, true);
  fill($("backend"), config.backends, false);
  $("backend").value = config.default_backend || "";
  $("talk").disabled = false;
  $("regenerate").disabled = false;
  status(`ready: ${config.asr} → ${config.structurer} → ${config.enricher} → ${config.default_backend}`);
}

function options() {
  const chosen = { speaker: $("speaker").value, preset: $("preset").value, backend: $("backend").value, seed: $("seed").value };
  return Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== ""));
}

function showImage(image, timings) {
  $("image").src = image.format === "url" ? image.url : `data:image/png;base64,${image.data}`;
  $("image").dataset.sha256 = image.sha256;
  const parts = Object.entries(timings || {}).map(([key, value]) => `${key} ${Number(value).toFixed(2)}`);
  $("timings").textContent = `seed ${image.seed}, ${image.mode}, ${image.backend}, ${image.width}×${image.height}` +
    (parts.length ? ` — ${parts.join(", ")}` : "");
}
function showPrompt(prompt) {
  $("prompt").textContent = prompt.prompt;
  $("negative").textContent = prompt.negative_prompt ? `negative: ${prompt.negative_prompt}` : "";
}

function handle(event) {
  if (event.event === "transcribing") { setStep("transcribing"); status("transcribing…"); }
  else if (event.event === "transcript") {
    const t = event.transcript;
    $("transcript").textContent = t.text;
    const who = t.speaker && t.speaker.name ? `speaker ${t.speaker.name}` : "speaker not identified";
    $("heard").textContent = `${t.language || "?"}, ${t.duration_s.toFixed(1)} s, ${who}`;
    last.speaker = t.speaker ? t.speaker.name : null;
    setStep("structure"); status("structuring…");
  } else if (event.event === "structure") {
    $("description").value = JSON.stringify(event.structure.description, null, 2);
    last.cleaned = event.structure.cleaned;
    setStep("prompt"); status("drawing…");
  } else if (event.event === "prompt") { showPrompt(event.prompt); }
  else if (event.event === "done") {
    showImage(event.result.image, event.result.timings);
    setStep("done"); status(`done in ${event.result.timings.total_s.toFixed(2)} s`);
  } else if (event.event === "error") { fail(`${event.status}: ${event.error.message}`); }
}

async function send(blob) {
  const form = new FormData();
  form.append("audio", blob, "speech.webm");
  for (const [key, value] of Object.entries(options())) form.append(key, value);
  const response = await fetch("/v1/process?stream=true", { method: "POST", body: form });
  if (!response.ok) { const body = await response.json(); fail(`${response.status}: ${body.error.message}`); return; }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) handle(JSON.parse(line));
    }
  }
  $("talk").disabled = false;
}

async function regenerate() {
  $("error").textContent = "";
  let description;
  try { description = JSON.parse($("description").value); } catch (error) { fail(`the description is not valid JSON: ${error.message}`); return; }
  const body = { description, cleaned: last.cleaned || "", ...options() };
  if (body.seed !== undefined) body.seed = Number(body.seed);
  if (!body.speaker && last.speaker) body.speaker = last.speaker;
  setStep("prompt"); status("drawing the edited description…");
  const response = await fetch("/v1/generate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const result = await response.json();
  if (!response.ok) { fail(`${response.status}: ${result.error.message}`); return; }
  showPrompt(result.prompt);
  showImage(result.image, {});
  setStep("done"); status("re-generated from the edited description");
}

const talk = new PressToTalk();
talk.bind($("talk"),
  () => { $("error").textContent = ""; setStep("listening"); status("listening… release to send"); },
  (blob, error) => {
    if (error) { fail(`microphone: ${error.message}`); return; }
    if (!blob) { fail("nothing was recorded"); return; }
    $("talk").disabled = true;
    send(blob).catch((e) => fail(e.message));
  });
$("regenerate").addEventListener("click", () => regenerate().catch((e) => fail(e.message)));
loadConfig().catch((e) => fail(e.message));
