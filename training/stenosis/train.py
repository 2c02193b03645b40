#!/usr/bin/python3
"""Trains the stenosis network on ARCADE (split.json: fit; the epoch kept is the best on tune).

  /usr/bin/python3 training/stenosis/train.py --out DIR [--epochs 60] [--seed 1]

Deterministic for a given seed and thread count (torch.use_deterministic_algorithms)."""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import common


def loss_fn(logits, target):
    """Binary cross-entropy (stenosis cells weighted up: they are ~1 % of a frame) plus the
    soft Dice of the outlines."""
    bce = F.binary_cross_entropy_with_logits(logits, target,
                                             pos_weight=torch.tensor(5.0))
    p = torch.sigmoid(logits)
    inter = (p * target).sum()
    dice = 1 - (2 * inter + 1) / (p.sum() + target.sum() + 1)
    return bce + dice


def prepare(part, ids):
    images = common.load_arcade(part)
    out = []
    for i in (sorted(images) if ids == "all" else ids):
        path, boxes, outlines = images[i]
        img = common.read_png(path)
        x, r = common.net_input(img)
        h, w = x.shape
        t = common.outline_target(outlines, r, h // common.STRIDE, w // common.STRIDE)
        out.append((i, img, x, t, boxes))
    return out


def prepare_phantoms(folder):
    """The phantom frames of phantoms.py with their lesion masks as targets."""
    with open(os.path.join(folder, "phantoms.json")) as f:
        listing = json.load(f)
    out = []
    for k, p in enumerate(listing):
        img = common.read_png(p["png"])
        x, r = common.net_input(img)
        h, w = x.shape
        cell = r * common.STRIDE
        mask = common.read_png(p["mask"]) > 0
        gh, gw = h // common.STRIDE, w // common.STRIDE
        t = mask[: gh * cell, : gw * cell].reshape(gh, cell, gw, cell).any(axis=(1, 3))
        out.append((-1 - k, img, x, t.astype(np.float32), []))
    return out


def augment(x, t, rng, crop):
    h, w = x.shape
    cy = rng.integers(0, (h - crop) // 8 + 1) * 8
    cx = rng.integers(0, (w - crop) // 8 + 1) * 8
    x = x[cy:cy + crop, cx:cx + crop]
    s = common.STRIDE
    t = t[cy // s:(cy + crop) // s, cx // s:(cx + crop) // s]
    k = int(rng.integers(0, 4))
    x, t = np.rot90(x, k), np.rot90(t, k)
    if rng.random() < 0.5:
        x, t = x[:, ::-1], t[:, ::-1]
    gamma = math.exp(rng.uniform(-0.4, 0.4))
    x = np.clip(x, 0, 1) ** gamma
    x = x * rng.uniform(0.8, 1.2) + rng.uniform(-0.1, 0.1)
    x = x + rng.normal(0, rng.uniform(0, 0.04), x.shape)
    return np.ascontiguousarray(x, dtype=np.float32), np.ascontiguousarray(t, dtype=np.float32)


def evaluate(net, data, thresholds, max_regions=3, radius=3, smooth=1, heats=None):
    """Proposals on every image for each threshold: (threshold, P, R, F1, per image)."""
    net.eval()
    if heats is None:
        heats = [common.predict(net, img) for (_, img, _, _, _) in data]
    rows = []
    for th in thresholds:
        n = tp = truth = found = 0
        for (heat, r), (_, _, _, _, boxes) in zip(heats, data):
            peaks = common.find_peaks(heat, r, th, radius=radius, max_regions=max_regions,
                                      smooth=smooth)
            a, b = common.count_hits(peaks, boxes)
            n += len(peaks); tp += a; truth += len(boxes); found += b
        p, rc, f1 = common.scores(n, tp, truth, found)
        rows.append((th, p, rc, f1, n / len(data)))
    net.train()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=160)
    ap.add_argument("--width", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", help="weights to start from (fine-tuning)")
    ap.add_argument("--phantoms", help="phantoms.py's folder: its frames join the fit images")
    ap.add_argument("--max-lr", type=float, default=3e-3)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)

    split = common.load_split()
    fit = prepare(split["fit"]["part"], split["fit"]["ids"])
    tune = prepare(split["tune"]["part"], split["tune"]["ids"])
    if args.phantoms:
        fit += prepare_phantoms(args.phantoms)
    print(f"fit {len(fit)} images, tune {len(tune)}", flush=True)

    net = common.StenosisNet(args.width)
    if args.init:
        net.load_state_dict(torch.load(args.init))
    print("parameters", sum(p.numel() for p in net.parameters()), flush=True)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = args.epochs * math.ceil(len(fit) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.max_lr, total_steps=steps,
                                                pct_start=0.15)
    thresholds = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    best = (-1, None)
    log = []
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        order = rng.permutation(len(fit))
        total = 0.0
        for b in range(0, len(order), args.batch):
            xs, ts = [], []
            for j in order[b:b + args.batch]:
                x, t = augment(fit[j][2], fit[j][3], rng, args.crop)
                xs.append(x); ts.append(t)
            x = torch.from_numpy(np.stack(xs))[:, None]
            t = torch.from_numpy(np.stack(ts))[:, None]
            loss = loss_fn(net(x), t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(xs)
        entry = {"epoch": epoch, "loss": total / len(fit), "seconds": time.time() - t0}
        if epoch % 5 == 0 or epoch == args.epochs:
            rows = evaluate(net, tune, thresholds)
            th, p, rc, f1, per = max(rows, key=lambda r: r[3])
            entry.update({"tune_threshold": th, "tune_p": p, "tune_r": rc, "tune_f1": f1,
                          "per_image": per})
            if f1 > best[0]:
                best = (f1, epoch)
                torch.save(net.state_dict(), os.path.join(args.out, "best.pt"))
        torch.save(net.state_dict(), os.path.join(args.out, "last.pt"))
        log.append(entry)
        print(json.dumps(entry), flush=True)
    with open(os.path.join(args.out, "train-log.json"), "w") as f:
        json.dump({"args": vars(args), "best_tune_f1": best[0], "best_epoch": best[1],
                   "torch": torch.__version__, "log": log}, f, indent=1)


if __name__ == "__main__":
    main()
