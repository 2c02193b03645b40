#!/usr/bin/python3
"""Phantom frames for training, made by Angiomark's own phantom generator: the frame of each
phantom's lesion as an 8-bit PNG (dcmj2pnm, min-max window) and the lumen mask of its stenosed
segment (the generator's truth), so that the network also knows the project's synthetic renal
and coronary runs (a network that has seen only ARCADE's coronary frames misses their smooth,
wide renal stenoses).

  /usr/bin/python3 training/stenosis/phantoms.py --cli _build/app/cli/angiomark-cli \\
      --out DIR --count 120

Seeds 100000 + i: none of them is a seed of the tests or benchmarks (tests/angio-test-accuracy.c
uses seeds below 1000). Returns nothing; DIR/phantoms.json lists the frames."""
import argparse
import json
import os
import random
import subprocess

import numpy as np
from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=120)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    listing = []
    for i in range(args.count):
        seed = 100000 + i
        rnd = random.Random(seed)
        kind = "coronary" if i % 3 == 2 else "renal"
        base = os.path.join(args.out, f"p{seed}")
        cmd = [args.cli, "phantom", "--out", base + ".dcm", "--truth", base + ".json",
               "--seed", str(seed), "--kind", kind, "--frames", "24",
               "--size", "1024" if i % 8 == 7 else "512",
               "--ds", str(rnd.choice([25, 35, 45, 55, 65, 75, 85])),
               "--position", "%.2f" % rnd.uniform(0.2, 0.8),
               "--eccentricity", "%.2f" % rnd.uniform(0, 0.8),
               "--noise", "%.2f" % rnd.uniform(0.5, 2.0),
               "--motion-mm", "%.1f" % rnd.uniform(0, 3)]
        if rnd.random() < 0.3:
            cmd.append("--crossing")
        if rnd.random() < 0.3:
            cmd += ["--shutter", rnd.choice(["circle", "rectangle"])]
        if not os.path.exists(base + ".png"):  # made by an earlier, interrupted run
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            with open(base + ".json") as f:
                frame = json.load(f)["lesion"]["frame"]
            subprocess.run(["dcmj2pnm", "+F", str(frame + 1), "+Wm", "+on", base + ".dcm",
                            base + ".png"], check=True)
            os.remove(base + ".dcm")
        with open(base + ".json") as f:
            truth = json.load(f)
        mask = np.asarray(Image.open(os.path.join(args.out, truth["lesion"]["mask"])).convert("L"))
        listing.append({"png": base + ".png", "mask": os.path.join(args.out, truth["lesion"]["mask"]),
                        "center_px": truth["lesion"]["center_px"], "kind": kind,
                        "percent_ds": truth["params"]["percent_ds"], "mask_pixels": int((mask > 0).sum())})
    with open(os.path.join(args.out, "phantoms.json"), "w") as f:
        json.dump(listing, f, indent=1)


if __name__ == "__main__":
    main()
