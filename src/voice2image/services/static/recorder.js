// Press-to-talk recording with MediaRecorder: the microphone opens on press, closes on release.
"use strict";
class PressToTalk {
  constructor(onChunk) {
    this.onChunk = onChunk || null;  // called with each Blob chunk while recording
    this.starting = null;
    this.recorder = null;
    this.stream = null;
    this.chunks = [];
  }
  static mimeType() {
    for (const type of ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(type)) return type;
    }
    return "";
  }
  get active() { return this.starting !== null; }
  start() {
    if (this.starting) return this.starting;
    this.starting = (async () => {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = PressToTalk.mimeType();
      const options = { audioBitsPerSecond: 128000, ...(mimeType ? { mimeType } : {}) };
      this.recorder = new MediaRecorder(this.stream, options);
      this.chunks = [];
      this.recorder.ondataavailable = (event) => {
        if (!event.data || !event.data.size) return;
        this.chunks.push(event.data);
        if (this.onChunk) this.onChunk(event.data);
      };
      this.recorder.start(250);
    })();
    return this.starting;
  }
  // Resolves with the whole recording as one Blob (null if nothing was recorded).
  async stop() {
    if (!this.starting) return null;
    try { await this.starting; } catch (error) { this.starting = null; throw error; }
    const recorder = this.recorder;
    const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
    recorder.stop();
    await stopped;
    this.stream.getTracks().forEach((track) => track.stop());
    this.starting = null;
    if (!this.chunks.length) return null;
    return new Blob(this.chunks, { type: recorder.mimeType });
  }
  // Wire a button: hold (mouse, touch or the space bar) to talk.
  bind(button, onStart, onStop) {
    const down = async (event) => {
      event.preventDefault();
      if (button.disabled || this.active) return;
      button.classList.add("recording");
      try { await this.start(); onStart(); } catch (error) { onStop(null, error); }
    };
    const up = async (event) => {
      event.preventDefault();
      if (!this.active) return;
      button.classList.remove("recording");
      try { onStop(await this.stop(), null); } catch (error) { onStop(null, error); }
    };
    button.addEventListener("pointerdown", down);
    button.addEventListener("pointerup", up);
    button.addEventListener("pointerleave", (event) => { if (this.active) up(event); });
    button.addEventListener("keydown", (event) => { if (event.code === "Space" && !event.repeat) down(event); });
    button.addEventListener("keyup", (event) => { if (event.code === "Space") up(event); });
  }
}
window.PressToTalk = PressToTalk;
