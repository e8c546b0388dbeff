// The widgets that capture a file on the visitor's device and upload it as
// file_uploader does: camera_input (a photo from the camera, JPEG) and
// audio_input (a recording from the microphone, 16-bit mono WAV). The value
// is [token] of the upload, or [] once cleared. Same conventions as
// widgets.ts.
import { h, newId, optNum } from "./dom";
import type { El } from "./elements";
import { uploadFile } from "./files";
import { labelRow, setHelp, setLabel, wrap, type Widget, type WidgetCtx, type WidgetFactory } from "./widgets";

/** What both widgets share: label, message, the upload and the value. */
function deviceWidget(el: El, ctx: WidgetCtx, cls: string) {
  const id = newId();
  const { row, label, help } = labelRow(id);
  const msg = h("div", { class: "stark-file-msg", role: "alert" });
  msg.hidden = true;
  const say = (s: string) => {
    msg.textContent = s;
    msg.hidden = s === "";
  };
  let maxBytes: number | null = null;
  let disabled = false;
  let tokens: string[] | null = null;
  let filesKey = "";
  const send = async (blob: Blob, name: string): Promise<boolean> => {
    if (maxBytes !== null && maxBytes > 0 && blob.size > maxBytes) {
      say(`The ${cls === "camera" ? "photo" : "recording"} is too large (${blob.size} bytes; the limit is ${maxBytes}).`);
      return false;
    }
    try {
      const tok = await uploadFile(ctx, blob, name);
      tokens = [tok];
      say("");
      ctx.send(tokens);
      return true;
    } catch (e) {
      say("Upload failed: " + (e instanceof Error ? e.message : String(e)));
      return false;
    }
  };
  const clear = () => {
    tokens = [];
    say("");
    ctx.send([]);
  };
  const update = (el: El, onFiles: (has: boolean) => void) => {
    setLabel(row, label, el);
    setHelp(help, el.help);
    maxBytes = optNum(el.max_bytes);
    disabled = el.disabled === true;
    const files = Array.isArray(el.files) ? el.files : [];
    const key = JSON.stringify(files);
    if (key !== filesKey) {
      filesKey = key;
      tokens = null;
      onFiles(files.length > 0);
    }
  };
  const value = () => (tokens !== null ? tokens.slice() : filesKey === "[]" ? [] : undefined);
  return { id, row, msg, send, clear, update, value, isDisabled: () => disabled };
}

function mediaError(e: unknown): string {
  const name = e instanceof DOMException ? e.name : "";
  if (name === "NotAllowedError") return "The browser was not allowed to use the device.";
  if (name === "NotFoundError") return "No such device was found.";
  return "The device could not be opened: " + (e instanceof Error ? e.message : String(e));
}

function cameraInput(el: El, ctx: WidgetCtx): Widget {
  const w = deviceWidget(el, ctx, "camera");
  const video = h("video", { class: "stark-camera-video", autoplay: "", muted: "", playsinline: "" }) as HTMLVideoElement;
  const photo = h("img", { class: "stark-camera-photo", alt: "The photo taken" }) as HTMLImageElement;
  photo.hidden = true;
  const start = h("button", { type: "button", class: "stark-btn", id: w.id }, "Start camera");
  const take = h("button", { type: "button", class: "stark-btn stark-camera-take" }, "Take photo");
  const again = h("button", { type: "button", class: "stark-btn" }, "Clear photo");
  take.hidden = again.hidden = true;
  let stream: MediaStream | null = null;
  const stop = () => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
  };
  const showLive = async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      photo.hidden = true;
      start.hidden = true;
      take.hidden = false;
      again.hidden = true;
    } catch (e) {
      w.msg.textContent = mediaError(e);
      w.msg.hidden = false;
    }
  };
  start.addEventListener("click", () => void showLive());
  take.addEventListener("click", async () => {
    if (!stream || w.isDisabled()) return;
    const c = document.createElement("canvas");
    c.width = video.videoWidth || 640;
    c.height = video.videoHeight || 480;
    c.getContext("2d")?.drawImage(video, 0, 0, c.width, c.height);
    const blob = await new Promise<Blob | null>((res) => c.toBlob(res, "image/jpeg", 0.9));
    if (!blob) return;
    photo.src = URL.createObjectURL(blob);
    stop();
    video.hidden = true;
    photo.hidden = false;
    take.hidden = true;
    again.hidden = false;
    await w.send(blob, "photo.jpg");
  });
  again.addEventListener("click", () => {
    w.clear();
    photo.hidden = true;
    again.hidden = true;
    void showLive();
  });
  const update = (el: El) => {
    w.update(el, (has) => {
      if (!has && !stream) {
        photo.hidden = true;
        again.hidden = true;
        start.hidden = false;
      }
    });
    start.toggleAttribute("disabled", w.isDisabled());
    take.toggleAttribute("disabled", w.isDisabled());
  };
  update(el);
  video.hidden = true;
  return { node: wrap("stark-camera-w", w.row, video, photo, h("div", { class: "stark-camera-buttons" }, start, take, again), w.msg), update, value: w.value, destroy: stop };
}

