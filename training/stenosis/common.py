"""Shared by train.py, export.py and evaluate.py: ARCADE reading, the input the network sees,
the network, peak finding and hit counting. The C side (algorithms/angio-detect.c,
app/core/angio-detector.c) does the same steps; keep both in step."""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
# The network sees frames reduced to about this many pixels across (box mean by an integer
# factor): ARCADE's 512² frames and 512² cines by 2, 1024² runs by 4.
NET_SIZE = 256
# Its output is a heat map at half the input's resolution.
STRIDE = 2
# A hit: the proposal's centre within the expert outline's box widened by this many pixels
# (of the 512² frame), the criterion the issue states.
HIT_MARGIN = 10.0


def testdata_root():
    return os.environ.get("ANGIO_TESTDATA",
                          os.path.join(HERE, "..", "..", "..", "shared", "testdata"))


def load_split():
    with open(os.path.join(HERE, "split.json")) as f:
        return json.load(f)


def load_arcade(part):
    """Images of ARCADE's `part` ("train" or "val"): {image id: (path, [boxes], [outlines])},
    outlines as arrays of (x, y) in pixel-corner coordinates."""
    root = os.path.join(testdata_root(), "arcade", part)
    with open(os.path.join(root, "annotations.json")) as f:
        coco = json.load(f)
    images = {}
    for im in coco["images"]:
        images[im["id"]] = (os.path.join(root, "images", im["file_name"]), [], [])
    for a in coco["annotations"]:
        x, y, w, h = a["bbox"]
        images[a["image_id"]][1].append((x, y, w, h))
        for seg in a["segmentation"]:
            images[a["image_id"]][2].append(np.array(seg, dtype=np.float64).reshape(-1, 2))
    return images


def reduce_factor(width, height):
    return max(1, int(round(max(width, height) / NET_SIZE)))


def normalise(img):
    """Grey levels → 0…1 between the 1st and 99th percentiles (vessels dark)."""
    lo, hi = np.percentile(img, [1, 99])
    if hi - lo < 1e-6:
        return np.full(img.shape, 0.5, dtype=np.float32)
    return np.clip((img - lo) / (hi - lo), 0, 1).astype(np.float32)


def net_input(img):
    """A frame (2-D array, any scale) → the network's input and the reduce factor."""
    img = img.astype(np.float64)
    h, w = img.shape
    r = reduce_factor(w, h)
    hh, ww = h // r, w // r
    small = img[: hh * r, : ww * r].reshape(hh, r, ww, r).mean(axis=(1, 3))
    return normalise(small), r


def read_png(path):
    return np.asarray(Image.open(path).convert("L"), dtype=np.float64)


