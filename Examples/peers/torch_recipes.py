#!/usr/bin/env python3
"""PyTorch eager timing of Adjoint's `train` recipes on the full Fashion-MNIST (2 threads, float32).

Same models, optimizer, batch size, epochs, learning-rate schedule and (for cnn) augmentation,
weight decay, label smoothing and test-time flips as `train --model fc|two-layer|cnn`: 55,000 training images (a twelfth held out), normalised with the
training mean/std. Prints the training seconds (the epochs' steps plus the per-epoch validation pass) and the
test accuracy of the last parameters.
Usage: python torch_recipes.py [EPOCH_CAP] fc two-layer cnn
"""
import gzip, sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(2); torch.manual_seed(0)
D = "/usr/share/datasets/fashion-mnist"
def idx(name, offset):
    with gzip.open(f"{D}/{name}") as f: return np.frombuffer(f.read(), np.uint8, offset=offset)
Xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
ytr = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
Xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
yte = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
n_val = len(Xtr) // 12
Xval, yval, Xtr, ytr = Xtr[-n_val:], ytr[-n_val:], Xtr[:-n_val], ytr[:-n_val]
mean, std = Xtr.mean(), Xtr.std()
norm = lambda x: torch.from_numpy((x - mean) / std)
Xtr, Xval, Xte = norm(Xtr), norm(Xval), norm(Xte)
ytr, yval, yte = map(torch.from_numpy, (ytr, yval, yte))
black = float(-mean / std)

def fc():
    layers, d = [nn.Flatten()], 784
    for _ in range(4):
        layers += [nn.Linear(d, 500), nn.BatchNorm1d(500, momentum=0.1), nn.ReLU(), nn.Dropout(0.15)]; d = 500
    return nn.Sequential(*layers, nn.Linear(d, 10))
def two_layer(): return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(7 * 7 * 64, 256), nn.ReLU(), nn.Linear(256, 10))
# (model, epochs, batch, lr, per-epoch decay or "cosine", augment, weight decay, label smoothing)
RECIPES = {"fc": (fc, 30, 100, 1e-3, 0.9, False, 0, 0), "two-layer": (two_layer, 20, 100, 1e-3, 0.9, False, 0, 0),
           "cnn": (cnn, 30, 64, 1e-3, "cosine", True, 0.05, 0.1)}

def augment(x, g):
    """Shift each image by up to 1 pixel (black border) and mirror half of them."""
    n = x.shape[0]
    padded = F.pad(x, (1, 1, 1, 1), value=black)
    dy, dx = torch.randint(0, 3, (n,), generator=g), torch.randint(0, 3, (n,), generator=g)
    out = torch.stack([padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28] for i in range(n)])
    flip = torch.rand(n, generator=g) < 0.5
    out[flip] = out[flip].flip(3)
    return out

def accuracy(m, X, y, mirrors=False):
    """With `mirrors`, each image is classified by its scores plus its mirror image's."""
    m.eval()
    scores = lambda x: m(x) + m(x.flip(3)) if mirrors else m(x)
    with torch.no_grad(): a = sum((scores(X[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(X), 1000)) / len(X)
    m.train(); return a

cap = int(sys.argv[1]) if sys.argv[1:] and sys.argv[1].isdigit() else None
for name in [a for a in sys.argv[1:] if not a.isdigit()] or RECIPES:
    make, epochs, batch, lr, decay, aug, wd, smoothing = RECIPES[name]
    steps = epochs * -(-len(Xtr) // batch)   # the cosine spans the recipe's epochs, capped or not
    epochs = min(epochs, cap or epochs)
    m = make()
    if name == "cnn": m = m.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(m.parameters(), lr=lr, weight_decay=wd) if wd else torch.optim.Adam(m.parameters(), lr=lr)
    cosine = decay == "cosine"
    sched = (torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps) if cosine
             else torch.optim.lr_scheduler.ExponentialLR(opt, decay))
    g = torch.Generator().manual_seed(0)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        order = torch.randperm(len(Xtr), generator=g)
        for i in range(0, len(Xtr), batch):
            idx_ = order[i:i + batch]
            x = Xtr[idx_]
            if aug: x = augment(x, g)
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(m(x), ytr[idx_], label_smoothing=smoothing).backward(); opt.step()
            if cosine: sched.step()
        if not cosine: sched.step()
        val = accuracy(m, Xval, yval, mirrors=aug)
        print(f"{name} epoch {epoch + 1}/{epochs}: validation {val:.4f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    seconds = time.perf_counter() - t0
    print(f"torch eager {name}: {seconds:.1f} s training, test accuracy {accuracy(m, Xte, yte, mirrors=aug):.4f}", flush=True)