/** 16-bit PCM WAV of mono samples at rate. */
export function encodeWav(samples: Float32Array, rate: number): Blob {
  const buf = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(buf);
  const text = (o: number, s: string) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
  text(0, "RIFF");
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    v.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([buf], { type: "audio/wav" });
}

function audioInput(el: El, ctx: WidgetCtx): Widget {
  const w = deviceWidget(el, ctx, "audio");
  const rec = h("button", { type: "button", class: "stark-btn stark-audio-record", id: w.id }, "Record");
  const stopB = h("button", { type: "button", class: "stark-btn stark-audio-stop" }, "Stop");
  const clearB = h("button", { type: "button", class: "stark-btn" }, "Clear recording");
  const player = h("audio", { class: "stark-audio-player", controls: "" }) as HTMLAudioElement;
  stopB.hidden = clearB.hidden = player.hidden = true;
  let stream: MediaStream | null = null;
  let audio: AudioContext | null = null;
  let node: ScriptProcessorNode | null = null;
  let chunks: Float32Array[] = [];
  const release = () => {
    node?.disconnect();
    stream?.getTracks().forEach((t) => t.stop());
    void audio?.close();
    node = null;
    stream = null;
    audio = null;
  };
  rec.addEventListener("click", async () => {
    if (w.isDisabled()) return;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (e) {
      w.msg.textContent = mediaError(e);
      w.msg.hidden = false;
      return;
    }
    audio = new AudioContext();
    const src = audio.createMediaStreamSource(stream);
    node = audio.createScriptProcessor(4096, 1, 1);
    chunks = [];
    node.onaudioprocess = (e) => chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
    src.connect(node);
    node.connect(audio.destination);
    rec.hidden = true;
    stopB.hidden = false;
  });
  stopB.addEventListener("click", async () => {
    const rate = audio?.sampleRate ?? 48000;
    release();
    let n = 0;
    for (const c of chunks) n += c.length;
    const all = new Float32Array(n);
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    const blob = encodeWav(all, rate);
    player.src = URL.createObjectURL(blob);
    player.hidden = false;
    stopB.hidden = true;
    clearB.hidden = false;
    await w.send(blob, "recording.wav");
  });
  clearB.addEventListener("click", () => {
    w.clear();
    player.hidden = true;
    clearB.hidden = true;
    rec.hidden = false;
  });
  const update = (el: El) => {
    w.update(el, (has) => {
      if (!has && !stream) {
        player.hidden = true;
        clearB.hidden = true;
        rec.hidden = false;
      }
    });
    rec.toggleAttribute("disabled", w.isDisabled());
  };
  update(el);
  return { node: wrap("stark-audio-w", w.row, h("div", { class: "stark-audio-buttons" }, rec, stopB, clearB), player, w.msg), update, value: w.value, destroy: release };
}

export const deviceWidgets: Record<string, WidgetFactory> = {
  camera_input: cameraInput,
  audio_input: audioInput,
};
