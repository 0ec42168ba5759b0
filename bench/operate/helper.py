#!/usr/bin/env python3
"""Helpers for bench/operate_bench.sh (standard library only).

  manifest OUT FSDD SPEAKERS LO HI          NeMo JSONL manifest of FSDD takes LO..HI-1
  clips OUT FSDD SPEAKERS LO HI SEED        the same takes as a shuffled list of paths
  noisy LIST OUTDIR SNR_DB SEED             white noise at SNR_DB per clip (PCM16 WAV)
  concat OUT SECONDS FSDD                   FSDD takes joined into one clip of ~SECONDS
  loadtest ROWS LABEL OUTPUT                append `sori loadtest`'s result line to ROWS
  table TSV                                 print a tab-separated file as aligned columns
  drift JSON PHASE ROWS                     append per-feature PSI of GET /v1/monitor/drift
  drift_table ROWS                          feature x phase table of PSI (and window means)
"""
import array
import glob
import json
import math
import os
import random
import sys
import wave

WORDS = "zero one two three four five six seven eight nine".split()


def fsdd_takes(fsdd, speakers, lo, hi):
    speakers = speakers.split(",")
    out = []
    for path in sorted(glob.glob(os.path.join(fsdd, "*.wav"))):
        digit, speaker, take = os.path.basename(path)[:-4].split("_")
        if speaker in speakers and lo <= int(take) < hi:
            out.append((path, WORDS[int(digit)]))
    return out


def read_pcm16(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        rate = w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return rate, samples


def write_pcm16(path, rate, samples):
    data = array.array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


def cmd_manifest(out, fsdd, speakers, lo, hi):
    with open(out, "w") as f:
        for path, text in fsdd_takes(fsdd, speakers, int(lo), int(hi)):
            with wave.open(path) as w:
                duration = w.getnframes() / w.getframerate()
            f.write(json.dumps({"audio_filepath": path, "duration": round(duration, 4), "text": text}) + "\n")


def cmd_clips(out, fsdd, speakers, lo, hi, seed):
    paths = [p for p, _ in fsdd_takes(fsdd, speakers, int(lo), int(hi))]
    random.Random(int(seed)).shuffle(paths)
    with open(out, "w") as f:
        f.write("".join(p + "\n" for p in paths))


def cmd_noisy(clip_list, outdir, snr_db, seed):
    rng = random.Random(int(seed))
    snr_db = float(snr_db)
    os.makedirs(outdir, exist_ok=True)
    for path in open(clip_list).read().split():
        rate, x = read_pcm16(path)
        # FSDD takes are trimmed of silence, so the whole take's power is the speech's.
        power = sum(float(v) * v for v in x) / max(1, len(x))
        sigma = math.sqrt(power / 10 ** (snr_db / 10))
        y = [max(-32768, min(32767, int(round(v + rng.gauss(0, sigma))))) for v in x]
        write_pcm16(os.path.join(outdir, os.path.basename(path)), rate, y)


def cmd_concat(out, seconds, fsdd):
    takes = [p for p, _ in fsdd_takes(fsdd, "jackson,nicolas,theo,yweweler", 0, 5)]
    random.Random(1).shuffle(takes)
    joined, rate = array.array("h"), None
    for path in takes:
        r, x = read_pcm16(path)
        rate = rate or r
        joined.extend(x)
        if len(joined) >= float(seconds) * rate:
            break
    write_pcm16(out, rate, joined[: int(float(seconds) * rate)])


def cmd_loadtest(rows, label, output):
    # sori loadtest's last line: concurrency requests req/s audio-s/s p50 p95 p99 errors
    line = [l for l in open(output).read().splitlines() if l.strip()][-1].split()
    conc, requests, rps, audio, p50, p95, p99, errors = line[:8]
    with open(rows, "a") as f:
        f.write("\t".join([label, conc, requests, rps, p50, p95, p99, errors]) + "\n")


def render(rows):
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(max(map(len, rows)))]

    def numeric(s):
        try:
            float(s.replace(",", "").rstrip("%x").split()[0])
            return True
        except (ValueError, IndexError):
            return s in ("-", "nan")

    for n, r in enumerate(rows):
        cells = []
        for i, c in enumerate(r):
            right = n > 0 and i > 0 and numeric(c)
            cells.append(c.rjust(widths[i]) if right else c.ljust(widths[i]))
        print("  " + "  ".join(cells).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def cmd_table(tsv):
    render([l.rstrip("\n").split("\t") for l in open(tsv) if l.strip()])


def cmd_drift(report, phase, rows):
    doc = json.load(open(report))
    with open(rows, "a") as f:
        for m in doc["models"]:
            for feat in m["features"]:
                f.write(json.dumps({"phase": phase, "window": m["window"], **feat}) + "\n")


def cmd_drift_table(rows):
    recs = [json.loads(l) for l in open(rows) if l.strip()]
    phases = list(dict.fromkeys(r["phase"] for r in recs))
    features = list(dict.fromkeys(r["feature"] for r in recs))
    by = {(r["phase"], r["feature"]): r for r in recs}

    def fmt(v, d):
        return "-" if v is None else f"{v:.{d}f}"

    table = [["feature", "baseline mean"] + [f"{p}: PSI" for p in phases] + [f"{p}: mean" for p in phases]]
    for feat in features:
        first = by[(phases[0], feat)]
        decimals = 3 if abs(first["baseline_mean"] or 0) < 100 else 0
        table.append([feat, fmt(first["baseline_mean"], decimals)]
                     + [fmt(by[(p, feat)]["psi"], 3) for p in phases]
                     + [fmt(by[(p, feat)]["window_mean"], decimals) for p in phases])
    render(table)


if __name__ == "__main__":
    globals()["cmd_" + sys.argv[1]](*sys.argv[2:])
