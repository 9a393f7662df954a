// The orchestrator's page: hold to talk, watch the steps (each with its time), edit the
// structured description slot by slot (or as JSON, kept in sync both ways), redraw.
"use strict";
const $ = (id) => document.getElementById(id);
const STEPS = ["listening", "transcribe", "identify", "structure", "enrich", "generate", "done"];
const SCALARS = ["action", "setting", "style", "medium", "composition", "lighting", "mood"];
const LISTS = ["palette", "negative"];
let last = { cleaned: "", speaker: null };
// The description being edited. The form shows the slots; what it does not show (version,
// sources) is kept as it came.
let current = {};

function setStep(step) {
  const at = STEPS.indexOf(step);
  document.querySelectorAll("#steps li").forEach((li) => {
    const index = STEPS.indexOf(li.dataset.step);
    li.className = index < at ? "done" : index === at ? "active" : "";
  });
}
function setTime(step, seconds) {
  const cell = document.querySelector(`#steps li[data-step="${step}"] .time`);
  if (!cell) return;
  if (seconds === null || seconds === undefined) cell.textContent = "";
  else cell.textContent = typeof seconds === "string" ? seconds : `${Number(seconds).toFixed(2)} s`;
}
function clearTimes(steps) { steps.forEach((step) => setTime(step, null)); }
function status(text) { $("status").textContent = text; }
function fail(message) {
  $("error").textContent = message;
  status("failed");
  $("talk").disabled = false;
}

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

// ---- the structured description: form <-> JSON ----
const splitList = (text) => text.split(",").map((part) => part.trim()).filter(Boolean);

function subjectRow(subject) {
  const row = document.createElement("tr");
  row.innerHTML =
    '<td><input class="noun" aria-label="subject" placeholder="e.g. fox"></td>' +
    '<td><input class="count" type="number" min="1" aria-label="count"></td>' +
    '<td><input class="attributes" aria-label="attributes" placeholder="e.g. red, small"></td>' +
    '<td><button type="button" class="remove small" title="remove this subject" aria-label="remove subject">×</button></td>';
  row.querySelector(".noun").value = subject.noun || "";
  row.querySelector(".count").value = subject.count ?? 1;
  row.querySelector(".attributes").value = (subject.attributes || []).join(", ");
  return row;
}

function renderForm(description) {
  const subjects = Array.isArray(description.subjects) ? description.subjects : [];
  $("subjects").tBodies[0].replaceChildren(...subjects.map(subjectRow));
  for (const slot of SCALARS) $(`slot-${slot}`).value = description[slot] ?? "";
  for (const slot of LISTS) {
    const values = description[slot];
    $(`slot-${slot}`).value = Array.isArray(values) ? values.join(", ") : "";
  }
}

function readForm() {
  const subjects = [...$("subjects").tBodies[0].rows]
    .map((row) => ({
      noun: row.querySelector(".noun").value.trim(),
      count: Math.max(1, parseInt(row.querySelector(".count").value, 10) || 1),
      attributes: splitList(row.querySelector(".attributes").value),
    }))
    .filter((subject) => subject.noun);  // a row being filled in joins once it has a noun
  const description = { ...current, subjects };
  for (const slot of SCALARS) description[slot] = $(`slot-${slot}`).value.trim() || null;
  for (const slot of LISTS) description[slot] = splitList($(`slot-${slot}`).value);
  return description;
}

function showJSON() {
  $("description").value = JSON.stringify(current, null, 2);
  $("json-error").textContent = "";
}
function setDescription(description) { current = description; renderForm(current); showJSON(); }
function formEdited() { current = readForm(); showJSON(); }

