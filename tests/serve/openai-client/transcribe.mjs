// The official `openai` client against Sori's OpenAI-compatible route.
// Usage: node transcribe.mjs PORT AUDIO_FILE
// Prints one JSON line per response format: json, text, verbose_json (with word and
// segment timestamps). Exits non-zero if any call fails.
import fs from "node:fs";
import OpenAI from "openai";

const [port, file] = process.argv.slice(2);
// SORI_API_KEY: a key from `sori keys create` for a server run with --auth keys.
const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: process.env.SORI_API_KEY ?? "not-needed", maxRetries: 0 });

const json = await client.audio.transcriptions.create({
  file: fs.createReadStream(file), model: "sori", language: "en", response_format: "json",
});
console.log(JSON.stringify({ format: "json", text: json.text }));

const text = await client.audio.transcriptions.create({
  file: fs.createReadStream(file), model: "sori", response_format: "text",
});
console.log(JSON.stringify({ format: "text", text }));

const verbose = await client.audio.transcriptions.create({
  file: fs.createReadStream(file), model: "sori", response_format: "verbose_json",
  timestamp_granularities: ["word", "segment"],
});
console.log(JSON.stringify({
  format: "verbose_json", text: verbose.text, duration: verbose.duration,
  words: verbose.words?.length ?? -1, segments: verbose.segments?.length ?? -1,
}));