def conv(cin, cout, dilation=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class StenosisNet(nn.Module):
    """A small U-Net: three poolings (context of ~100 px of the reduced frame, a vessel's
    course across branch points), output at stride 2: the probability that the cell is inside
    an expert's stenosis outline."""

    def __init__(self, width=12):
        super().__init__()
        c1, c2, c3, c4 = width, 2 * width, 4 * width, 6 * width
        self.e1 = nn.Sequential(conv(1, c1), conv(c1, c1))
        self.e2 = nn.Sequential(conv(c1, c2), conv(c2, c2))
        self.e3 = nn.Sequential(conv(c2, c3), conv(c3, c3))
        self.e4 = nn.Sequential(conv(c3, c4), conv(c4, c4, 2), conv(c4, c4, 4))
        self.d3 = nn.Sequential(conv(c4 + c3, c3), conv(c3, c3))
        self.d2 = nn.Sequential(conv(c3 + c2, c2), conv(c2, c2))
        self.head = nn.Conv2d(c2, 1, 1)
        nn.init.constant_(self.head.bias, -2.0)  # most of a frame is no stenosis

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(F.max_pool2d(e1, 2))
        e3 = self.e3(F.max_pool2d(e2, 2))
        e4 = self.e4(F.max_pool2d(e3, 2))
        d3 = self.d3(torch.cat([F.interpolate(e4, scale_factor=2.0, mode="nearest"), e3], 1))
        d2 = self.d2(torch.cat([F.interpolate(d3, scale_factor=2.0, mode="nearest"), e2], 1))
        return self.head(d2)  # logits at stride 2


def outline_target(outlines, r, h, w):
    """The expert outlines filled on the output grid (h × w cells): 1 inside, 0 outside."""
    from PIL import ImageDraw
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    for poly in outlines:
        cells = [(x / (r * STRIDE), y / (r * STRIDE)) for x, y in poly]
        if len(cells) >= 3:
            draw.polygon(cells, fill=1, outline=1)
    return np.asarray(mask, dtype=np.float32)


def box_mean(heat, k):
    """Mean over the (2k + 1)² cells around each cell (fewer at the borders)."""
    if k <= 0:
        return heat
    h, w = heat.shape
    c = np.pad(heat, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    y0 = np.clip(np.arange(h) - k, 0, h)
    y1 = np.clip(np.arange(h) + k + 1, 0, h)
    x0 = np.clip(np.arange(w) - k, 0, w)
    x1 = np.clip(np.arange(w) + k + 1, 0, w)
    s = c[y1][:, x1] - c[y0][:, x1] - c[y1][:, x0] + c[y0][:, x0]
    return (s / ((y1 - y0)[:, None] * (x1 - x0)[None, :])).astype(np.float32)


def cell_to_image(gx, gy, r):
    return (r * (gx * STRIDE + 0.5) + (r - 1) / 2, r * (gy * STRIDE + 0.5) + (r - 1) / 2)


def find_peaks(heat, r, min_confidence, radius=3, max_regions=3, smooth=1):
    """Greedy non-maximum suppression on the heat map smoothed by a box mean of
    (2 smooth + 1)² cells: maxima of at least @min_confidence, more than @radius cells apart,
    strongest first; positions refined by the weighted centroid of the 3 × 3 cells around
    each."""
    heat = box_mean(heat, smooth)
    h, w = heat.shape
    order = np.argsort(-heat, axis=None)
    taken = []
    for idx in order:
        y, x = divmod(int(idx), w)
        v = float(heat[y, x])
        if v < min_confidence or len(taken) >= max_regions:
            break
        if any((x - tx) ** 2 + (y - ty) ** 2 <= radius * radius for tx, ty, _ in taken):
            continue
        taken.append((x, y, v))
    peaks = []
    for x, y, v in taken:
        y0, y1, x0, x1 = max(0, y - 1), min(h, y + 2), max(0, x - 1), min(w, x + 2)
        win = heat[y0:y1, x0:x1]
        yy, xx = np.mgrid[y0:y1, x0:x1]
        s = win.sum()
        gx, gy = float((win * xx).sum() / s), float((win * yy).sum() / s)
        ix, iy = cell_to_image(gx, gy, r)
        peaks.append((ix, iy, v))
    return peaks


def is_hit(point, box):
    x, y, w, h = box
    px, py = point[0] + 0.5, point[1] + 0.5  # pixel centres → pixel-corner coordinates
    return (x - HIT_MARGIN <= px <= x + w + HIT_MARGIN and
            y - HIT_MARGIN <= py <= y + h + HIT_MARGIN)


def count_hits(peaks, boxes):
    """(true proposals, stenoses found): a proposal is true when it is on some expert box; a
    stenosis is found when some proposal is on it."""
    tp = sum(1 for p in peaks if any(is_hit(p, b) for b in boxes))
    found = sum(1 for b in boxes if any(is_hit(p, b) for p in peaks))
    return tp, found


def scores(n_props, tp, n_truth, found):
    p = tp / n_props if n_props else 0.0
    rc = found / n_truth if n_truth else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return p, rc, f1


def predict(net, img, mirror=True):
    """The heat map of a frame (with the mirror-mean test-time augmentation) and its factor."""
    x, r = net_input(img)
    h, w = x.shape
    ph, pw = (-h) % 8, (-w) % 8
    x = np.pad(x, ((0, ph), (0, pw)), mode="edge")
    t = torch.from_numpy(x)[None, None]
    with torch.no_grad():
        heat = torch.sigmoid(net(t))
        if mirror:
            heat = (heat + torch.flip(torch.sigmoid(net(torch.flip(t, [3]))), [3])) / 2
    heat = heat[0, 0].numpy()
    return heat[: h // STRIDE, : w // STRIDE], r