function parseJSON() {
  let value;
  try { value = JSON.parse($("description").value); } catch (error) {
    return { error: `the description is not valid JSON: ${error.message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { error: "the description must be a JSON object" };
  }
  return { value };
}
function jsonEdited() {
  const parsed = parseJSON();
  if (parsed.error) { $("json-error").textContent = parsed.error; return; }
  $("json-error").textContent = "";
  current = parsed.value;
  renderForm(current);
}

// ---- results ----
function showImage(image, totalSeconds) {
  $("image").src = image.format === "url" ? image.url : `data:image/png;base64,${image.data}`;
  $("image").dataset.sha256 = image.sha256;
  $("image").hidden = false;
  $("placeholder").hidden = true;
  const parts = [`seed ${image.seed}`, image.mode, image.backend, `${image.width}×${image.height}`];
  if (totalSeconds !== undefined) parts.push(`total ${Number(totalSeconds).toFixed(2)} s`);
  $("timings").textContent = parts.join(" · ");
}
function showPrompt(prompt) {
  $("prompt").textContent = prompt.prompt;
  $("negative").textContent = prompt.negative_prompt ? `negative: ${prompt.negative_prompt}` : "";
}

function handle(event) {
  if (event.event === "transcribing") { setStep("transcribe"); status("transcribing…"); }
  else if (event.event === "transcript") {
    const t = event.transcript;
    $("transcript").textContent = t.text;
    const who = t.speaker && t.speaker.name ? `speaker ${t.speaker.name}` : "speaker not identified";
    $("heard").textContent = `${t.language || "?"}, ${t.duration_s.toFixed(1)} s, ${who}`;
    last.speaker = t.speaker ? t.speaker.name : null;
    setTime("transcribe", t.latency_s);
    setTime("identify", t.identify_s ?? "off");
    setStep("structure"); status("structuring…");
  } else if (event.event === "structure") {
    setDescription(event.structure.description);
    last.cleaned = event.structure.cleaned;
    setTime("structure", event.structure.latency_s);
    setStep("enrich"); status("drawing…");
  } else if (event.event === "prompt") {
    showPrompt(event.prompt);
    setTime("enrich", event.prompt.latency_s);
    setStep("generate");
  } else if (event.event === "done") {
    const timings = event.result.timings;
    setTime("generate", timings.generate_s);
    showImage(event.result.image, timings.total_s);
    setStep("done"); status(`done in ${timings.total_s.toFixed(2)} s`);
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

async function redraw() {
  $("error").textContent = "";
  if (!$("description").hidden) {
    const parsed = parseJSON();  // the JSON box is open: it must say what is drawn
    if (parsed.error) { fail(parsed.error); return; }
    current = parsed.value;
  }
  const body = { description: current, cleaned: last.cleaned || "", ...options() };
  if (body.seed !== undefined) body.seed = Number(body.seed);
  if (!body.speaker && last.speaker) body.speaker = last.speaker;
  clearTimes(["enrich", "generate"]);
  setStep("enrich"); status("drawing the edited description…");
  const response = await fetch("/v1/generate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const result = await response.json();
  if (!response.ok) { fail(`${response.status}: ${result.error.message}`); return; }
  showPrompt(result.prompt);
  setTime("enrich", result.prompt.latency_s);
  setTime("generate", result.image.latency_s);
  showImage(result.image, result.prompt.latency_s + result.image.latency_s);
  setStep("done"); status("redrawn from the edited description");
}

const talk = new PressToTalk();
talk.bind($("talk"),
  () => {
    $("error").textContent = "";
    clearTimes(STEPS);
    setStep("listening"); status("listening… release to send");
  },
  (blob, error) => {
    if (error) { fail(`microphone: ${error.message}`); return; }
    if (!blob) { fail("nothing was recorded"); return; }
    $("talk").disabled = true;
    send(blob).catch((e) => fail(e.message));
  });
$("slots").addEventListener("input", formEdited);
$("slots").addEventListener("submit", (event) => event.preventDefault());
$("subjects").addEventListener("click", (event) => {
  const remove = event.target.closest("button.remove");
  if (!remove) return;
  remove.closest("tr").remove();
  formEdited();
});
$("add-subject").addEventListener("click", () => {
  const row = subjectRow({ noun: "", count: 1, attributes: [] });
  $("subjects").tBodies[0].append(row);
  row.querySelector(".noun").focus();
});
$("description").addEventListener("input", jsonEdited);
$("json-toggle").addEventListener("change", (event) => {
  $("description").hidden = !event.target.checked;
  if (event.target.checked) showJSON();
});
$("regenerate").addEventListener("click", () => {
  $("regenerate").disabled = true;
  redraw().catch((e) => fail(e.message)).finally(() => { $("regenerate").disabled = false; });
});
setDescription({});
loadConfig().catch((e) => fail(e.message));
